"""Studio v2 Flows (`/v2/Flows`): a flow's definition (states and the transitions between them) and whether it is
published (https://www.twilio.com/docs/studio/rest-api/v2/flow).

Flex sends a message to an agent through a flow that reaches a "Send to Flex" state (`send-to-flex`) from its
trigger; a draft flow handles nothing.
"""

from __future__ import annotations

import json
from typing import Any

from ..exceptions import InvalidParameter
from ..store import Doc
from .base import SessionBase, new_sid

FLOW_STATUSES = ("draft", "published")


def parse_definition(value: Any) -> dict[str, Any]:
    """D42: a definition is a JSON object whose `states` have unique names and types, whose `initial_state` is one
    of them and whose transitions lead to them; anything else is refused as Studio refuses an invalid flow."""
    try:
        definition = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        raise InvalidParameter("Definition", "must be a JSON object") from None
    if not isinstance(definition, dict):
        raise InvalidParameter("Definition", "must be a JSON object")
    states = definition.get("states")
    if not isinstance(states, list) or not states or not all(
            isinstance(s, dict) and isinstance(s.get("name"), str) and isinstance(s.get("type"), str) for s in states):
        raise InvalidParameter("Definition", "needs `states`, a list of objects with a `name` and a `type`")
    names = [s["name"] for s in states]
    if len(set(names)) != len(names):
        raise InvalidParameter("Definition", "state names must be unique")
    if definition.get("initial_state") not in names:
        raise InvalidParameter("Definition", "`initial_state` must name one of the states")
    for state in states:
        transitions = state.get("transitions", [])
        if not isinstance(transitions, list) or not all(isinstance(t, dict) for t in transitions):
            raise InvalidParameter("Definition", f"state {state['name']!r}: `transitions` must be a list of objects")
        for t in transitions:
            if t.get("next") not in (None, "", *names):
                raise InvalidParameter("Definition", f"state {state['name']!r} leads to unknown state {t['next']!r}")
    return definition


class StudioModel(SessionBase):
    def _get_flow(self, account_sid: str, sid: str) -> Doc:
        return self.owned("studio_flow", account_sid, sid, f"/Flows/{sid}")

    def create_flow(self, account_sid: str, fields: dict[str, Any], *, sid: str | None = None) -> Doc:
        """A new flow at revision 1; `sid` fixes its SID (fixtures, D35)."""
        sid = sid or new_sid("FW")
        doc: Doc = {"sid": sid, "account_sid": account_sid, "author_sid": fields.get("author_sid"),
                    "friendly_name": fields["friendly_name"], "definition": parse_definition(fields["definition"]),
                    "status": fields["status"], "revision": 1, "commit_message": fields.get("commit_message"),
                    "valid": True, "errors": [], "warnings": [], "date_created": self.now, "date_updated": None,
                    "webhook_url": f"https://webhooks.twilio.com/v1/Accounts/{account_sid}/Flows/{sid}"}
        self.tx.insert("studio_flow", sid, account_sid, doc)
        return doc

    def fetch_flow(self, account_sid: str, sid: str) -> Doc:
        return self._get_flow(account_sid, sid)

    def list_flows(self, account_sid: str) -> list[Doc]:
        return self.tx.list("studio_flow", account_sid=account_sid)

    def update_flow(self, account_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        """A new revision: `Status=draft` takes the flow out of service until it is published again."""
        doc = self._get_flow(account_sid, sid)
        if "definition" in fields:
            fields["definition"] = parse_definition(fields["definition"])
        doc.update(fields)
        doc["revision"] += 1
        doc["date_updated"] = self.now
        self.tx.update("studio_flow", sid, doc)
        return doc

    def delete_flow(self, account_sid: str, sid: str) -> None:
        self._get_flow(account_sid, sid)
        self.tx.delete("studio_flow", sid)

    def seed_studio(self, account_sid: str, fixtures: dict[str, Any]) -> None:
        """D35: flows built in the Studio editor before any stack ran."""
        for entry in fixtures.get("studio_flows", []):
            if self.tx.get("studio_flow", entry["sid"]) is None:
                self.create_flow(account_sid, {k: v for k, v in entry.items() if k != "sid"}, sid=entry["sid"])
