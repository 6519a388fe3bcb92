"""Twilio's resources and rules for the modelled slice, apart from HTTP (moto-style models).

A `Session` is one unit of work over the SQLite store (one request = one transaction). Operations take parsed,
typed parameters (snake_case names) and return resource documents: snake_case wire fields, dates as epoch seconds,
internal bookkeeping under keys starting with `_`. The HTTP layer (`responses.py`) adds URLs and formats dates.

Every choice where Twilio's behaviour is undocumented is listed in docs/emulator-decisions.md (D-numbers below).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from twilio_contract import ErrorCode

from .exceptions import (AmbiguousCampaignSid, BrandNotApproved, BrandNotFailed, BrandUpdateLimitReached,
                         BundleNotEditable, CampaignAlreadyExists, CampaignContentInvalid, CampaignLimitReached,
                         CampaignSuspended, CampaignUnderReview, InvalidA2PUsecase, InvalidParameter,
                         InvalidServiceUsecase, InvalidValidityPeriod, NoNumbersInAreaCode, NotFound,
                         NumberInServiceCannotMove, PhoneNumberNotAvailable, PhoneNumberNotOnAccount,
                         PhoneNumberOrAreaCodeRequired, ReviewTargetNotFound, SenderAlreadyInService,
                         SenderInAnotherService, SenderPoolFull, SoleProprietorMismatch, SubaccountNotAllowed,
                         UnsupportedPhoneNumber)
from .store import Doc, Store, Tx

DEFAULT_ACCOUNT_SID = "AC00000000000000000000000000000000"
DEFAULT_AUTH_TOKEN = "flex-a2p-emulator-auth-token"
CAMPAIGN_SID = "QE2c6890da8086d771620e9b13fadeba0b"  # Twilio's constant US A2P Compliance resource SID

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

# code -> (name, post_approval_required)
A2P_USECASES: dict[str, tuple[str, bool]] = {
    "2FA": ("Two-Factor authentication (2FA)", False),
    "ACCOUNT_NOTIFICATION": ("Account Notification", False),
    "AGENTS_FRANCHISES": ("Agents and Franchises", True),
    "CHARITY": ("Charity", False),
    "PROXY": ("Proxy", True),
    "CUSTOMER_CARE": ("Customer Care", False),
    "DELIVERY_NOTIFICATION": ("Delivery Notification", False),
    "EMERGENCY": ("Emergency", True),
    "FRAUD_ALERT": ("Fraud Alert Messaging", False),
    "HIGHER_EDUCATION": ("Higher Education", False),
    "K12_EDUCATION": ("K-12 Education", True),
    "LOW_VOLUME": ("Low Volume Mixed", False),
    "MARKETING": ("Marketing", False),
    "MIXED": ("Mixed", False),
    "POLITICAL": ("Political", False),
    "POLLING_VOTING": ("Polling and voting", False),
    "PUBLIC_SERVICE_ANNOUNCEMENT": ("Public Service Announcement", False),
    "SECURITY_ALERT": ("Security Alert", False),
    "SOCIAL": ("Social", True),
    "SWEEPSTAKE": ("Sweepstake", True),
    "SOLE_PROPRIETOR": ("Sole Proprietor", False),
}

BRAND_STATUSES = ("PENDING", "APPROVED", "FAILED", "IN_REVIEW", "DELETION_PENDING", "DELETION_FAILED", "SUSPENDED")
CAMPAIGN_STATUSES = ("PENDING", "IN_PROGRESS", "VERIFIED", "FAILED", "SUSPENDED")
BUNDLE_STATUSES = ("draft", "pending-review", "in-review", "twilio-rejected", "twilio-approved")
BUNDLE_KINDS = ("customer_profile", "trust_product")
REVIEW_OUTCOMES = {  # generic words accepted by /_emulator/reviews, per kind
    "brand": {"approved": "APPROVED", "failed": "FAILED", "rejected": "FAILED"},
    "campaign": {"approved": "VERIFIED", "verified": "VERIFIED", "failed": "FAILED", "rejected": "FAILED"},
    "bundle": {"approved": "twilio-approved", "failed": "twilio-rejected", "rejected": "twilio-rejected"},
}

NANP_E164 = re.compile(r"^\+1[2-9]\d{2}[2-9]\d{6}$")
KEYWORD = re.compile(r"^[A-Za-z0-9]{1,255}$")


def new_sid(prefix: str) -> str:
    return prefix + uuid.uuid4().hex


def _digest(secret: str) -> str:
    """Secrets (auth tokens, API key secrets) are kept only as SHA-256 digests, never in plain text."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _public(doc: Doc) -> Doc:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


@dataclass
class Settings:
    review_delay: float | None = 3.0  # seconds; None = manual (reviews wait for /_emulator/reviews)
    number_pool_limit: int = 400  # senders per Messaging Service (SenderPoolFull beyond)
    brand_update_limit: int = 3  # resubmissions per brand (BrandUpdateLimitReached beyond)


class Backend:
    """Long-lived owner of the store and settings; hands out one `Session` per unit of work."""

    def __init__(self, store: Store, settings: Settings, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.store.transaction() as tx:
            yield Session(tx, self.settings, int(self.clock()), self.clock())

    def bootstrap(self, account_sid: str, auth_token: str, api_keys: list[tuple[str, str]]) -> None:
        """Make the command-line account (and API keys) valid; state from an earlier run is kept."""
        with self.session() as s:
            s.ensure_account(account_sid, auth_token)
            for key_sid, key_secret in api_keys:
                s.ensure_key(account_sid, key_sid, key_secret)

    def seed(self, account_sid: str, fixtures: dict[str, Any]) -> None:
        """Give the account what a real one would already own (see `Session.seed_account`); idempotent."""
        with self.session() as s:
            s.seed_account(account_sid, fixtures)

    def tick(self) -> None:
        """Apply review outcomes that have come due (reviews advance lazily, on the next request)."""
        with self.session() as s:
            s.apply_due_reviews()

    def reset(self, account_sid: str, auth_token: str, api_keys: list[tuple[str, str]]) -> None:
        with self.store.transaction() as tx:
            tx.clear()
        self.bootstrap(account_sid, auth_token, api_keys)


class Session:
    """The modelled Twilio operations inside one transaction."""

    def __init__(self, tx: Tx, settings: Settings, now: int, precise_now: float) -> None:
        self.tx = tx
        self.settings = settings
        self.now = now
        self.precise_now = precise_now

    # ----------------------------------------------------------------------------------------- accounts & auth
    def ensure_account(self, account_sid: str, auth_token: str) -> None:
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

    def may_act_on(self, auth_account: str, path_account: str) -> bool:
        """v2010: an account reaches its own resources; a main account also reaches its subaccounts'."""
        if auth_account == path_account:
            return True
        target = self.tx.get("account", path_account)
        return bool(target and target["owner_account_sid"] == auth_account)

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
        return _public(doc), token

    def fetch_account(self, sid: str) -> Doc:
        return _public(self._get_account(sid))

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
        return _public(doc), secret

    def _get_key(self, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get("key", sid)
        if doc is None or doc["_account_sid"] != account_sid:
            raise NotFound(f"/2010-04-01/Accounts/{account_sid}/Keys/{sid}.json")
        return doc

    def fetch_key(self, account_sid: str, sid: str) -> Doc:
        return _public(self._get_key(account_sid, sid))

    def list_keys(self, account_sid: str) -> list[Doc]:
        return [_public(d) for d in self.tx.list("key", account_sid=account_sid)]

    def delete_key(self, account_sid: str, sid: str) -> None:
        self._get_key(account_sid, sid)
        self.tx.delete("key", sid)

    # ------------------------------------------------------------------------------------ Messaging Services
    def _get_service(self, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get("service", sid)
        if doc is None or doc["account_sid"] != account_sid:
            raise NotFound(f"/Services/{sid}")
        return doc

    def _service_view(self, doc: Doc) -> Doc:
        campaign = self.tx.get("campaign", CAMPAIGN_SID, parent_sid=doc["sid"])
        # D23: "registered" means the campaign is VERIFIED, not merely submitted.
        return {**_public(doc), "us_app_to_person_registered": bool(campaign and campaign["campaign_status"] == "VERIFIED")}

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
        doc.update(_nullify_blank_urls(fields, ("inbound_request_url", "fallback_url", "status_callback")))
        self.tx.insert("service", sid, account_sid, doc)
        return self._service_view(doc)

    def fetch_service(self, account_sid: str, sid: str) -> Doc:
        return self._service_view(self._get_service(account_sid, sid))

    def list_services(self, account_sid: str) -> list[Doc]:
        return [self._service_view(d) for d in self.tx.list("service", account_sid=account_sid)]

    def update_service(self, account_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._get_service(account_sid, sid)
        self._check_service_fields(fields)
        doc.update(_nullify_blank_urls(fields, ("inbound_request_url", "fallback_url", "status_callback")))
        doc["date_updated"] = self.now
        self.tx.update("service", sid, doc)
        return self._service_view(doc)

    def delete_service(self, account_sid: str, sid: str) -> None:
        self._get_service(account_sid, sid)
        # D8: the service's senders are released (numbers stay on the account) and its campaign goes with it.
        self.tx.delete_children("service_phone_number", sid)
        self.tx.delete_children("campaign", sid)
        self.tx.delete("service", sid)

    # ------------------------------------------------------------------------- Messaging Service PhoneNumbers
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
               "capabilities": [name for key, name in (("mms", "MMS"), ("sms", "SMS"), ("voice", "Voice")) if caps[key]]}
        self.tx.insert("service_phone_number", phone_number_sid, account_sid, doc, parent_sid=service_sid)
        return doc

    def _get_service_child(self, kind: str, account_sid: str, service_sid: str, sid: str, path: str) -> Doc:
        """A resource under one of the account's services (its sender pool or campaign), NotFound otherwise."""
        self._get_service(account_sid, service_sid)
        doc = self.tx.get(kind, sid, parent_sid=service_sid)
        if doc is None:
            raise NotFound(f"/Services/{service_sid}/{path}/{sid}")
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

    # --------------------------------------------------------------------------- v2010 IncomingPhoneNumbers
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
        if "friendly_name" in fields and len(fields["friendly_name"]) > 64:
            raise InvalidParameter("FriendlyName", "must be at most 64 characters")
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

    def _check_number_fields(self, fields: dict[str, Any]) -> None:
        fields.pop("api_version", None)  # accepted and ignored: only 2010-04-01 exists

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
            # Partial match; '*' matches one digit (reference §4). Twilio compares digits, so '+' is optional.
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
        if "friendly_name" in fields and len(fields["friendly_name"]) > 64:
            raise InvalidParameter("FriendlyName", "must be at most 64 characters")
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

    # ---------------------------------------------------------------------------------- Trust Hub bundles
    def seed_account(self, account_sid: str, fixtures: dict[str, Any]) -> None:
        """Objects a real account owns before any stack runs: bought numbers, and Trust Hub bundles approved in
        the Console (`customer_profiles` / `trust_products` with fixed SIDs, so a stack config can name them).
        Objects already present are left as they are (D35)."""
        owned = {d["phone_number"] for d in self.tx.list("incoming_phone_number", account_sid=account_sid)}
        for phone_number in fixtures.get("incoming_phone_numbers", []):
            if phone_number not in owned:
                self.create_incoming_phone_number(account_sid, {"phone_number": phone_number})
        for kind, key in (("customer_profile", "customer_profiles"), ("trust_product", "trust_products")):
            for bundle in fixtures.get(key, []):
                if self.tx.get(kind, bundle["sid"]) is None:
                    doc: Doc = {"sid": bundle["sid"], "account_sid": account_sid, "policy_sid": bundle["policy_sid"],
                                "friendly_name": bundle["friendly_name"], "status": "twilio-approved",
                                "valid_until": None, "email": bundle["email"], "status_callback": None,
                                "date_created": self.now, "date_updated": self.now, "errors": None}
                    self.tx.insert(kind, bundle["sid"], account_sid, doc)

    def _bundle_path(self, kind: str, sid: str) -> str:
        return ("/CustomerProfiles/" if kind == "customer_profile" else "/TrustProducts/") + sid

    def _get_bundle(self, kind: str, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get(kind, sid)
        if doc is None or doc["account_sid"] != account_sid:
            raise NotFound(self._bundle_path(kind, sid))
        return doc

    def create_bundle(self, kind: str, account_sid: str, fields: dict[str, Any]) -> Doc:
        _check_email(fields["email"])
        sid = new_sid("BU")
        doc: Doc = {"sid": sid, "account_sid": account_sid, "policy_sid": fields["policy_sid"],
                    "friendly_name": fields["friendly_name"], "status": "draft", "valid_until": None,
                    "email": fields["email"], "status_callback": fields.get("status_callback") or None,
                    "date_created": self.now, "date_updated": self.now, "errors": None}
        self.tx.insert(kind, sid, account_sid, doc)
        return _public(doc)

    def fetch_bundle(self, kind: str, account_sid: str, sid: str) -> Doc:
        return _public(self._get_bundle(kind, account_sid, sid))

    def list_bundles(self, kind: str, account_sid: str, *, status: str | None = None,
                     friendly_name: str | None = None, policy_sid: str | None = None) -> list[Doc]:
        docs = self.tx.list(kind, account_sid=account_sid)
        for key, value in (("status", status), ("friendly_name", friendly_name), ("policy_sid", policy_sid)):
            if value is not None:
                docs = [d for d in docs if d[key] == value]
        return [_public(d) for d in docs]

    def update_bundle(self, kind: str, account_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._get_bundle(kind, account_sid, sid)
        if doc["status"] in ("pending-review", "in-review", "twilio-approved"):
            raise BundleNotEditable(sid, doc["status"])
        status = fields.pop("status", None)
        if status is not None and status not in ("draft", "pending-review"):
            raise InvalidParameter("Status", "may only be set to pending-review (submit) or draft")
        if "email" in fields:
            _check_email(fields["email"])
        if "status_callback" in fields:
            fields["status_callback"] = fields["status_callback"] or None
        doc.update(fields)
        doc["date_updated"] = self.now
        if status == "pending-review":
            doc["status"], doc["errors"] = "pending-review", None
            self._schedule_review(kind, "", doc, intermediate=True)
        else:
            if status == "draft":
                doc["status"] = "draft"
            self.tx.update(kind, sid, doc, keep_review=True)
        return _public(doc)

    def delete_bundle(self, kind: str, account_sid: str, sid: str) -> None:
        self._get_bundle(kind, account_sid, sid)
        self.tx.delete(kind, sid)

    # ------------------------------------------------------------------------------- A2P BrandRegistrations
    def _get_brand(self, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get("brand", sid)
        if doc is None or doc["account_sid"] != account_sid:
            raise NotFound(f"/a2p/BrandRegistrations/{sid}")
        return doc

    def create_brand(self, account_sid: str, fields: dict[str, Any]) -> Doc:
        brand_type = fields.get("brand_type") or "STANDARD"  # D21: STANDARD when omitted
        if brand_type not in ("STANDARD", "SOLE_PROPRIETOR"):
            raise InvalidParameter("BrandType", "must be one of STANDARD, SOLE_PROPRIETOR")
        sid = new_sid("BN")
        doc: Doc = {"sid": sid, "account_sid": account_sid,
                    "customer_profile_bundle_sid": fields["customer_profile_bundle_sid"],
                    "a2p_profile_bundle_sid": fields["a2p_profile_bundle_sid"],
                    "date_created": self.now, "date_updated": self.now, "brand_type": brand_type,
                    "status": "PENDING", "tcr_id": None, "failure_reason": None, "errors": [], "brand_score": None,
                    "brand_feedback": None, "identity_status": None, "russell_3000": None, "government_entity": None,
                    "tax_exempt_status": None, "skip_automatic_sec_vet": bool(fields.get("skip_automatic_sec_vet")),
                    "mock": bool(fields.get("mock")), "_updates": 0}
        self.tx.insert("brand", sid, account_sid, doc)
        self._schedule_review("brand", "", doc, intermediate=False)
        return _public(doc)

    def fetch_brand(self, account_sid: str, sid: str) -> Doc:
        return _public(self._get_brand(account_sid, sid))

    def list_brands(self, account_sid: str) -> list[Doc]:
        return [_public(d) for d in self.tx.list("brand", account_sid=account_sid)]

    def resubmit_brand(self, account_sid: str, sid: str) -> Doc:
        doc = self._get_brand(account_sid, sid)
        if doc["status"] != "FAILED":
            raise BrandNotFailed(doc["status"])
        if doc["_updates"] >= self.settings.brand_update_limit:
            raise BrandUpdateLimitReached(self.settings.brand_update_limit)
        doc.update({"status": "PENDING", "failure_reason": None, "errors": [], "identity_status": None,
                    "date_updated": self.now, "_updates": doc["_updates"] + 1})
        self._schedule_review("brand", "", doc, intermediate=False)
        return _public(doc)

    # ----------------------------------------------------------------------------------- Usa2p campaigns
    def _get_campaign(self, account_sid: str, service_sid: str, sid: str) -> Doc:
        return self._get_service_child("campaign", account_sid, service_sid, sid, "Compliance/Usa2p")

    def create_campaign(self, account_sid: str, service_sid: str, fields: dict[str, Any]) -> Doc:
        self._get_service(account_sid, service_sid)
        if self.tx.get("campaign", CAMPAIGN_SID, parent_sid=service_sid) is not None:
            raise CampaignAlreadyExists(service_sid)
        brand_sid = fields["brand_registration_sid"]
        brand = self.tx.get("brand", brand_sid)
        if brand is None or brand["account_sid"] != account_sid or brand["status"] != "APPROVED":
            state = "does not exist" if brand is None or brand["account_sid"] != account_sid else \
                f"is {brand['status']}"
            raise BrandNotApproved(brand_sid, state)
        usecase = fields["us_app_to_person_usecase"]
        if usecase not in A2P_USECASES:
            raise InvalidA2PUsecase(usecase)
        sole_prop = brand["brand_type"] == "SOLE_PROPRIETOR"
        if (usecase == "SOLE_PROPRIETOR") != sole_prop:
            raise SoleProprietorMismatch()
        if sole_prop and any(c["brand_registration_sid"] == brand_sid for c in self.tx.list("campaign")):
            raise CampaignLimitReached()
        _check_campaign_content(fields)
        doc: Doc = {
            "sid": CAMPAIGN_SID, "account_sid": account_sid, "brand_registration_sid": brand_sid,
            "messaging_service_sid": service_sid, "description": fields["description"],
            "message_samples": fields["message_samples"], "us_app_to_person_usecase": usecase,
            "has_embedded_links": fields["has_embedded_links"], "has_embedded_phone": fields["has_embedded_phone"],
            "subscriber_opt_in": fields.get("subscriber_opt_in", False), "age_gated": fields.get("age_gated", False),
            "direct_lending": fields.get("direct_lending", False), "campaign_status": "PENDING", "campaign_id": None,
            "is_externally_registered": False, "rate_limits": None, "message_flow": fields["message_flow"],
            "opt_in_message": fields.get("opt_in_message"), "opt_out_message": fields.get("opt_out_message"),
            "help_message": fields.get("help_message"), "opt_in_keywords": fields.get("opt_in_keywords"),
            "opt_out_keywords": fields.get("opt_out_keywords"), "help_keywords": fields.get("help_keywords"),
            "date_created": self.now, "date_updated": self.now, "mock": brand["mock"], "errors": [],
            "privacy_policy_url": fields.get("privacy_policy_url"),
            "terms_and_conditions_url": fields.get("terms_and_conditions_url"),
        }
        self.tx.insert("campaign", CAMPAIGN_SID, account_sid, doc, parent_sid=service_sid)
        self._schedule_review("campaign", service_sid, doc, intermediate=True)
        return _public(doc)

    def fetch_campaign(self, account_sid: str, service_sid: str, sid: str) -> Doc:
        return _public(self._get_campaign(account_sid, service_sid, sid))

    def list_campaigns(self, account_sid: str, service_sid: str) -> list[Doc]:
        self._get_service(account_sid, service_sid)
        return [_public(d) for d in self.tx.list("campaign", parent_sid=service_sid)]

    def update_campaign(self, account_sid: str, service_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._get_campaign(account_sid, service_sid, sid)
        status = doc["campaign_status"]
        if status == "SUSPENDED":
            raise CampaignSuspended()
        if status in ("PENDING", "IN_PROGRESS"):  # D5
            raise CampaignUnderReview(status)
        _check_campaign_content(fields)
        doc.update(fields)
        doc["date_updated"] = self.now
        if status == "FAILED":  # D5: a corrected campaign goes back to review
            doc.update({"campaign_status": "PENDING", "errors": []})
            self._schedule_review("campaign", service_sid, doc, intermediate=True)
        else:
            self.tx.update("campaign", sid, doc, parent_sid=service_sid, keep_review=True)
        return _public(doc)

    def delete_campaign(self, account_sid: str, service_sid: str, sid: str) -> None:
        self._get_campaign(account_sid, service_sid, sid)
        self.tx.delete("campaign", sid, parent_sid=service_sid)

    def a2p_usecases(self, account_sid: str, service_sid: str, brand_sid: str | None) -> list[Doc]:
        self._get_service(account_sid, service_sid)
        sole_prop = False
        if brand_sid is not None:
            brand = self.tx.get("brand", brand_sid)
            if brand is None or brand["account_sid"] != account_sid or brand["status"] != "APPROVED":
                return []  # "returns an empty list if there is an issue with the customer's A2P brand registration"
            sole_prop = brand["brand_type"] == "SOLE_PROPRIETOR"
        return [{"code": code, "name": name, "description": f"{name} use case", "post_approval_required": post}
                for code, (name, post) in A2P_USECASES.items() if (code == "SOLE_PROPRIETOR") == sole_prop]

    # ------------------------------------------------------------------------------------------ review
    def _schedule_review(self, kind: str, parent_sid: str, doc: Doc, *, intermediate: bool) -> None:
        """Start a review: with a delay it finishes after `review_delay` s (an in-review step at half time)."""
        delay = self.settings.review_delay
        due = None
        if delay is not None:
            doc["_review_final_at"] = self.precise_now + delay
            due = self.precise_now + delay / 2 if intermediate else doc["_review_final_at"]
        else:
            doc.pop("_review_final_at", None)
        self.tx.update(kind, doc["sid"], doc, parent_sid=parent_sid, review_due=due)

    def apply_due_reviews(self) -> None:
        for _ in range(4):  # an intermediate step and the final one can both be due; bounded
            due = self.tx.due_reviews(self.precise_now)
            if not due:
                return
            for kind, parent, _sid, doc in due:
                self._advance_review(kind, parent, doc)

    def _advance_review(self, kind: str, parent: str, doc: Doc) -> None:
        final = doc["_review_final_at"] <= self.precise_now
        if not final:
            step = {"campaign": ("campaign_status", "IN_PROGRESS"), "customer_profile": ("status", "in-review"),
                    "trust_product": ("status", "in-review")}[kind]
            doc[step[0]] = step[1]
            self.tx.update(kind, doc["sid"], doc, parent_sid=parent, review_due=doc["_review_final_at"])
            return
        if kind == "brand":
            problem = self._brand_bundle_problem(doc)
            if problem:
                self._set_brand_status(doc, "FAILED", problem, ErrorCode.BRAND_BUNDLES_INVALID)
            else:
                self._set_brand_status(doc, "APPROVED", None, None)
        elif kind == "campaign":
            brand = self.tx.get("brand", doc["brand_registration_sid"])
            if brand is not None and brand["status"] == "APPROVED":
                self._set_campaign_status(doc, "VERIFIED", None, None, None)
            else:
                self._set_campaign_status(doc, "FAILED", "The campaign's brand is no longer APPROVED",
                                          ErrorCode.BRAND_NOT_REGISTERED, None)
        else:
            self._set_bundle_status(doc, "twilio-approved", None, None)
        doc["date_updated"] = self.now
        self.tx.update(kind, doc["sid"], doc, parent_sid=parent, review_due=None)

    def _brand_bundle_problem(self, doc: Doc) -> str | None:
        """D15: a brand passes review only if both bundles exist on its account and are twilio-approved."""
        for field, kind, label in (("customer_profile_bundle_sid", "customer_profile", "Customer Profile"),
                                   ("a2p_profile_bundle_sid", "trust_product", "A2P")):
            bundle = self.tx.get(kind, doc[field])
            if bundle is None or bundle["account_sid"] != doc["account_sid"]:
                return f"We were not able to find {label} bundle {doc[field]}"
            if bundle["status"] != "twilio-approved":
                return f"{label} bundle {doc[field]} is {bundle['status']}, not twilio-approved"
        return None

    def _set_brand_status(self, doc: Doc, status: str, reason: str | None, code: int | None) -> None:
        doc["status"] = status
        if status == "APPROVED":
            doc["tcr_id"] = doc["tcr_id"] or "B" + secrets.token_hex(3).upper()  # D9: only once registered
            doc["identity_status"] = "VERIFIED"
            doc["brand_score"] = None if (doc["brand_type"] == "SOLE_PROPRIETOR" or doc["skip_automatic_sec_vet"]) else 80
            doc["failure_reason"], doc["errors"] = None, []
        elif status == "FAILED":
            reason = reason or "Brand registration failed review"
            code = int(code or ErrorCode.BRAND_REGISTRATION_FAILED)
            doc["failure_reason"] = reason
            doc["identity_status"] = "UNVERIFIED"
            doc["errors"] = [{"url": f"https://www.twilio.com/docs/api/errors/{code}", "error_code": code,
                              "description": reason, "fields": []}]

    def _set_campaign_status(self, doc: Doc, status: str, reason: str | None, code: int | None,
                             fields: list[str] | None) -> None:
        doc["campaign_status"] = status
        if status == "VERIFIED":
            doc["campaign_id"] = doc["campaign_id"] or "C" + secrets.token_hex(3).upper()  # D9
            doc["rate_limits"] = {"att": {"mps": 600, "msg_class": "A"}, "tmobile": {"brand_tier": "TOP"}}
            doc["errors"] = []
        elif status == "FAILED":
            reason = reason or "Campaign registration failed review"
            code = int(code or ErrorCode.DISALLOWED_CONTENT)
            doc["errors"] = [{"error_code": code, "fields": fields or [],
                              "url": f"https://www.twilio.com/docs/api/errors/{code}", "description": reason}]

    def _set_bundle_status(self, doc: Doc, status: str, reason: str | None, code: int | None) -> None:
        doc["status"] = status
        if status == "twilio-approved":
            doc["valid_until"] = self.now + 365 * 24 * 3600
            doc["errors"] = None
        elif status == "twilio-rejected":
            doc["valid_until"] = None
            doc["errors"] = [{"code": int(code or ErrorCode.BUNDLE_REJECTED), "message": reason or "Bundle rejected by review"}]

    def set_review(self, sid: str, status: str, reason: str | None, error_code: int | None,
                   fields: list[str] | None) -> Doc:
        """`/_emulator/reviews/{sid}`: force the review outcome of a brand (BN), campaign (QE) or bundle (BU)."""
        if sid.startswith("BN"):
            targets = [("brand", "", d) for _, d in self.tx.find("brand", sid)]
        elif sid.startswith("BU"):
            targets = [(k, "", d) for k in BUNDLE_KINDS for _, d in self.tx.find(k, sid)]
        elif sid.startswith("MG"):  # a campaign is addressed by its service (QE SIDs are one constant)
            targets = [("campaign", p, d) for p, d in self.tx.find("campaign", CAMPAIGN_SID) if p == sid]
        elif sid == CAMPAIGN_SID:
            targets = [("campaign", p, d) for p, d in self.tx.find("campaign", CAMPAIGN_SID)]
            if len(targets) > 1:
                raise AmbiguousCampaignSid()
        else:
            targets = []
        if not targets:
            raise ReviewTargetNotFound(sid)
        kind, parent, doc = targets[0]
        family = "bundle" if kind in BUNDLE_KINDS else kind
        allowed = {"brand": BRAND_STATUSES, "campaign": CAMPAIGN_STATUSES, "bundle": BUNDLE_STATUSES}[family]
        resolved = REVIEW_OUTCOMES[family].get(status.lower(), status)
        if resolved not in allowed:
            raise InvalidParameter("status", f"must be approved, failed or one of {', '.join(allowed)}")
        if family == "brand":
            self._set_brand_status(doc, resolved, reason, error_code)
        elif family == "campaign":
            self._set_campaign_status(doc, resolved, reason, error_code, fields)
        else:
            self._set_bundle_status(doc, resolved, reason, error_code)
        doc["date_updated"] = self.now
        doc.pop("_review_final_at", None)
        self.tx.update(kind, doc["sid"], doc, parent_sid=parent, review_due=None)
        return {"kind": kind, **_public(doc)}


def _nullify_blank_urls(fields: dict[str, Any], url_fields: tuple[str, ...]) -> dict[str, Any]:
    """On v1 an empty string clears a URL (the client cannot send null); it reads back as null."""
    return {k: (None if k in url_fields and v == "" else v) for k, v in fields.items()}


def _check_email(email: str) -> None:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise InvalidParameter("Email", "must be an email address")


def _check_campaign_content(fields: dict[str, Any]) -> None:
    """Twilio's documented length rules for campaign content (CampaignContentInvalid), checked synchronously."""
    def length(name: str, value: str | None, low: int, high: int) -> None:
        if value is not None and not low <= len(value) <= high:
            raise CampaignContentInvalid(f"{name} must be {low}-{high} characters (got {len(value)})")

    length("Description", fields.get("description"), 40, 4096)
    length("MessageFlow", fields.get("message_flow"), 40, 2048)
    samples = fields.get("message_samples")
    if samples is not None:
        if not 2 <= len(samples) <= 5:
            raise CampaignContentInvalid(f"MessageSamples must have 2-5 entries (got {len(samples)})")
        for sample in samples:
            length("each MessageSamples entry", sample, 20, 1024)
    for name, key in (("OptInMessage", "opt_in_message"), ("OptOutMessage", "opt_out_message"),
                      ("HelpMessage", "help_message")):
        length(name, fields.get(key), 20, 320)
    for name, key in (("OptInKeywords", "opt_in_keywords"), ("OptOutKeywords", "opt_out_keywords"),
                      ("HelpKeywords", "help_keywords")):
        for word in fields.get(key) or []:
            if not KEYWORD.match(word):
                raise CampaignContentInvalid(f"{name} entries must be alphanumeric, at most 255 characters "
                                             f"(got {word!r})")
