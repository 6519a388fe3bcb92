"""What only Twilio knows, checked read-only by the program before it declares anything (in ``preview`` and in
``up``), so a refusal stops the run before any write and names the stack-config key, the rule and Twilio's code.

Checked:

- objects named by SID exist: ``brand.sid``, the brand's two Trust Hub bundles (of the right kind, not rejected)
  unless ``trustHub`` makes them, the customer profile an A2P profile holds (``trustHub.a2pProfile.customerProfileSid``),
  an ISV's primary profile, every ``adoptSid`` (the Trust Hub bundles' too);
- each number in ``phoneNumbers`` is on the account, can send SMS (21715), is in no other Messaging Service (21712),
  and the service's sender pool has room for them (21714, ``twilio:senderPoolLimit``);
- nothing would be made twice. A service this update creates must not share its friendly name with one the stack
  does not manage, a brand must not be registered for the same bundles, a service's campaign must not exist yet.
  Such an object is exactly what an interrupted create leaves behind: when the stack's state holds a pending
  create for that resource (``components/stack_state.py``), and one such object exists, the update adopts it
  instead of creating a second; otherwise the run stops and says which ``adoptSid`` to set.

Without Twilio credentials (a pull-request check on a fork, say) the checks are skipped with a notice; the
preview still runs the config schema, ``check()`` and the policy pack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from components.a2p_campaign import TYPE as CAMPAIGN
from components.a2p_trust_product import TYPE as TRUST_PRODUCT
from components.brand_registration import TYPE as BRAND
from components.conversations_address import TYPE as RETIRED_ADDRESS
from components.customer_profile import TYPE as CUSTOMER_PROFILE
from components.errors import TwilioConfigError
from components.flex_a2p_messaging import child_name
from components.messaging_service import TYPE as SERVICE
from components.stack_state import StackState, describe
from components.twilio_client import build_client, none_if_not_found, twilio_error
from components.twilio_settings import Resolved
from twilio_contract import ErrorCode

T = TypeVar("T")
NS = "flex-a2p"


class Config(Protocol):
    messaging_service: dict[str, Any]
    phone_numbers: list[str]
    brand: dict[str, Any] | None
    campaign: dict[str, Any] | None
    twilio: Resolved
    trust_hub: dict[str, dict[str, Any]] | None


@dataclass
class Findings:
    """Refusals (the run stops before declaring anything), notices, and the SIDs to adopt instead of creating."""

    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    adopt: dict[str, str] = field(default_factory=dict)  # "messaging_service" | "brand" | "campaign" -> SID


class _Stop(Exception):
    """A Twilio read failed: the remaining checks would say nothing reliable."""


def has_credentials(settings: Resolved) -> bool:
    return any(settings.get(n) for n in ("account_sid", "auth_token", "api_key", "api_secret"))


def run(config: Config, raw_config: Mapping[str, Any], state: Callable[[], StackState], component: str,
        environ: Mapping[str, str] | None = None) -> Findings:
    """The checks, or a notice saying why they were skipped. ``state`` reads the stack's checkpoint (only when
    Twilio can be asked)."""
    findings = Findings()
    if not has_credentials(config.twilio):
        findings.notices.append("no Twilio credentials (twilio:accountSid + twilio:authToken or twilio:apiKey + "
                                "twilio:apiSecret, or TWILIO_* variables): the read-only Twilio checks are skipped "
                                "here; `up`, which needs credentials, runs them before it writes anything")
        return findings
    try:
        client, creds = build_client(raw_config, environ)
    except TwilioConfigError as exc:
        findings.problems.append(str(exc))
        return findings
    checks = _Checks(client, creds.account_sid, config, state(), component, findings)
    try:
        checks.all()
    except _Stop:
        pass
    return findings


def created_addresses(state: StackState) -> list[str]:
    """The numbers whose Conversations address configuration a retired per-number resource in the stack's state
    created (its output ``created``): the batch resource that adopts them must still delete exactly these on
    destroy. Only the state already read; empty once the stack is migrated."""
    return sorted({str(e.outputs["address"]) for e in state.managed(RETIRED_ADDRESS)
                   if e.outputs.get("created") is True and isinstance(e.outputs.get("address"), str)})


class _Checks:
    def __init__(self, client: Any, account_sid: str, config: Config, state: StackState, component: str,
                 findings: Findings) -> None:
        self.client = client
        self.account = account_sid
        self.config = config
        self.state = state
        self.names = {kind: child_name(component, kind)
                      for kind in ("service", "brand", "campaign", "customer-profile", "a2p-profile")}
        self.found = findings
        self._services: list[Any] | None = None
        self._started: dict[str, Future[Any]] = {}

    # -- plumbing ------------------------------------------------------------------------------------------------
    def read(self, action: str, fn: Callable[[], T]) -> T:
        """``fn()``, or the result of the same read :meth:`prefetch` started."""
        started = self._started.pop(action, None)
        try:
            return started.result() if started is not None else fn()
        except Exception as exc:  # noqa: BLE001 - every read failure stops the checks with Twilio's words
            self.found.problems.append(f"checking the stack against Twilio: {twilio_error(action, exc)}")
            raise _Stop from None

    def fetch(self, action: str, fn: Callable[[], T]) -> T | None:
        """A fetch where 404 means "does not exist"."""
        return self.read(action, lambda: none_if_not_found(fn))

    def prefetch(self, pool: ThreadPoolExecutor) -> None:
        """Start at once the reads that do not depend on each other's answers (the checks then take them by their
        action): one after the other, at Twilio's latency, they were most of the checks' time."""
        reads: dict[str, Callable[[], Any]] = {
            "list Messaging Services": lambda: self.client.messaging.v1.services.list(page_size=1000)}
        if self.config.phone_numbers:
            reads["list IncomingPhoneNumbers"] = lambda: self.client.incoming_phone_numbers.list(page_size=1000)
        brand, hub = self.config.brand, self.config.trust_hub or {}
        if brand is not None and not (brand.get("sid") or brand.get("adopt_sid")):
            trusthub = self.client.trusthub.v1
            for part, key, what, kind in (("customer_profile", "customer_profile_bundle_sid", "CustomerProfile",
                                           trusthub.customer_profiles),
                                          ("a2p_profile", "a2p_profile_bundle_sid", "TrustProduct",
                                           trusthub.trust_products)):
                sid = brand.get(key)
                if sid and part not in hub:
                    reads[f"read Trust Hub {what} {sid}"] = lambda k=kind, b=sid: none_if_not_found(k(b).fetch)
            named = all(brand.get(key) for key in ("customer_profile_bundle_sid", "a2p_profile_bundle_sid"))
            if named and not hub and not self.state.managed(BRAND, self.names["brand"]):
                reads["list Brand Registrations"] = lambda: self.client.messaging.v1.brand_registrations.list(
                    page_size=1000)
        self._started = {action: pool.submit(fn) for action, fn in reads.items()}

    def problem(self, key: str, message: str) -> None:
        self.found.problems.append(f"{NS}:{key}: {message}")

    def missing(self, key: str, what: str, sid: str) -> None:
        self.problem(key, f"{what} {sid} does not exist in account {self.account} (Twilio error "
                          f"{int(ErrorCode.NOT_FOUND)})")

    def services(self) -> list[Any]:
        if self._services is None:
            self._services = self.read("list Messaging Services",
                                       lambda: self.client.messaging.v1.services.list(page_size=1000))
        return self._services

    # -- the checks ------------------------------------------------------------------------------------------------
    def all(self) -> None:
        if not self.state.readable:
            self.found.notices.append(f"the stack's state could not be read ({self.state.problem}): objects an "
                                      "interrupted update made cannot be recognised, so none is adopted")
        with ThreadPoolExecutor(max_workers=4, thread_name_prefix="preflight") as pool:
            self.prefetch(pool)
            self.checks()
            for unused in self._started.values():
                unused.cancel()  # a check stopped before taking it

    def checks(self) -> None:
        service_sid = self.service()
        self.numbers(service_sid)
        self.trust_hub()
        brand_sid = self.brand()
        self.campaign(service_sid, brand_sid)
        pending = self.state.pending_creates
        if pending and len(self.state.stale_pending()) == len(pending):
            self.found.notices.append(
                f"the state still lists pending creates from an interrupted update ({describe(pending)}); each of "
                "them is managed now, so the records say nothing more: drop them with `pulumi refresh "
                "--clear-pending-creates --yes`")
        elif pending:
            self.found.notices.append(
                f"the state lists pending creates from an interrupted update ({describe(pending)}); the engine keeps "
                "them after this update too: once it has succeeded, drop them with `pulumi refresh "
                "--clear-pending-creates --yes` (not before: they are how this update recognises what those creates "
                "made)")

    def service(self) -> str | None:
        """The Messaging Service's SID when it exists already (managed, adopted), else None."""
        wanted = self.config.messaging_service
        managed = self.state.managed(SERVICE, self.names["service"])
        if wanted.get("adopt_sid"):
            sid = wanted["adopt_sid"]
            if self.fetch(f"read Messaging Service {sid}", self.client.messaging.v1.services(sid).fetch) is None:
                self.missing("messagingService.adoptSid", "Messaging Service", sid)
            return sid
        name = wanted.get("friendly_name")
        others = [s for s in self.services() if s.friendly_name == name and s.sid not in self.state.ids(SERVICE)]
        if managed:
            if others:
                self.found.notices.append(
                    f"{_sids(others)} also named {name!r} but not managed by this stack: left over from an "
                    "interrupted create? Delete it in the Console if it is not in use")
            return managed[0].id
        made = self.interrupted("service", SERVICE, others, f"Messaging Service named {name!r}")
        if isinstance(made, str):
            self.found.adopt["messaging_service"] = made
            return made
        if others and not made:
            self.problem("messagingService.friendlyName",
                         f"{_sids(others)} already named {name!r} and not managed by this stack; a second service with "
                         f"the same name is how duplicates hide. To manage it set {NS}:messagingService.adoptSid: "
                         f"{others[0].sid}; otherwise choose another friendlyName")
        return None

    def interrupted(self, kind: str, type_token: str, candidates: Sequence[Any], what: str) -> str | bool:
        """When the state records an interrupted create of this resource: the SID of the one candidate (the checks
        of that update had found none, so it is what the create made), or True after stopping the run for several.
        False when there is no such record, or nothing it could have made."""
        if not self.state.pending(type_token, self.names[kind]) or not candidates:
            return False
        if len(candidates) > 1:
            key = {"service": "messagingService", "brand": "brand", "campaign": "campaign"}[kind]
            self.problem(f"{key}.adoptSid", f"an interrupted update was creating the {what}, and {_sids(candidates)} "
                                            f"match it: set {NS}:{key}.adoptSid to the one to keep and delete the others")
            return True
        self.found.notices.append(f"an interrupted update was creating the {what}; {candidates[0].sid} is what it "
                                  "made, so this update adopts it instead of creating another")
        return str(candidates[0].sid)

    def numbers(self, service_sid: str | None) -> None:
        numbers = self.config.phone_numbers
        if not numbers:
            return
        owned = {n.phone_number: n for n in self.read(
            "list IncomingPhoneNumbers", lambda: self.client.incoming_phone_numbers.list(page_size=1000))}
        for i, e164 in enumerate(numbers):
            number = owned.get(e164)
            if number is None:
                self.problem(f"phoneNumbers[{i}]", f"{e164} is not a phone number of account {self.account}; buy or "
                                                   f"port it first (Twilio error {int(ErrorCode.INVALID_PHONE_NUMBER)})")
            elif not (getattr(number, "capabilities", None) or {}).get("sms"):
                self.problem(f"phoneNumbers[{i}]", f"{e164} ({number.sid}) cannot send SMS (Twilio error "
                                                   f"{int(ErrorCode.SENDER_LACKS_SMS)})")
        held: dict[str, Any] = {}
        for service in self.services():
            for sender in self.read(f"list the senders of Messaging Service {service.sid}",
                                    lambda s=service: self.client.messaging.v1.services(s.sid).phone_numbers.list(
                                        page_size=1000)):
                held[sender.phone_number] = service
        for i, e164 in enumerate(numbers):
            holder = held.get(e164)
            if holder is not None and holder.sid != service_sid:
                self.problem(f"phoneNumbers[{i}]", f"{e164} is in Messaging Service {holder.sid} "
                                                   f"({holder.friendly_name!r}), and a number sits in one service only "
                                                   f"(Twilio error {int(ErrorCode.SENDER_IN_ANOTHER_SERVICE)}): remove "
                                                   "it there first")
        in_pool = {n for n, s in held.items() if s.sid == service_sid}
        limit = int(self.config.twilio.get("sender_pool_limit"))
        total = len(in_pool | set(numbers))
        if total > limit:
            where = f"Messaging Service {service_sid}" if service_sid else "the new Messaging Service"
            self.problem("phoneNumbers", f"{where} would hold {total} senders, over its sender pool limit of {limit} "
                                         f"(twilio:senderPoolLimit; Twilio error {int(ErrorCode.SENDER_POOL_FULL)})")

    def trust_hub(self) -> None:
        """The bundles ``trustHub`` names by SID exist: those to adopt, the customer profile an A2P profile holds and
        an ISV's primary profile. (The bundles it makes are its own resources' business: their create looks for a
        lost one like every create.)"""
        hub = self.config.trust_hub or {}
        trusthub = self.client.trusthub.v1
        named = [("customerProfile.adoptSid", hub.get("customer_profile", {}).get("adopt_sid"), "CustomerProfile",
                  trusthub.customer_profiles),
                 ("customerProfile.primaryProfileSid", hub.get("customer_profile", {}).get("primary_profile_sid"),
                  "CustomerProfile", trusthub.customer_profiles),
                 ("a2pProfile.adoptSid", hub.get("a2p_profile", {}).get("adopt_sid"), "TrustProduct",
                  trusthub.trust_products),
                 ("a2pProfile.customerProfileSid", hub.get("a2p_profile", {}).get("customer_profile_sid"),
                  "CustomerProfile", trusthub.customer_profiles)]
        for key, sid, what, kind in named:
            if sid and self.fetch(f"read Trust Hub {what} {sid}", kind(sid).fetch) is None:
                self.missing(f"trustHub.{key}", f"Trust Hub {what} bundle", sid)

    def managed_bundle(self, kind: str, type_token: str) -> str | None:
        """The SID of a bundle ``trustHub`` makes, once an earlier update made it."""
        managed = self.state.managed(type_token, self.names[kind])
        return managed[0].id if managed else None

    def brand(self) -> str | None:
        """The brand's SID when it exists already (referenced, adopted, managed), else None."""
        wanted = self.config.brand
        if wanted is None:
            return None
        brands = self.client.messaging.v1.brand_registrations
        for key, sid in (("brand.sid", wanted.get("sid")), ("brand.adoptSid", wanted.get("adopt_sid"))):
            if sid:
                if self.fetch(f"read Brand Registration {sid}", brands(sid).fetch) is None:
                    self.missing(key, "Brand Registration", sid)
                return str(sid)
        hub = self.config.trust_hub or {}
        managed = (self.managed_bundle("customer-profile", CUSTOMER_PROFILE) if "customer_profile" in hub else None,
                   self.managed_bundle("a2p-profile", TRUST_PRODUCT) if "a2p_profile" in hub else None)
        bundles = (managed[0] or wanted.get("customer_profile_bundle_sid"),
                   managed[1] or wanted.get("a2p_profile_bundle_sid"))
        trusthub = self.client.trusthub.v1
        for key, sid, what, kind in (("brand.customerProfileBundleSid", bundles[0], "CustomerProfile",
                                      trusthub.customer_profiles),
                                     ("brand.a2pProfileBundleSid", bundles[1], "TrustProduct", trusthub.trust_products)):
            if sid is None or sid in managed:
                continue  # a bundle the stack makes (or is about to): its own resource checks it
            bundle = self.fetch(f"read Trust Hub {what} {sid}", kind(sid).fetch)
            if bundle is None:
                self.missing(key, f"Trust Hub {what} bundle", sid)
            elif bundle.status == "twilio-rejected":
                self.problem(key, f"Trust Hub {what} {sid} was rejected ({bundle.status}); a brand on it fails "
                                  f"(Twilio error {int(ErrorCode.BRAND_BUNDLES_INVALID)}): fix and resubmit the bundle")
            elif bundle.status == "draft":
                self.found.notices.append(f"{NS}:{key}: Trust Hub {what} {sid} is still a draft; submit it for review, "
                                          "or the brand fails when its review comes due (Twilio error "
                                          f"{int(ErrorCode.BRAND_BUNDLES_INVALID)})")
        brand = self.state.managed(BRAND, self.names["brand"])
        if brand:
            return brand[0].id
        if None in bundles:
            return None  # a bundle this update makes: no brand can be registered for it yet
        same = [b for b in self.read("list Brand Registrations", lambda: brands.list(page_size=1000))
                if (b.customer_profile_bundle_sid, b.a2p_profile_bundle_sid) == bundles
                and b.sid not in self.state.ids(BRAND)]
        made = self.interrupted("brand", BRAND, same, "brand for these bundles")
        if isinstance(made, str):
            self.found.adopt["brand"] = made
            return made
        if same and not made:
            self.problem("brand", f"{_sids(same)} already registered for these bundles ({same[0].status}); Twilio "
                                  f"cannot delete brands and a second registration costs fees again. Manage it with "
                                  f"{NS}:brand.adoptSid: {same[0].sid}, or reference it read-only with {NS}:brand.sid: "
                                  f"{same[0].sid}")
        return None

    def campaign(self, service_sid: str | None, brand_sid: str | None) -> None:
        wanted = self.config.campaign
        if wanted is None:
            return
        sid = wanted.get("adopt_sid")
        if service_sid is None:
            if sid:
                self.problem("campaign.adoptSid", f"campaign {sid} cannot be adopted: the Messaging Service is "
                                                  "created by this update, so it has no campaign yet")
            return
        campaigns = self.client.messaging.v1.services(service_sid).us_app_to_person
        if sid:
            if self.fetch(f"read A2P campaign {sid}", campaigns(sid).fetch) is None:
                self.missing("campaign.adoptSid", f"A2P campaign of Messaging Service {service_sid}:", sid)
            return
        if self.state.managed(CAMPAIGN, self.names["campaign"]):
            return
        existing = self.read(f"list the A2P campaigns of Messaging Service {service_sid}",
                             lambda: campaigns.list(page_size=50))
        if not existing:
            return
        ours = [c for c in existing if (brand_sid is None or c.brand_registration_sid == brand_sid)
                and c.us_app_to_person_usecase == wanted.get("us_app_to_person_usecase")]
        made = self.interrupted("campaign", CAMPAIGN, ours, "A2P campaign")
        if isinstance(made, str):
            self.found.adopt["campaign"] = made
            return
        if made:
            return
        c = existing[0]
        self.problem("campaign", f"Messaging Service {service_sid} already has A2P campaign {c.sid} "
                                 f"({c.us_app_to_person_usecase}, {c.campaign_status}), and a service holds one. "
                                 f"Manage it with {NS}:campaign.adoptSid: {c.sid}, or delete it first")


def _sids(objects: Sequence[Any]) -> str:
    sids = [str(o.sid) for o in objects]
    return sids[0] + " is" if len(sids) == 1 else ", ".join(sids) + " are"


__all__ = ["Findings", "created_addresses", "has_credentials", "run"]
