"""From what the account holds to what the stack's config says: the ``flex-a2p:*`` sections (each adopting its
object with ``adoptSid``), the summary's rows, and what is only reported.

Which resources the stack adopts follows the stack program's shape (``components/flex_a2p_messaging.py``): one
Messaging Service and the numbers in its sender pool; the campaign registered for it and the brand the campaign
names (or the account's only brand); the brand's two Trust Hub bundles where the stack's bundle resources can hold
them (a Secondary Customer Profile and an A2P trust product); and the numbers' Conversations address configurations
when every number has one into the same target, the one setting ``flex-a2p:flexInbound`` gives all of them (one
ConversationsAddressConfigurations resource, whose create adopts them all with no write).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import stack_config
from components import a2p_trust_product, customer_profile
from components.a2p_campaign import A2PCampaignArgs
from components.a2p_trust_product import A2PTrustProductArgs
from components.brand_registration import BrandRegistrationArgs
from components.conversations_address import TARGETS, AddressSettingsArgs, as_inputs
from components.customer_profile import CustomerProfileArgs
from components.inbound_routing import Expected, Flavour, Judge, ServiceSettings, TwilioReads, host_of
from components.inputs import ResourceArgs
from components.messaging_service import MessagingServiceArgs
from components.trust_hub import TO_SUBMIT
from discover.account import Account, Bundle
from discover.values import Section, from_twilio

SERVICE, NUMBERS, TRUST_HUB, BRAND, CAMPAIGN, FLEX_INBOUND = (f"{stack_config.NAMESPACE}:{k}" for k in (
    "messagingService", "phoneNumbers", "trustHub", "brand", "campaign", "flexInbound"))
ACCOUNT_KEY = "twilio:accountSid"


@dataclass(frozen=True)
class Row:
    """One line of the summary: what was found, its SID, what it is like, and what the stack does with it."""

    what: str
    sid: str
    detail: str
    action: str


@dataclass
class Plan:
    sections: dict[str, Section] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def adopting(declaration: type[ResourceArgs], section: Section, sid: str) -> Section:
    """``section`` with its object's SID under the declaration's own adoption key (``adoptSid``)."""
    return Section({**section.value, declaration.config_keys()["adopt_sid"]: sid}, section.secrets)


def build(account: Account, existing: Mapping[str, Any], reads: TwilioReads) -> Plan:
    """The config sections and the summary of what ``account`` holds for the stack whose config is ``existing``."""
    plan = Plan()
    service = account.service
    plan.sections[SERVICE] = adopting(MessagingServiceArgs, from_twilio(MessagingServiceArgs, service, SERVICE),
                                      service.sid)
    defers = "defers to each number's webhook" if service.use_inbound_webhook_on_number else \
        "does NOT defer to the numbers' webhooks"
    plan.rows.append(Row("Messaging Service", service.sid, f"{service.friendly_name!r}, {defers}", "adopt"))
    numbers = account.numbers_in_service
    if numbers:
        plan.sections[NUMBERS] = Section(numbers)
    plan.rows += [Row(f"number {e164}", account.pools[service.sid][e164], "in this service", "adopt")
                  for e164 in numbers]
    _others(account, plan)
    managed = _trust_hub(account, plan)
    _brand(account, existing, managed, plan)
    _campaign(account, plan)
    _flex_inbound(account, reads, existing, plan)
    if ACCOUNT_KEY not in existing:
        plan.sections[ACCOUNT_KEY] = Section(account.sid)
    return plan


def _others(account: Account, plan: Plan) -> None:
    """What is outside the stack: other services and their numbers, numbers in no service."""
    for other in account.services:
        if other.sid == account.service.sid:
            continue
        plan.notes.append(f"Messaging Service {other.sid} ({other.friendly_name!r}) is not this stack's: left as it is")
        for e164 in sorted(account.pools.get(other.sid, {})):
            plan.rows.append(Row(f"number {e164}", account.pools[other.sid][e164],
                                 f"in Messaging Service {other.sid} ({other.friendly_name!r})",
                                 "reported, not moved"))
    for e164 in sorted(set(account.numbers) - {n for pool in account.pools.values() for n in pool}):
        plan.rows.append(Row(f"number {e164}", account.numbers[e164], "in no Messaging Service", "reported"))
        plan.notes.append(f"{e164} is in no Messaging Service: add it to {NUMBERS} to have `up` add it to this one")


def _trust_hub(account: Account, plan: Plan) -> tuple[str, ...]:
    """The brand's bundles the stack's bundle resources adopt; returns the brand inputs they then provide."""
    hub: dict[str, Any] = {}
    secrets: set[str] = set()
    managed: list[str] = []
    profile_adopted = False
    for bundle, declaration, section, brand_input, kind in (
            (account.customer_profile, CustomerProfileArgs, customer_profile.CONFIG_SECTION,
             "customer_profile_bundle_sid", "Customer Profile"),
            (account.trust_product, A2PTrustProductArgs, a2p_trust_product.CONFIG_SECTION,
             "a2p_profile_bundle_sid", "A2P Trust Product")):
        if bundle is None:
            continue
        snapshot = bundle.snapshot
        if not bundle.adoptable:
            plan.rows.append(Row(kind, snapshot.sid, f"policy {snapshot.policy_sid}, {snapshot.status}",
                                 f"named by the brand only ({BRAND})"))
            continue
        skip = ("customer_profile_sid",) if declaration is A2PTrustProductArgs and profile_adopted else ()
        found = adopting(declaration, from_twilio(declaration, snapshot, section, skip=skip), snapshot.sid)
        hub[section.removeprefix(f"{TRUST_HUB}.")] = found.value
        secrets |= found.secrets
        managed.append(brand_input)
        profile_adopted = profile_adopted or declaration is CustomerProfileArgs
        plan.rows.append(Row(kind, snapshot.sid, snapshot.status, "adopt" + _submits(bundle)))
    if hub:
        plan.sections[TRUST_HUB] = Section(hub, frozenset(secrets))
    return tuple(managed)


def _submits(bundle: Bundle) -> str:
    status = bundle.snapshot.status
    return f"; it is {status}, so `up` evaluates and submits it (a write)" if status in TO_SUBMIT else ""


def _brand(account: Account, existing: Mapping[str, Any], managed: tuple[str, ...], plan: Plan) -> None:
    brand = account.brand
    others = [b for b in account.brands if brand is None or b.sid != brand.sid]
    if brand is None and others:
        plan.notes.append(f"the account has {len(others)} brands and no campaign names one: none adopted (pick one "
                          "with --brand BN…)")
    for other in others if brand is not None else ():
        plan.notes.append(f"Brand Registration {other.sid} ({other.status}) is not this stack's: left as it is")
    if brand is None:
        return
    detail = ", ".join(v for v in (brand.brand_type, brand.status, "mock" if brand.mock else "") if v)
    reference = (existing.get(BRAND) or {}).get("sid") if isinstance(existing.get(BRAND), Mapping) else None
    if reference is not None:
        plan.rows.append(Row("Brand Registration", brand.sid, detail, f"kept {BRAND}.sid {reference} (read only)"))
        return
    plan.sections[BRAND] = adopting(BrandRegistrationArgs, from_twilio(BrandRegistrationArgs, brand, BRAND,
                                                                       skip=managed), brand.sid)
    resubmit = "; it FAILED, so the next `up` resubmits it" if brand.status == "FAILED" else ""
    plan.rows.append(Row("Brand Registration", brand.sid, detail, "adopt" + resubmit))


def _campaign(account: Account, plan: Plan) -> None:
    campaign = account.campaign
    if campaign is None:
        return
    plan.sections[CAMPAIGN] = adopting(A2PCampaignArgs, from_twilio(A2PCampaignArgs, campaign, CAMPAIGN),
                                       campaign.sid)
    plan.rows.append(Row("A2P campaign", campaign.sid,
                         f"{campaign.us_app_to_person_usecase}, {campaign.campaign_status}", "adopt"))


def _flex_inbound(account: Account, reads: TwilioReads, existing: Mapping[str, Any], plan: Plan) -> None:
    """The numbers' address configurations: managed (``mode: conversations``) when every number has one into the
    same target on a Flex Conversations account, otherwise verified only, as each number's route is on every
    preview. A ``flexInbound`` the stack already has is its owner's choice, kept whole."""
    addresses = account.addresses
    if not addresses:
        return
    found = {e164: from_twilio(AddressSettingsArgs, as_inputs(a), FLEX_INBOUND).value
             for e164, a in addresses.items() if a is not None}
    judge = Judge(reads, Expected(service=ServiceSettings(True, None, "")))
    first = next(iter(found.values()), None)
    uniform = (len(found) == len(addresses) and all(section == first for section in found.values())
               and all(as_inputs(a).auto_creation_enabled and as_inputs(a).auto_creation_type in TARGETS
                       for a in addresses.values())
               and all(judge.flavour(e164) is Flavour.CONVERSATIONS for e164 in addresses))
    kept = FLEX_INBOUND in existing
    if uniform and first is not None and not kept:
        plan.sections[FLEX_INBOUND] = Section({"mode": "conversations", **first})
    action = (f"as your {FLEX_INBOUND} says" if kept else
              f"adopt ({FLEX_INBOUND}: conversations)" if uniform else "verified only")
    for e164, address in addresses.items():
        if address is None:
            plan.rows.append(Row(f"address {e164}", "-", "no Conversations address configuration", "verified only"))
            continue
        auto = as_inputs(address)
        target = auto.auto_creation_studio_flow_sid or (
            f"webhook on {host_of(auto.auto_creation_webhook_url)}" if auto.auto_creation_webhook_url else "nothing")
        plan.rows.append(Row(f"address {e164}", address.sid, f"auto-creation {auto.auto_creation_type} -> {target}",
                             action))
    if not uniform and found and not kept:
        plan.notes.append(f"the numbers' address configurations are not all alike (or not Flex Conversations), so "
                          f"{FLEX_INBOUND} is left to verify each number's route; set `mode: conversations` with one "
                          "target to manage them")
