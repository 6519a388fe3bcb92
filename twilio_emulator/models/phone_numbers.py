"""API 2010 IncomingPhoneNumbers: the numbers an account owns ("buys"), their webhooks, and moving them between a
main account and its subaccounts (https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource).
"""

from __future__ import annotations

import re
from typing import Any

from ..exceptions import (InvalidParameter, NoNumbersInAreaCode, NotFound, NumberInServiceCannotMove,
                          PhoneNumberNotAvailable, PhoneNumberOrAreaCodeRequired, UnsupportedPhoneNumber)
from ..store import Doc
from .base import SessionBase, new_sid

#: D29: the numbers the emulator sells (US/Canada, +1 NXX NXX XXXX).
NANP_E164 = re.compile(r"^\+1[2-9]\d{2}[2-9]\d{6}$")


class PhoneNumbersModel(SessionBase):
    def _number_path(self, account_sid: str, sid: str) -> str:
        return f"/2010-04-01/Accounts/{account_sid}/IncomingPhoneNumbers/{sid}.json"

    def _get_number(self, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get("incoming_phone_number", sid)
        if doc is None or doc["account_sid"] != account_sid:
            raise NotFound(self._number_path(account_sid, sid))
        return doc

    def create_incoming_phone_number(self, account_sid: str, fields: dict[str, Any]) -> Doc:
        phone_number = fields.pop("phone_number", None)
        area_code = fields.pop("area_code", None)
        taken = {d["phone_number"] for d in self.tx.list("incoming_phone_number")}
        if phone_number is not None:
            if not NANP_E164.match(phone_number):
                raise UnsupportedPhoneNumber(phone_number)
            if phone_number in taken:
                raise PhoneNumberNotAvailable(phone_number)
        elif area_code is not None:
            if not re.fullmatch(r"[2-9]\d{2}", area_code):
                raise InvalidParameter("AreaCode", "must be a 3-digit US/Canada area code")
            free = (f"+1{area_code}555{n:04d}" for n in range(10000))
            phone_number = next((p for p in free if p not in taken), None)
            if phone_number is None:
                raise NoNumbersInAreaCode(area_code)
        else:
            raise PhoneNumberOrAreaCodeRequired()
        self._check_number_fields(fields)
        sid = new_sid("PN")
        doc: Doc = {  # D16: unset webhooks as in Twilio's published fetch example ("" for sms, null for voice).
            "account_sid": account_sid, "address_sid": None, "address_requirements": "none",
            "api_version": "2010-04-01", "beta": False,
            "capabilities": {"voice": True, "sms": True, "mms": True, "fax": False},
            "date_created": self.now, "date_updated": self.now,
            "friendly_name": f"({phone_number[2:5]}) {phone_number[5:8]}-{phone_number[8:]}",
            "identity_sid": None, "phone_number": phone_number, "origin": "twilio", "sid": sid,
            "sms_application_sid": None, "sms_fallback_method": "POST", "sms_fallback_url": "",
            "sms_method": "POST", "sms_url": "", "status_callback": "", "status_callback_method": "POST",
            "trunk_sid": None, "uri": self._number_path(account_sid, sid), "voice_receive_mode": "voice",
            "voice_application_sid": None, "voice_caller_id_lookup": False, "voice_fallback_method": "POST",
            "voice_fallback_url": None, "voice_method": "POST", "voice_url": None, "emergency_status": "Inactive",
            "emergency_address_sid": None, "emergency_address_status": "unregistered", "bundle_sid": None,
            "status": "in-use", "type": "local",
        }
        self._apply_number_fields(doc, fields)
        self.tx.insert("incoming_phone_number", sid, account_sid, doc)
        return doc

    def seed_phone_numbers(self, account_sid: str, phone_numbers: list[str | dict[str, Any]]) -> None:
        """D35: numbers the account bought before any stack ran, each an E.164 string or an object with
        `phone_number` and fields set in the Console (`sms_url`, …); numbers it already owns are left alone."""
        owned = {d["phone_number"] for d in self.tx.list("incoming_phone_number", account_sid=account_sid)}
        for entry in phone_numbers:
            fields = {"phone_number": entry} if isinstance(entry, str) else dict(entry)
            if fields["phone_number"] not in owned:
                self.create_incoming_phone_number(account_sid, fields)

    def _check_number_fields(self, fields: dict[str, Any]) -> None:
        fields.pop("api_version", None)  # accepted and ignored: only 2010-04-01 exists
        if "friendly_name" in fields and len(fields["friendly_name"]) > 64:
            raise InvalidParameter("FriendlyName", "must be at most 64 characters")

    def _apply_number_fields(self, doc: Doc, fields: dict[str, Any]) -> None:
        for key, value in fields.items():
            if key.endswith("_sid") and value == "":
                value = None
            doc[key] = value
        if fields.get("trunk_sid"):
            doc["voice_application_sid"] = None  # setting one clears the other (spec description)
        elif fields.get("voice_application_sid"):
            doc["trunk_sid"] = None

    def fetch_incoming_phone_number(self, account_sid: str, sid: str) -> Doc:
        return self._get_number(account_sid, sid)

    def list_incoming_phone_numbers(self, account_sid: str, *, phone_number: str | None = None,
                                    friendly_name: str | None = None, origin: str | None = None) -> list[Doc]:
        docs = self.tx.list("incoming_phone_number", account_sid=account_sid)
        if phone_number is not None:
            # Twilio's list filter: "You can specify partial numbers and use '*' as a wildcard for any digit."
            # Digits are compared, so the '+' is optional.
            pattern = re.escape(phone_number.lstrip("+")).replace(r"\*", r"\d")
            docs = [d for d in docs if re.search(pattern, d["phone_number"].lstrip("+"))]
        if friendly_name is not None:
            docs = [d for d in docs if d["friendly_name"] == friendly_name]
        if origin is not None:
            docs = [d for d in docs if d["origin"] == origin]
        return docs

    def update_incoming_phone_number(self, account_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._get_number(account_sid, sid)
        new_owner = fields.pop("account_sid", None)
        self._check_number_fields(fields)
        if new_owner is not None and new_owner != account_sid:
            owner = self.tx.get("account", account_sid)
            target = self.tx.get("account", new_owner)
            related = target is not None and owner is not None and (
                target["owner_account_sid"] == account_sid or owner["owner_account_sid"] == new_owner
                or target["owner_account_sid"] == owner["owner_account_sid"])
            if not related:
                raise InvalidParameter("AccountSid", "can only move a number between a main account and its "
                                       "subaccounts")
            if self.tx.find("service_phone_number", sid):
                raise NumberInServiceCannotMove()
            self.tx.delete("incoming_phone_number", sid)
            doc["account_sid"] = new_owner
            doc["uri"] = self._number_path(new_owner, sid)
            self._apply_number_fields(doc, fields)
            doc["date_updated"] = self.now
            self.tx.insert("incoming_phone_number", sid, new_owner, doc)
            return doc
        self._apply_number_fields(doc, fields)
        doc["date_updated"] = self.now
        self.tx.update("incoming_phone_number", sid, doc)
        return doc

    def delete_incoming_phone_number(self, account_sid: str, sid: str) -> None:
        self._get_number(account_sid, sid)
        for parent, _ in self.tx.find("service_phone_number", sid):  # D8: releasing a number leaves its service
            self.tx.delete("service_phone_number", sid, parent_sid=parent)
        self.tx.delete("incoming_phone_number", sid)
