"""Messaging v1 Services and their sender pool (`/v1/Services/{MG}/PhoneNumbers`).

A service's senders are the account's IncomingPhoneNumbers (`phone_numbers`); a number belongs to one service at
most. A service also holds at most one US A2P campaign (`a2p`), which decides `us_app_to_person_registered`.
"""

from __future__ import annotations

from typing import Any

from twilio_contract import CAMPAIGN_SID

from ..exceptions import (InvalidParameter, InvalidServiceUsecase, InvalidValidityPeriod, NotFound,
                          PhoneNumberNotOnAccount, SenderAlreadyInService, SenderInAnotherService, SenderPoolFull)
from ..store import Doc
from .base import SessionBase, new_sid, public

#: Messaging Service use cases (not the A2P campaign use cases): code -> (description, purpose), as
#: `GET /v1/Services/Usecases` lists them.
SERVICE_USECASES = {
    "notifications": ("Transactional notifications and Alerts for any Delivery, Account, Reminder, Order, Fraud, "
                      "Security, Public Service, or Emergency announcements.", "Notify my users."),
    "marketing": ("Marketing messages may contain product information, offers, and calls to action to engage with "
                  "your organization.", "Market my services."),
    "verification": ("Verification, one-time passcodes and two-factor authentication.", "Verify users."),
    "discussion": ("Two-way conversations such as customer support.", "Converse with my users."),
    "poll": ("Surveys, polls and votes.", "Poll my users."),
    "undeclared": ("No use case declared.", "Undeclared."),
}
URL_FIELDS = ("inbound_request_url", "fallback_url", "status_callback")


class MessagingModel(SessionBase):
    # ------------------------------------------------------------------------------------------- services
    def _get_service(self, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get("service", sid)
        if doc is None or doc["account_sid"] != account_sid:
            raise NotFound(f"/Services/{sid}")
        return doc

    def _service_view(self, doc: Doc) -> Doc:
        campaign = self.tx.get("campaign", CAMPAIGN_SID, parent_sid=doc["sid"])
        # D23: "registered" means the campaign is VERIFIED, not merely submitted.
        registered = bool(campaign and campaign["campaign_status"] == "VERIFIED")
        return {**public(doc), "us_app_to_person_registered": registered}

    def _check_service_fields(self, fields: dict[str, Any]) -> None:
        name = fields.get("friendly_name")
        if name is not None and len(name) > 64:
            raise InvalidParameter("FriendlyName", "must be at most 64 characters")
        usecase = fields.get("usecase")
        if usecase is not None and usecase not in SERVICE_USECASES:
            raise InvalidServiceUsecase(usecase, ", ".join(SERVICE_USECASES))
        period = fields.get("validity_period")
        if period is not None and not 1 <= period <= 36000:
            raise InvalidValidityPeriod()

    def create_service(self, account_sid: str, fields: dict[str, Any]) -> Doc:
        self._check_service_fields(fields)
        sid = new_sid("MG")
        doc: Doc = {  # D1/D2: defaults follow Twilio's published create example; validity_period its description.
            "sid": sid, "account_sid": account_sid, "friendly_name": None,
            "date_created": self.now, "date_updated": self.now,
            "inbound_request_url": None, "inbound_method": "POST", "fallback_url": None, "fallback_method": "POST",
            "status_callback": None, "sticky_sender": True, "mms_converter": True, "smart_encoding": False,
            "scan_message_content": "inherit", "fallback_to_long_code": True, "area_code_geomatch": True,
            "synchronous_validation": True, "validity_period": 36000, "usecase": "undeclared",
            "use_inbound_webhook_on_number": True,
        }
        doc.update(_nullify_blank_urls(fields))
        self.tx.insert("service", sid, account_sid, doc)
        return self._service_view(doc)

    def fetch_service(self, account_sid: str, sid: str) -> Doc:
        return self._service_view(self._get_service(account_sid, sid))

    def list_services(self, account_sid: str) -> list[Doc]:
        return [self._service_view(d) for d in self.tx.list("service", account_sid=account_sid)]

    def update_service(self, account_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._get_service(account_sid, sid)
        self._check_service_fields(fields)
        doc.update(_nullify_blank_urls(fields))
        doc["date_updated"] = self.now
        self.tx.update("service", sid, doc)
        return self._service_view(doc)

    def delete_service(self, account_sid: str, sid: str) -> None:
        self._get_service(account_sid, sid)
        # D8: the service's senders are released (numbers stay on the account) and its campaign goes with it.
        self.tx.delete_children("service_phone_number", sid)
        self.tx.delete_children("campaign", sid)
        self.tx.delete("service", sid)

    def _get_service_child(self, kind: str, account_sid: str, service_sid: str, sid: str, path: str) -> Doc:
        """A resource under one of the account's services (its sender pool or campaign), NotFound otherwise."""
        self._get_service(account_sid, service_sid)
        doc = self.tx.get(kind, sid, parent_sid=service_sid)
        if doc is None:
            raise NotFound(f"/Services/{service_sid}/{path}/{sid}")
        return doc

    # ------------------------------------------------------------------------------------- sender pool
    def add_service_phone_number(self, account_sid: str, service_sid: str, phone_number_sid: str) -> Doc:
        self._get_service(account_sid, service_sid)
        number = self.tx.get("incoming_phone_number", phone_number_sid)
        if number is None or number["account_sid"] != account_sid:
            raise PhoneNumberNotOnAccount(phone_number_sid)
        for parent, _ in self.tx.find("service_phone_number", phone_number_sid):
            if parent == service_sid:
                raise SenderAlreadyInService()
            raise SenderInAnotherService()
        if len(self.tx.list("service_phone_number", parent_sid=service_sid)) >= self.settings.number_pool_limit:
            raise SenderPoolFull(self.settings.number_pool_limit)
        caps = number["capabilities"]
        doc = {"sid": phone_number_sid, "account_sid": account_sid, "service_sid": service_sid,
               "date_created": self.now, "date_updated": self.now, "phone_number": number["phone_number"],
               "country_code": "US",
               "capabilities": [name for key, name in (("mms", "MMS"), ("sms", "SMS"), ("voice", "Voice"))
                                if caps[key]]}
        self.tx.insert("service_phone_number", phone_number_sid, account_sid, doc, parent_sid=service_sid)
        return doc

    def _get_service_phone_number(self, account_sid: str, service_sid: str, sid: str) -> Doc:
        return self._get_service_child("service_phone_number", account_sid, service_sid, sid, "PhoneNumbers")

    def fetch_service_phone_number(self, account_sid: str, service_sid: str, sid: str) -> Doc:
        return self._get_service_phone_number(account_sid, service_sid, sid)

    def list_service_phone_numbers(self, account_sid: str, service_sid: str) -> list[Doc]:
        self._get_service(account_sid, service_sid)
        return self.tx.list("service_phone_number", parent_sid=service_sid)

    def remove_service_phone_number(self, account_sid: str, service_sid: str, sid: str) -> None:
        self._get_service_phone_number(account_sid, service_sid, sid)
        self.tx.delete("service_phone_number", sid, parent_sid=service_sid)


def _nullify_blank_urls(fields: dict[str, Any]) -> dict[str, Any]:
    """On v1 an empty string clears a URL (the client cannot send null); it reads back as null."""
    return {k: (None if k in URL_FIELDS and v == "" else v) for k, v in fields.items()}
