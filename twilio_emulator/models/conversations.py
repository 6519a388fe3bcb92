"""Conversations v1 account configuration (`/v1/Configuration`) and address configurations
(`/v1/Configuration/Addresses`): which addresses auto-create a conversation for an inbound message, and what handles
it, a Studio flow or a webhook (https://www.twilio.com/docs/conversations/api/address-configuration-resource).

Flex Conversations receives an SMS number's messages through its address configuration; the account configuration
names the default conversation service, the one Flex reads.
"""

from __future__ import annotations

from typing import Any

from twilio_contract import E164, is_sid

from ..exceptions import AddressConfigurationExists, InvalidParameter, NotFound
from ..store import Doc
from .base import SessionBase, new_sid

CONFIGURATION_FIELDS = ("default_chat_service_sid", "default_messaging_service_sid", "default_inactive_timer",
                        "default_closed_timer")
#: auto_creation keys shown for each auto-creation type (the others are kept, not shown).
AUTO_CREATION_KEYS = {
    "studio": ("studio_flow_sid", "studio_retry_count"),
    "webhook": ("webhook_url", "webhook_method", "webhook_filters"),
    "default": (),
}
_PARAMETER = {"studio_flow_sid": "AutoCreation.StudioFlowSid", "webhook_url": "AutoCreation.WebhookUrl"}


class ConversationsModel(SessionBase):
    # ------------------------------------------------------------------------------------ account configuration
    def fetch_conversations_configuration(self, account_sid: str) -> Doc:
        doc = self.tx.get("conversations_configuration", account_sid)
        # D39: an account that never configured Conversations has no defaults yet.
        return doc or {"account_sid": account_sid, **{key: None for key in CONFIGURATION_FIELDS}}

    def update_conversations_configuration(self, account_sid: str, fields: dict[str, Any]) -> Doc:
        stored = self.tx.get("conversations_configuration", account_sid)
        doc = {**self.fetch_conversations_configuration(account_sid), **fields}
        if stored is None:
            self.tx.insert("conversations_configuration", account_sid, account_sid, doc)
        else:
            self.tx.update("conversations_configuration", account_sid, doc)
        return doc

    # ------------------------------------------------------------------------------------ address configurations
    def _find_address(self, account_sid: str, key: str) -> Doc:
        """By SID (IG…) or by the address itself, as Twilio's fetch accepts either."""
        docs = self.tx.list("address_configuration", account_sid=account_sid)
        found = [d for d in docs if (d["sid"] == key if is_sid(key, "IG") else d["address"] == key)]
        if not found:
            raise NotFound(f"/Configuration/Addresses/{key}")
        return found[0]

    def create_address_configuration(self, account_sid: str, fields: dict[str, Any], *, sid: str | None = None) -> Doc:
        """A new address configuration; `sid` fixes its SID (fixtures, D35)."""
        address, kind = fields["address"], fields["type"]
        if kind == "sms":
            owned = {d["phone_number"] for d in self.tx.list("incoming_phone_number", account_sid=account_sid)}
            if not E164.match(address) or address not in owned:  # D39: "an address that belongs to your Account"
                raise InvalidParameter("Address", f"{address!r} is not a phone number of this account")
        if any(d["address"] == address for d in self.tx.list("address_configuration", account_sid=account_sid)):
            raise AddressConfigurationExists(address)
        sid = sid or new_sid("IG")
        doc: Doc = {"sid": sid, "account_sid": account_sid, "type": kind, "address": address,
                    "friendly_name": fields.get("friendly_name"), "address_country": fields.get("address_country"),
                    "auto_creation": {"enabled": False, "type": "default", "conversation_service_sid": None,
                                      "studio_flow_sid": None, "studio_retry_count": 3, "webhook_url": None,
                                      "webhook_method": "POST", "webhook_filters": []},
                    "date_created": self.now, "date_updated": self.now}
        self._apply_auto_creation(doc, fields)
        self.tx.insert("address_configuration", sid, account_sid, doc)
        return doc

    def _apply_auto_creation(self, doc: Doc, fields: dict[str, Any]) -> None:
        auto = doc["auto_creation"]
        for key, value in fields.items():
            if key.startswith("auto_creation_"):
                name = key.removeprefix("auto_creation_")
                auto[name] = value.upper() if name == "webhook_method" else value
            elif key == "friendly_name":
                if len(value) > 256:
                    raise InvalidParameter("FriendlyName", "must be at most 256 characters")
                doc[key] = value
        for needed in AUTO_CREATION_KEYS[auto["type"]][:1]:  # D39: the type's target is required
            if not auto[needed]:
                raise InvalidParameter(_PARAMETER[needed], f"is required when AutoCreation.Type is {auto['type']}")

    def fetch_address_configuration(self, account_sid: str, key: str) -> Doc:
        return self._find_address(account_sid, key)

    def list_address_configurations(self, account_sid: str, *, kind: str | None = None) -> list[Doc]:
        docs = self.tx.list("address_configuration", account_sid=account_sid)
        return [d for d in docs if kind is None or d["type"] == kind]

    def update_address_configuration(self, account_sid: str, key: str, fields: dict[str, Any]) -> Doc:
        doc = self._find_address(account_sid, key)
        self._apply_auto_creation(doc, fields)
        doc["date_updated"] = self.now
        self.tx.update("address_configuration", doc["sid"], doc)
        return doc

    def delete_address_configuration(self, account_sid: str, key: str) -> None:
        self.tx.delete("address_configuration", self._find_address(account_sid, key)["sid"])

    # ------------------------------------------------------------------------------------------------ fixtures
    def seed_conversations(self, account_sid: str, fixtures: dict[str, Any]) -> None:
        """D35: the account's Conversations defaults and the addresses set up in the Flex Console."""
        if "conversations_configuration" in fixtures and \
                self.tx.get("conversations_configuration", account_sid) is None:
            self.update_conversations_configuration(account_sid, dict(fixtures["conversations_configuration"]))
        for entry in fixtures.get("address_configurations", []):
            if self.tx.get("address_configuration", entry["sid"]) is None:
                fields = {"type": entry.get("type", "sms"), "address": entry["address"],
                          **{f"auto_creation_{k}": v for k, v in entry.get("auto_creation", {}).items()}}
                if entry.get("friendly_name") is not None:
                    fields["friendly_name"] = entry["friendly_name"]
                self.create_address_configuration(account_sid, fields, sid=entry["sid"])
