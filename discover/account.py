"""What a Twilio account holds that a flex-a2p stack can manage, read with GET requests only.

The objects are read the way the stack's own providers read them (their ``fetch()``: a campaign in the
representation that carries its policy URLs, a Trust Hub bundle with the parts it holds), so what discovery writes
is what the providers will compare with when they adopt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pulumi.dynamic import ConfigureRequest

from components.a2p_campaign import A2PCampaignProvider
from components.a2p_trust_product import A2PTrustProductProvider
from components.customer_profile import CustomerProfileProvider
from components.inbound_routing import TwilioReads
from components.provider_base import TwilioProvider
from components.trust_hub import Snapshot
from components.twilio_client import ConfigLike, TwilioCredentials, build_client
from twilio_contract import sid_pattern

P = TypeVar("P", bound=TwilioProvider)


class ChoiceNeeded(Exception):
    """The account has several of something and nothing says which one the stack is for."""

    def __init__(self, message: str, options: list[tuple[str, str, str]]) -> None:
        super().__init__(message)
        self.options = options  # (SID, name, what else is worth knowing)


class BadChoice(Exception):
    """A flag names something the account does not have; the message names the flag."""


@dataclass
class Bundle:
    """A Trust Hub bundle the brand names, and whether the stack's bundle resource can adopt it (its policy)."""

    snapshot: Snapshot
    adoptable: bool


@dataclass
class Account:
    """What was read. ``pools`` maps every Messaging Service to the numbers in its sender pool (E.164 -> PN SID)."""

    sid: str
    services: list[Any]
    pools: dict[str, dict[str, str]]
    numbers: dict[str, str]  # every IncomingPhoneNumber of the account: E.164 -> PN SID
    service: Any
    campaign: Any | None = None
    brands: list[Any] = field(default_factory=list)
    brand: Any | None = None
    customer_profile: Bundle | None = None
    trust_product: Bundle | None = None
    addresses: dict[str, Any] = field(default_factory=dict)  # E.164 -> its address configuration, or None

    @property
    def numbers_in_service(self) -> list[str]:
        return sorted(self.pools.get(self.service.sid, {}))

    def holder(self, e164: str) -> Any | None:
        """The Messaging Service holding a number, or None."""
        return next((s for s in self.services if e164 in self.pools.get(s.sid, {})), None)


class Reader:
    """The account of ``config``'s credentials (the stack's ``twilio:*`` config, else the ``TWILIO_*`` variables)."""

    def __init__(self, config: ConfigLike, environ: Mapping[str, str] | None = None) -> None:
        self.config = config
        self.client, self.creds = build_client(config, environ)
        self.reads = TwilioReads(self.client, self.creds.account_sid, self.creds.secrets)

    @property
    def credentials(self) -> TwilioCredentials:
        return self.creds

    def provider(self, cls: type[P]) -> P:
        """A stack provider configured as the plugin configures it, to read objects as it reads them."""
        provider = cls()
        provider.configure(ConfigureRequest(self.config))  # type: ignore[arg-type]
        return provider

    def read(self, service_sid: str | None, brand_sid: str | None) -> Account:
        """Everything discovery needs for the service ``service_sid`` (None: the account's only one)."""
        base = self.provider(TwilioProvider)
        messaging = self.client.messaging.v1
        services = base.call("list Messaging Services", lambda: messaging.services.list(page_size=1000))
        service = _choose("--service", "MG", "Messaging Service", service_sid, services,
                          lambda s: (s.sid, s.friendly_name or "", "defers to the number's webhook"
                                     if s.use_inbound_webhook_on_number else "does NOT defer to the number's webhook"))
        pools = {s.sid: {n.phone_number: n.sid for n in base.call(
            f"list the numbers of Messaging Service {s.sid}",
            lambda s=s: messaging.services(s.sid).phone_numbers.list(page_size=1000))} for s in services}
        numbers = {n.phone_number: n.sid for n in base.call(
            "list the account's phone numbers", lambda: self.client.incoming_phone_numbers.list(page_size=1000))}
        account = Account(self.creds.account_sid, services, pools, numbers, service)

        campaigns = base.call(f"list the A2P campaign of Messaging Service {service.sid}",
                              lambda: messaging.services(service.sid).us_app_to_person.list(page_size=50))
        if campaigns:
            account.campaign = self.provider(A2PCampaignProvider).fetch(
                campaigns[0].sid, {"messaging_service_sid": service.sid})
        account.brands = base.call("list Brand Registrations",
                                   lambda: messaging.brand_registrations.list(page_size=1000))
        if account.campaign is not None:
            registered = account.campaign.brand_registration_sid
            if brand_sid is not None and brand_sid != registered:
                raise BadChoice(f"--brand {brand_sid}: the service's campaign {account.campaign.sid} is registered "
                                f"under brand {registered}, which is the one the stack adopts")
            brand_sid = registered
        if brand_sid is not None or len(account.brands) == 1:
            account.brand = _choose("--brand", "BN", "Brand Registration", brand_sid, account.brands,
                                    lambda b: (b.sid, b.brand_type or "", b.status or ""))
        if account.brand is not None:
            account.customer_profile = self._bundle(CustomerProfileProvider,
                                                    account.brand.customer_profile_bundle_sid)
            account.trust_product = self._bundle(A2PTrustProductProvider, account.brand.a2p_profile_bundle_sid)
        account.addresses = {e164: self.reads.address(e164) for e164 in account.numbers_in_service}
        return account

    def _bundle(self, cls: type[CustomerProfileProvider] | type[A2PTrustProductProvider],
                sid: str | None) -> Bundle | None:
        if not sid:
            return None
        provider = self.provider(cls)
        snapshot = provider.fetch(sid, {})
        if snapshot is None:
            return None
        return Bundle(snapshot, snapshot.policy_sid == provider.policy_sid)


def _choose(flag: str, prefix: str, kind: str, wanted: str | None, found: list[Any],
            describe: Any) -> Any:
    """The one object a flag (or the account, when it has only one) names."""
    if wanted is not None:
        if not sid_pattern(prefix).match(wanted):
            raise BadChoice(f"{flag}: {wanted!r} is not a {kind} SID ({prefix} followed by 32 hex digits)")
        match = next((o for o in found if o.sid == wanted), None)
        if match is None:
            have = ", ".join(o.sid for o in found) or "none"
            raise BadChoice(f"{flag}: the account has no {kind} {wanted} (it has: {have})")
        return match
    if len(found) == 1:
        return found[0]
    if not found:
        raise BadChoice(f"the account has no {kind}: nothing to adopt (a stack without `adoptSid` creates one)")
    raise ChoiceNeeded(f"the account has {len(found)} {kind}s; pick the one this stack manages with {flag} "
                       f"{prefix}…", [describe(o) for o in found])


def plain_config(values: Mapping[str, Any]) -> ConfigLike:
    """Stack config (top-level key -> value) as the Twilio client reads it: ``get(key)`` of a string."""

    class _Config:
        def get(self, key: str) -> Any:
            value = values.get(key)
            return None if value is None else str(value)

    return _Config()
