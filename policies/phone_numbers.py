"""Which phone number sits in which Messaging Service, and whether a service sending from US 10DLC numbers is
registered for it. Stack policies: they relate resources to each other, over the stack's outputs.

Numbers are matched by E.164 and by PN SID, services by SID and, during preview when SIDs are unknown, through
property dependencies (a number's ``service_sid`` or a campaign's ``messaging_service_sid`` depends on the service).
Messages show at most the last four digits of a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyResource,
    ReportViolation,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from policies.config import ExemptServicesConfig, UnknownValuesConfig, setting
from policies.properties import UNKNOWN, Properties, label, mask_number
from policies.resource_types import (
    CAMPAIGN_TYPES,
    MESSAGING_SERVICE_PHONE_NUMBER,
    MESSAGING_SERVICE_SENDER_POOL,
    PHONE_NUMBER_TYPES,
    SERVICE_TYPES,
)
from twilio_contract import ErrorCode

#: The inputs that name the number of an attachment: its E.164 form, or its IncomingPhoneNumber SID.
NUMBER_INPUTS = ("phone_number", "phone_number_sid")

# NANP area codes that are +1 but not US 10DLC: toll-free, Canada, and the non-US Caribbean/Atlantic
# countries. Configurable (us-10dlc-service-has-campaign: nonUsAreaCodes) because numbering changes.
TOLL_FREE_AREA_CODES = ("800", "822", "833", "844", "855", "866", "877", "888")
DEFAULT_NON_US_AREA_CODES = (
    # Canada
    "204", "226", "236", "249", "250", "257", "263", "289", "306", "343", "354", "365", "367", "368", "382",
    "387", "403", "416", "418", "428", "431", "437", "438", "450", "460", "468", "474", "506", "514", "519",
    "548", "579", "581", "584", "587", "604", "613", "639", "647", "672", "683", "705", "709", "742", "753",
    "778", "780", "782", "807", "819", "825", "867", "873", "879", "902", "905", "942",
    # Caribbean and Atlantic NANP countries outside the US
    "242", "246", "264", "268", "284", "345", "441", "473", "649", "658", "664", "721", "758", "767", "784",
    "809", "829", "849", "868", "869", "876",
)

_E164_NANP = re.compile(r"^\+1(\d{3})\d{7}$")


@dataclass(frozen=True)
class TenDlcConfig(ExemptServicesConfig):
    """us-10dlc-service-has-campaign."""

    non_us_area_codes: tuple[str, ...] = setting(
        DEFAULT_NON_US_AREA_CODES,
        "+1 area codes that are not US 10DLC (Canada, Caribbean). Toll-free 8XX codes are always excluded.",
        items={"pattern": "^[2-9][0-9]{2}$"},
    )


# --------------------------------------------------------------------------------------------------------------
# Attachments: which number is in which service


@dataclass(frozen=True)
class _Attachment:
    resource: PolicyResource
    numbers: tuple[str, ...]  # identities: E.164 and/or PN SID
    e164: str | None
    service_refs: frozenset[str]  # service SID value and/or URN of the service resource it depends on
    unknown: bool


def _refs(resource: PolicyResource, prop: str) -> frozenset[str]:
    """What a reference property points at: its SID value and the URNs of the resources it depends on."""
    props = Properties.of(resource)
    refs: set[str] = set()
    value = props.get(prop)
    if isinstance(value, str) and value:
        refs.add(value)
    deps = resource.property_dependencies or {}
    for dep in deps.get(props.key(prop), []) or []:
        refs.add(dep.urn)
    return frozenset(refs)


def _attachments(resources: Sequence[PolicyResource]) -> list[_Attachment]:
    found: list[_Attachment] = []
    for r in resources:
        if r.resource_type not in PHONE_NUMBER_TYPES:
            continue
        props = Properties.of(r)
        if r.resource_type == MESSAGING_SERVICE_SENDER_POOL:
            found += _pool_attachments(r, props)
            continue
        numbers: list[str] = []
        e164: str | None = None
        unknown = False
        for prop in NUMBER_INPUTS:
            value = props.get(prop)
            if value is UNKNOWN:
                unknown = True
            elif isinstance(value, str) and value:
                numbers.append(value)
                if prop == "phone_number":
                    e164 = value
        if r.resource_type == MESSAGING_SERVICE_PHONE_NUMBER:
            # Our outputs carry the service phone number SID (PN…), the same identity as phone_number_sid.
            sid = props.get("sid")
            if isinstance(sid, str) and sid.startswith("PN"):
                numbers.append(sid)
        found.append(_Attachment(r, tuple(dict.fromkeys(numbers)), e164, _refs(r, "service_sid"), unknown and not numbers))
    return found


def _pool_attachments(r: PolicyResource, props: Properties) -> list[_Attachment]:
    """A sender pool attaches each number it lists (E.164, and its PN SID once known) to its service."""
    numbers = props.get("phone_numbers")
    service = _refs(r, "service_sid")
    if not isinstance(numbers, list):
        return [_Attachment(r, (), None, service, numbers is UNKNOWN)]
    sids = props.get("phone_number_sids")
    sids = sids if isinstance(sids, dict) else {}
    found = []
    for n in numbers:
        if n is UNKNOWN or not isinstance(n, str):
            found.append(_Attachment(r, (), None, service, True))
            continue
        sid = sids.get(n)
        ids = (n, sid) if isinstance(sid, str) and sid.startswith("PN") else (n,)
        found.append(_Attachment(r, ids, n, service, False))
    return found


# --------------------------------------------------------------------------------------------------------------
# phone-number-in-one-messaging-service


def validate_number_in_one_service(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """A number can belong to one Messaging Service only; a second attachment fails (or steals it) on deploy."""
    by_identity: dict[str, list[_Attachment]] = {}
    unknown = False
    for a in _attachments(args.resources):
        unknown = unknown or a.unknown
        for identity in a.numbers:
            by_identity.setdefault(identity, []).append(a)
    reported: set[frozenset[str]] = set()
    for identity, group in by_identity.items():
        urns = frozenset(a.resource.urn for a in group)
        if len(urns) < 2 or urns in reported:
            continue
        reported.add(urns)
        names = ", ".join(sorted(f"'{a.resource.name}'" for a in group))
        shown = mask_number(identity) if identity.startswith("+") else "a phone number SID ending " + identity[-4:]
        report_violation(
            f"Phone number {shown} is attached by {len(urns)} resources ({names}); Twilio allows a number in "
            "one Messaging Service only. Keep a single attachment.",
            sorted(urns)[1],
        )
    if unknown and UnknownValuesConfig.read(args).unknown_is_violation:
        report_violation("A phone number attachment's number is not known during preview; uniqueness is unproven.")


# --------------------------------------------------------------------------------------------------------------
# us-10dlc-service-has-campaign


def is_us_10dlc(e164: str, non_us_area_codes: Iterable[str]) -> bool:
    """+1 and a US geographic area code: not toll-free (8XX) and not another NANP country."""
    m = _E164_NANP.match(e164)
    if not m:
        return False
    area = m.group(1)
    return area not in TOLL_FREE_AREA_CODES and area not in set(non_us_area_codes)


def validate_10dlc_service_has_campaign(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """US carriers block unregistered 10DLC traffic (error 30034): a service sending from one needs a campaign."""
    config = TenDlcConfig.read(args)
    services = [r for r in args.resources if r.resource_type in SERVICE_TYPES and not config.exempt(r.name)]
    campaign_refs: set[str] = set()
    for r in args.resources:
        if r.resource_type in CAMPAIGN_TYPES:
            campaign_refs |= _refs(r, "messaging_service_sid")
    attachments = _attachments(args.resources)
    for service in services:
        identities = {service.urn}
        sid = Properties.of(service).get("sid")
        if isinstance(sid, str) and sid:
            identities.add(sid)
        numbers = [
            a.e164
            for a in attachments
            if a.service_refs & identities and a.e164 is not None and is_us_10dlc(a.e164, config.non_us_area_codes)
        ]
        if numbers and not identities & campaign_refs:
            shown = ", ".join(mask_number(n) for n in sorted(set(numbers)))
            report_violation(
                f"Messaging Service {label(service)} holds US 10DLC number(s) {shown} but no A2P campaign "
                "(A2PCampaign) in this stack registers it; US carriers block its messages "
                f"(Twilio error {int(ErrorCode.UNREGISTERED_10DLC_BLOCKED)}).",
                service.urn,
            )


# --------------------------------------------------------------------------------------------------------------
# the policies

NUMBER_IN_ONE_SERVICE = StackValidationPolicy(
    name="phone-number-in-one-messaging-service",
    description="A phone number is attached to at most one Messaging Service in the stack.",
    validate=validate_number_in_one_service,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    config_schema=UnknownValuesConfig.schema(),
)

TEN_DLC_HAS_CAMPAIGN = StackValidationPolicy(
    name="us-10dlc-service-has-campaign",
    description="A Messaging Service holding US 10DLC numbers has an A2P campaign in the stack.",
    validate=validate_10dlc_service_has_campaign,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.HIGH,
    config_schema=TenDlcConfig.schema(),
)

POLICIES: tuple[Policy, ...] = (NUMBER_IN_ONE_SERVICE, TEN_DLC_HAS_CAMPAIGN)
