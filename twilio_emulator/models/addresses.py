"""API 2010 Addresses (`/2010-04-01/Accounts/{AC}/Addresses`): the physical address a Trust Hub customer profile
points at through its `customer_profile_address` supporting document
(https://www.twilio.com/docs/usage/api/address)."""

from __future__ import annotations

import re
from typing import Any

from ..exceptions import InvalidParameter, NotFound
from ..store import Doc
from .base import SessionBase, new_sid, public

ISO_COUNTRY = re.compile(r"^[A-Z]{2}$")


class AddressesModel(SessionBase):
    def _get_address(self, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get("address", sid)
        if doc is None or doc["account_sid"] != account_sid:
            raise NotFound(f"/2010-04-01/Accounts/{account_sid}/Addresses/{sid}.json")
        return doc

    def create_address(self, account_sid: str, fields: dict[str, Any]) -> Doc:
        if not ISO_COUNTRY.match(fields["iso_country"]):
            raise InvalidParameter("IsoCountry", "must be an ISO 3166-1 alpha-2 country code such as US")
        _check_lengths(fields)
        sid = new_sid("AD")
        doc: Doc = {"sid": sid, "account_sid": account_sid, "customer_name": fields["customer_name"],
                    "friendly_name": fields.get("friendly_name"), "street": fields["street"],
                    "street_secondary": fields.get("street_secondary") or None, "city": fields["city"],
                    "region": fields["region"], "postal_code": fields["postal_code"],
                    "iso_country": fields["iso_country"], "emergency_enabled": bool(fields.get("emergency_enabled")),
                    "validated": False, "verified": False,  # D47: nothing is checked against a postal database
                    "date_created": self.now, "date_updated": self.now}
        self.tx.insert("address", sid, account_sid, doc)
        return public(doc)

    def fetch_address(self, account_sid: str, sid: str) -> Doc:
        return public(self._get_address(account_sid, sid))

    def list_addresses(self, account_sid: str, **filters: Any) -> list[Doc]:
        docs = self.tx.list("address", account_sid=account_sid)
        for key, value in filters.items():
            if value is not None:
                docs = [d for d in docs if d[key] == value]
        return [public(d) for d in docs]

    def update_address(self, account_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._get_address(account_sid, sid)
        fields.pop("auto_correct_address", None)
        _check_lengths(fields)
        if "street_secondary" in fields:
            fields["street_secondary"] = fields["street_secondary"] or None
        doc.update(fields)
        doc["date_updated"] = self.now
        self.tx.update("address", sid, doc)
        return public(doc)

    def delete_address(self, account_sid: str, sid: str) -> None:
        self._get_address(account_sid, sid)
        self.tx.delete("address", sid)


def _check_lengths(fields: dict[str, Any]) -> None:
    """Twilio documents `FriendlyName` up to 64 characters; empty required parts are refused (D47)."""
    if len(fields.get("friendly_name") or "") > 64:
        raise InvalidParameter("FriendlyName", "must be at most 64 characters")
    for key, name in (("customer_name", "CustomerName"), ("street", "Street"), ("city", "City"),
                      ("region", "Region"), ("postal_code", "PostalCode")):
        if key in fields and not fields[key].strip():
            raise InvalidParameter(name, "must not be empty")
