"""API 2010 Accounts and Keys, and who a request's Basic credentials act as.

The emulator has one account from its command line (by default the documented dev account below), the
subaccounts it creates, and API keys. Secrets are kept only as SHA-256 digests, so a state file holds no secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from ..exceptions import NotFound, SubaccountNotAllowed
from ..store import Doc
from .base import SessionBase, new_sid, public

#: The dev account every local tool uses unless told otherwise (`scripts/up`, `scripts/pr-check`, tests).
#: Its token is documented, so it guards nothing: it only ever opens the local emulator.
DEFAULT_ACCOUNT_SID = "AC00000000000000000000000000000000"
DEFAULT_AUTH_TOKEN = "flex-a2p-emulator-auth-token"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class AccountsModel(SessionBase):
    def ensure_account(self, account_sid: str, auth_token: str) -> None:
        """Make the command-line account valid with this token; its other state is kept."""
        doc = self.tx.get("account", account_sid)
        if doc is None:
            doc = {"sid": account_sid, "owner_account_sid": account_sid, "friendly_name": "flex-a2p emulator account",
                   "status": "active", "type": "Full", "date_created": self.now, "date_updated": self.now}
            doc["_auth_token_sha256"] = _digest(auth_token)
            self.tx.insert("account", account_sid, account_sid, doc)
        else:
            doc["_auth_token_sha256"] = _digest(auth_token)
            self.tx.update("account", account_sid, doc)

    def ensure_key(self, account_sid: str, key_sid: str, secret: str) -> None:
        doc = {"sid": key_sid, "friendly_name": "command-line API key", "date_created": self.now,
               "date_updated": self.now, "_account_sid": account_sid, "_secret_sha256": _digest(secret)}
        if self.tx.get("key", key_sid) is None:
            self.tx.insert("key", key_sid, account_sid, doc)
        else:
            self.tx.update("key", key_sid, doc)

    def authenticate(self, username: str, password: str) -> str | None:
        """The account SID that these Basic credentials act as, or None (answered with AuthenticationFailed)."""
        if username.startswith("AC"):
            account = self.tx.get("account", username)
            if account and account["status"] == "active" and hmac.compare_digest(
                    account["_auth_token_sha256"], _digest(password)):
                return username
        elif username.startswith("SK"):
            key = self.tx.get("key", username)
            if key and hmac.compare_digest(key["_secret_sha256"], _digest(password)):
                account = self.tx.get("account", key["_account_sid"])
                if account and account["status"] == "active":
                    return key["_account_sid"]
        return None

    def may_act_on(self, auth_account: str, path_account: str, *, by_key: bool = False) -> bool:
        """v2010 (D19): an account reaches its own resources; a main account's SID and auth token also reach its
        subaccounts'. An API key reaches only the account it belongs to, a main account's key included."""
        if auth_account == path_account:
            return True
        if by_key:
            return False
        target = self.tx.get("account", path_account)
        return bool(target and target["owner_account_sid"] == auth_account)

    def account_of(self, username: str) -> str | None:
        """The account a Basic username names (an account SID, or the account of an API key), unchecked: faults
        scoped to an account (D33) apply before authentication."""
        if username.startswith("SK"):
            key = self.tx.get("key", username)
            return key["_account_sid"] if key else None
        return username if username.startswith("AC") else None

    def create_subaccount(self, owner_sid: str, friendly_name: str | None) -> tuple[Doc, str]:
        owner = self._get_account(owner_sid)
        if owner["owner_account_sid"] != owner_sid:
            raise SubaccountNotAllowed()
        sid, token = new_sid("AC"), secrets.token_hex(16)
        doc = {"sid": sid, "owner_account_sid": owner_sid,
               "friendly_name": friendly_name or f"SubAccount Created at {time.strftime('%Y-%m-%d %I:%M %p')}",
               "status": "active", "type": "Full", "date_created": self.now, "date_updated": self.now,
               "_auth_token_sha256": _digest(token)}
        self.tx.insert("account", sid, sid, doc)
        return public(doc), token

    def fetch_account(self, sid: str) -> Doc:
        return public(self._get_account(sid))

    def _get_account(self, sid: str) -> Doc:
        doc = self.tx.get("account", sid)
        if doc is None:
            raise NotFound(f"/2010-04-01/Accounts/{sid}.json")
        return doc

    def create_key(self, account_sid: str, friendly_name: str | None) -> tuple[Doc, str]:
        sid, secret = new_sid("SK"), secrets.token_urlsafe(24)
        doc = {"sid": sid, "friendly_name": friendly_name, "date_created": self.now, "date_updated": self.now,
               "_account_sid": account_sid, "_secret_sha256": _digest(secret)}
        self.tx.insert("key", sid, account_sid, doc)
        return public(doc), secret

    def _get_key(self, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get("key", sid)
        if doc is None or doc["_account_sid"] != account_sid:
            raise NotFound(f"/2010-04-01/Accounts/{account_sid}/Keys/{sid}.json")
        return doc

    def fetch_key(self, account_sid: str, sid: str) -> Doc:
        return public(self._get_key(account_sid, sid))

    def list_keys(self, account_sid: str) -> list[Doc]:
        return [public(d) for d in self.tx.list("key", account_sid=account_sid)]

    def delete_key(self, account_sid: str, sid: str) -> None:
        self._get_key(account_sid, sid)
        self.tx.delete("key", sid)
