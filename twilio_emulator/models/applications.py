"""API 2010 Applications: TwiML apps. A number with `sms_application_sid` hands its inbound messages to the
application's `sms_url` instead of its own (https://www.twilio.com/docs/usage/api/applications)."""

from __future__ import annotations

from typing import Any

from ..exceptions import InvalidParameter
from ..store import Doc
from .base import SessionBase, new_sid

#: D16 for applications: URLs never set are null, methods POST.
_URLS = ("message_status_callback", "sms_fallback_url", "sms_status_callback", "sms_url", "status_callback",
         "voice_fallback_url", "voice_url")
_METHODS = ("sms_fallback_method", "sms_method", "status_callback_method", "voice_fallback_method", "voice_method")


class ApplicationsModel(SessionBase):
    def _application_path(self, account_sid: str, sid: str) -> str:
        return f"/2010-04-01/Accounts/{account_sid}/Applications/{sid}.json"

    def _get_application(self, account_sid: str, sid: str) -> Doc:
        return self.owned("application", account_sid, sid, self._application_path(account_sid, sid))

    def create_application(self, account_sid: str, fields: dict[str, Any]) -> Doc:
        sid = new_sid("AP")
        doc: Doc = {"sid": sid, "account_sid": account_sid, "api_version": "2010-04-01",
                    "friendly_name": sid, "date_created": self.now, "date_updated": self.now,
                    "voice_caller_id_lookup": False, "public_application_connect_enabled": True,
                    "uri": self._application_path(account_sid, sid),
                    **{url: None for url in _URLS}, **{method: "POST" for method in _METHODS}}
        self._apply_application_fields(doc, fields)
        self.tx.insert("application", sid, account_sid, doc)
        return doc

    def _apply_application_fields(self, doc: Doc, fields: dict[str, Any]) -> None:
        fields.pop("api_version", None)  # accepted and ignored: only 2010-04-01 exists
        if len(fields.get("friendly_name") or "") > 64:
            raise InvalidParameter("FriendlyName", "must be at most 64 characters")
        for key, value in fields.items():
            doc[key] = None if key in _URLS and value == "" else value

    def fetch_application(self, account_sid: str, sid: str) -> Doc:
        return self._get_application(account_sid, sid)

    def list_applications(self, account_sid: str, *, friendly_name: str | None = None) -> list[Doc]:
        docs = self.tx.list("application", account_sid=account_sid)
        return [d for d in docs if friendly_name is None or d["friendly_name"] == friendly_name]

    def update_application(self, account_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._get_application(account_sid, sid)
        self._apply_application_fields(doc, fields)
        doc["date_updated"] = self.now
        self.tx.update("application", sid, doc)
        return doc

    def delete_application(self, account_sid: str, sid: str) -> None:
        self._get_application(account_sid, sid)
        for number in self.tx.list("incoming_phone_number", account_sid=account_sid):
            if number["sms_application_sid"] == sid:  # D40: a deleted application no longer handles the number
                number["sms_application_sid"] = None
                self.tx.update("incoming_phone_number", number["sid"], number)
        self.tx.delete("application", sid)
