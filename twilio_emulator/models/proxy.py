"""Proxy v1 Services (`/v1/Services` on proxy.twilio.com). Legacy Flex (UI 1.x) relays an SMS number's messages
through the "Flex Proxy Service" into the Flex chat service it names (`chat_instance_sid`)
(https://www.twilio.com/docs/proxy/api/service)."""

from __future__ import annotations

from typing import Any

from ..exceptions import ProxyUniqueNameTaken
from ..store import Doc
from .base import SessionBase, new_sid


URL_FIELDS = ("callback_url", "intercept_callback_url", "out_of_session_callback_url")


def _cleared(fields: dict[str, Any]) -> dict[str, Any]:
    """An empty URL clears it: null, as never set."""
    return {k: None if k in URL_FIELDS and v == "" else v for k, v in fields.items()}


class ProxyModel(SessionBase):
    def _get_proxy_service(self, account_sid: str, sid: str) -> Doc:
        return self.owned("proxy_service", account_sid, sid, f"/Services/{sid}")

    def _check_unique_name(self, account_sid: str, sid: str, fields: dict[str, Any]) -> None:
        name = fields.get("unique_name")
        if name is not None and any(d["unique_name"] == name and d["sid"] != sid
                                    for d in self.tx.list("proxy_service", account_sid=account_sid)):
            raise ProxyUniqueNameTaken(name)  # D43

    def create_proxy_service(self, account_sid: str, fields: dict[str, Any], *, sid: str | None = None) -> Doc:
        """A new Proxy service; `sid` fixes its SID (fixtures, D35)."""
        sid = sid or new_sid("KS")
        self._check_unique_name(account_sid, sid, fields)
        doc: Doc = {"sid": sid, "account_sid": account_sid, "unique_name": None, "chat_instance_sid": None,
                    "callback_url": None, "default_ttl": 0, "number_selection_behavior": "prefer-sticky",
                    "geo_match_level": "country", "intercept_callback_url": None,
                    "out_of_session_callback_url": None, "date_created": self.now, "date_updated": self.now}
        doc.update(_cleared(fields))
        self.tx.insert("proxy_service", sid, account_sid, doc)
        return doc

    def fetch_proxy_service(self, account_sid: str, sid: str) -> Doc:
        return self._get_proxy_service(account_sid, sid)

    def list_proxy_services(self, account_sid: str) -> list[Doc]:
        return self.tx.list("proxy_service", account_sid=account_sid)

    def update_proxy_service(self, account_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._get_proxy_service(account_sid, sid)
        self._check_unique_name(account_sid, sid, fields)
        doc.update(_cleared(fields))
        doc["date_updated"] = self.now
        self.tx.update("proxy_service", sid, doc)
        return doc

    def delete_proxy_service(self, account_sid: str, sid: str) -> None:
        self._get_proxy_service(account_sid, sid)
        self.tx.delete("proxy_service", sid)

    def seed_proxy(self, account_sid: str, fixtures: dict[str, Any]) -> None:
        """D35: the Flex Proxy Service a legacy Flex account comes with."""
        for entry in fixtures.get("proxy_services", []):
            if self.tx.get("proxy_service", entry["sid"]) is None:
                self.create_proxy_service(account_sid, {k: v for k, v in entry.items() if k != "sid"},
                                          sid=entry["sid"])
