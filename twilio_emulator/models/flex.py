"""Flex v1: the account's Flex configuration (`/v1/Configuration`) and Flex Flows (`/v1/FlexFlows`), the legacy
(Flex UI 1.x) link between a contact identity, such as an SMS number, and what handles its messages
(https://www.twilio.com/docs/flex/developer/messaging/flow).

An account has a Flex configuration only once Flex is set up on it; the emulator's accounts get one from fixtures
(D35), and until then the configuration is not found (D41).
"""

from __future__ import annotations

from typing import Any

from ..exceptions import FlexFlowConflict, InvalidParameter, NotFound
from ..store import Doc
from .base import SessionBase, new_sid

#: integration keys shown for each integration type, the first one required (Twilio's "required when" notes).
INTEGRATION_KEYS = {
    "studio": ("flow_sid", "retry_count"),
    "external": ("url", "retry_count"),
    "task": ("workspace_sid", "workflow_sid", "channel", "timeout", "priority", "creation_on_message",
             "retry_count"),
}
_PARAMETER = {"flow_sid": "Integration.FlowSid", "url": "Integration.Url", "workspace_sid": "Integration.WorkspaceSid"}


class FlexModel(SessionBase):
    # ------------------------------------------------------------------------------------------- configuration
    def fetch_flex_configuration(self, account_sid: str) -> Doc:
        doc = self.tx.get("flex_configuration", account_sid)
        if doc is None:
            raise NotFound("/Configuration")  # D41: no Flex on this account
        return doc

    # ---------------------------------------------------------------------------------------------- Flex Flows
    def _get_flex_flow(self, account_sid: str, sid: str) -> Doc:
        return self.owned("flex_flow", account_sid, sid, f"/FlexFlows/{sid}")

    def create_flex_flow(self, account_sid: str, fields: dict[str, Any], *, sid: str | None = None) -> Doc:
        """A new Flex Flow; `sid` fixes its SID (fixtures, D35)."""
        sid = sid or new_sid("FO")
        doc: Doc = {"sid": sid, "account_sid": account_sid, "friendly_name": None, "chat_service_sid": None,
                    "channel_type": None, "contact_identity": None, "enabled": False, "integration_type": None,
                    "integration": {"retry_count": 3}, "long_lived": False, "janitor_enabled": False,
                    "date_created": self.now, "date_updated": self.now}
        self._apply_flex_flow_fields(account_sid, doc, fields)
        self.tx.insert("flex_flow", sid, account_sid, doc)
        return doc

    def _apply_flex_flow_fields(self, account_sid: str, doc: Doc, fields: dict[str, Any]) -> None:
        for key, value in fields.items():
            if key.startswith("integration_") and key != "integration_type":
                doc["integration"][key.removeprefix("integration_")] = value
            else:
                doc[key] = value
        kind = doc["integration_type"]
        if kind is not None:
            needed = INTEGRATION_KEYS[kind][0]
            if not doc["integration"].get(needed):
                raise InvalidParameter(_PARAMETER[needed], f"is required when IntegrationType is {kind}")
        if doc["enabled"] and doc["contact_identity"]:
            # D41: "inbound flows must adhere to strict non-conflict checks across contact identity"
            for other in self.tx.list("flex_flow", account_sid=account_sid):
                if other["sid"] != doc["sid"] and other["enabled"] and \
                        (other["channel_type"], other["contact_identity"]) == (doc["channel_type"],
                                                                             doc["contact_identity"]):
                    raise FlexFlowConflict(doc["contact_identity"], other["sid"])

    def fetch_flex_flow(self, account_sid: str, sid: str) -> Doc:
        return self._get_flex_flow(account_sid, sid)

    def list_flex_flows(self, account_sid: str, *, friendly_name: str | None = None) -> list[Doc]:
        docs = self.tx.list("flex_flow", account_sid=account_sid)
        return [d for d in docs if friendly_name is None or d["friendly_name"] == friendly_name]

    def update_flex_flow(self, account_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._get_flex_flow(account_sid, sid)
        self._apply_flex_flow_fields(account_sid, doc, fields)
        doc["date_updated"] = self.now
        self.tx.update("flex_flow", sid, doc)
        return doc

    def delete_flex_flow(self, account_sid: str, sid: str) -> None:
        self._get_flex_flow(account_sid, sid)
        self.tx.delete("flex_flow", sid)

    # ------------------------------------------------------------------------------------------------ fixtures
    def seed_flex(self, account_sid: str, fixtures: dict[str, Any]) -> None:
        """D35: Flex set up on the account (its configuration) and its Flex Flows."""
        if "flex_configuration" in fixtures and self.tx.get("flex_configuration", account_sid) is None:
            doc = {"account_sid": account_sid, "status": "ok", "date_created": self.now, "date_updated": self.now,
                   **fixtures["flex_configuration"]}
            self.tx.insert("flex_configuration", account_sid, account_sid, doc)
        for entry in fixtures.get("flex_flows", []):
            if self.tx.get("flex_flow", entry["sid"]) is None:
                fields = {k: v for k, v in entry.items() if k not in ("sid", "integration")}
                fields.update({f"integration_{k}": v for k, v in entry.get("integration", {}).items()})
                self.create_flex_flow(account_sid, fields, sid=entry["sid"])
