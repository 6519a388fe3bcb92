"""flex-a2p policy rules as plain functions over ``ResourceValidationArgs`` / ``StackValidationArgs``.

Kept apart from ``policies/__main__.py`` because constructing a ``PolicyPack`` starts a gRPC server and
never returns, so nothing in ``__main__`` could be imported by tests. ``policies/definitions.py`` wraps
these functions into ``Policy`` objects with their names, levels and config schemas.

Two provider families declare Messaging Services: our dynamic resources (snake_case inputs, type tokens
``pulumi-python:dynamic/twilio:*``) and the Terraform-bridged Twilio provider (camelCase inputs, tokens
``twilio:index/messagingServices*V1:*``). Every rule reads both through :func:`_field`.

The engine hands policies plaintext secrets, so messages name fields, resource names and at most the last
four digits of a phone number, never a property value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pulumi_policy import (
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    Secret,
    StackValidationArgs,
)
from pulumi_policy.proxy import UNKNOWN_BOOLEAN_VALUE, UnknownValueError

from components.a2p_campaign import campaign_violations
from components.campaign_rules import HEURISTIC_RULES

# Type tokens (common.md contracts for ours; the bridged ones are from the generated pulumi-twilio SDK).
MESSAGING_SERVICE = "pulumi-python:dynamic/twilio:MessagingService"
MESSAGING_SERVICE_PHONE_NUMBER = "pulumi-python:dynamic/twilio:MessagingServicePhoneNumber"
A2P_CAMPAIGN = "pulumi-python:dynamic/twilio:A2PCampaign"
BRIDGED_MESSAGING_SERVICE = "twilio:index/messagingServicesV1:MessagingServicesV1"
BRIDGED_PHONE_NUMBER = "twilio:index/messagingServicesPhoneNumbersV1:MessagingServicesPhoneNumbersV1"
BRIDGED_CAMPAIGN = "twilio:index/messagingServicesComplianceUsa2pV1:MessagingServicesComplianceUsa2pV1"

SERVICE_TYPES = frozenset({MESSAGING_SERVICE, BRIDGED_MESSAGING_SERVICE})
PHONE_NUMBER_TYPES = frozenset({MESSAGING_SERVICE_PHONE_NUMBER, BRIDGED_PHONE_NUMBER})
CAMPAIGN_TYPES = frozenset({A2P_CAMPAIGN, BRIDGED_CAMPAIGN})
BRIDGED_TYPES = frozenset({BRIDGED_MESSAGING_SERVICE, BRIDGED_PHONE_NUMBER, BRIDGED_CAMPAIGN})

DEFER = "use_inbound_webhook_on_number"
URL_FIELDS = ("inbound_request_url", "fallback_url", "status_callback")
# With "Defer to sender's webhook" Twilio uses the number's own sms_url/sms_fallback_url instead of these.
IGNORED_WHEN_DEFERRING = ("inbound_request_url", "fallback_url")

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
_UNKNOWN_SENTINELS = frozenset(
    {
        "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
        "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
        "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
        "030794c1-ac77-496b-92df-f27374a8bd58",
        "e48ece36-62e2-4504-bad9-02848725956a",
        "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
    }
)


class _Marker:
    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


MISSING: Any = _Marker("MISSING")
UNKNOWN: Any = _Marker("UNKNOWN")


# --------------------------------------------------------------------------------------------------------------
# Property access that works on plain dicts (unit tests) and on pulumi_policy's unknown-checking and
# secret-wrapping proxies (the real engine) alike.


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _key(resource_type: str, name: str) -> str:
    return _camel(name) if resource_type in BRIDGED_TYPES else name


def _plain(value: Any) -> Any:
    """Deep copy out of the proxies; raises UnknownValueError if anything inside is unknown."""
    if isinstance(value, Secret):
        value = value.value
    if isinstance(value, str):
        if value in _UNKNOWN_SENTINELS:
            raise UnknownValueError(value, [])
        return value
    if isinstance(value, Mapping):
        return {k: _plain(value[k]) for k in value}
    if isinstance(value, Sequence):
        return [_plain(value[i]) for i in range(len(value))]
    return value


def _field(props: Mapping[str, Any], resource_type: str, name: str) -> Any:
    """A property by its snake_case name: its plain value, MISSING (absent or null) or UNKNOWN."""
    key = _key(resource_type, name)
    try:
        if key not in props:
            return MISSING
        value = _plain(props[key])
    except UnknownValueError:
        return UNKNOWN
    return MISSING if value is None else value


def _known_fields(props: Mapping[str, Any], resource_type: str, names: Iterable[str]) -> tuple[dict[str, Any], set[str]]:
    known: dict[str, Any] = {}
    unknown: set[str] = set()
    for name in names:
        value = _field(props, resource_type, name)
        if value is UNKNOWN:
            unknown.add(name)
        elif value is not MISSING:
            known[name] = value
    return known, unknown


def _raise_unknown(name: str) -> None:
    """Hand an unknown back to pulumi_policy, which reports it as an advisory 'can't run during preview'."""
    raise UnknownValueError(UNKNOWN_BOOLEAN_VALUE, [name])


def _config(args: ResourceValidationArgs | StackValidationArgs, key: str, default: Any) -> Any:
    config = args.get_config() or {}
    value = config.get(key, default)
    return default if value is None else value


def _mask_number(number: str) -> str:
    return "…" + number[-4:] if len(number) > 4 else "…"


def _label(resource: PolicyResource | ResourceValidationArgs) -> str:
    return f"'{resource.name}'"


# --------------------------------------------------------------------------------------------------------------
# messaging-service-uses-number-webhook


def defer_setting_problem(resource_type: str, value: Any) -> str | None:
    """Why this use_inbound_webhook_on_number value would not defer to the number's webhook, or None.

    Omitted is fine on our dynamic MessagingService (its check() applies true), but not on the bridged
    MessagingServicesV1, which sends nothing, and Twilio's own default is false.
    """
    if value is True or (isinstance(value, str) and value.strip().lower() == "true"):
        return None
    if value is MISSING:
        if resource_type == MESSAGING_SERVICE:
            return None
        return f"{_key(resource_type, DEFER)} is not set, and Twilio's default is false"
    if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
        return f"{_key(resource_type, DEFER)} is false"
    return f"{_key(resource_type, DEFER)} must be the boolean true, got a {type(value).__name__} value"


def _exempt(args: ResourceValidationArgs | StackValidationArgs, name: str) -> bool:
    return name in set(_config(args, "exemptResourceNames", []))


_DEFER_CONSEQUENCE = (
    "Inbound SMS would go to the Messaging Service's own webhook instead of the number's, so Flex agents "
    "silently stop receiving customer messages. Set it to true (\"Defer to sender's webhook\")."
)


def validate_number_webhook(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Every Messaging Service defers to the phone number's webhook, whichever provider declares it."""
    if args.resource_type not in SERVICE_TYPES or _exempt(args, args.name):
        return
    value = _field(args.props, args.resource_type, DEFER)
    if value is UNKNOWN:
        if _config(args, "unknownIsViolation", False):
            report_violation(
                f"Messaging Service {_label(args)}: {_key(args.resource_type, DEFER)} is not known during "
                "preview, so it cannot be proven true. Use a literal true."
            )
            return
        _raise_unknown(_key(args.resource_type, DEFER))
    if (problem := defer_setting_problem(args.resource_type, value)) is not None:
        report_violation(f"Messaging Service {_label(args)}: {problem}. {_DEFER_CONSEQUENCE}")


def remediate_number_webhook(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    """Set the defer flag to true in place, so secret markers on other inputs (``__provider``) survive."""
    if args.resource_type not in SERVICE_TYPES or _exempt(args, args.name):
        return None
    value = _field(args.props, args.resource_type, DEFER)
    if value is True or (value is MISSING and args.resource_type == MESSAGING_SERVICE):
        return None  # already true, or left to the provider's own default of true
    args.props[_key(args.resource_type, DEFER)] = True  # type: ignore[index]
    return args.props


def validate_number_webhook_outputs(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Re-check the deployed (output) state: catches values that were unknown when the resource was analyzed."""
    unknown: list[str] = []
    for resource in args.resources:
        if resource.resource_type not in SERVICE_TYPES or _exempt(args, resource.name):
            continue
        value = _field(resource.props, resource.resource_type, DEFER)
        if value is UNKNOWN:
            unknown.append(resource.name)
            continue
        if value is MISSING and resource.resource_type == MESSAGING_SERVICE:
            problem = f"its state does not report {_key(resource.resource_type, DEFER)}, so it cannot be proven true"
        else:
            problem = defer_setting_problem(resource.resource_type, value)
        if problem is not None:
            report_violation(f"Messaging Service {_label(resource)}: {problem}. {_DEFER_CONSEQUENCE}", resource.urn)
    if unknown:
        if _config(args, "unknownIsViolation", False):
            report_violation(
                "use_inbound_webhook_on_number is not known during preview for Messaging Service(s) "
                + ", ".join(f"'{n}'" for n in unknown)
            )
        else:
            _raise_unknown(DEFER)


# --------------------------------------------------------------------------------------------------------------
# webhook-urls-use-https


def url_problem(value: Any, allowed_http_hosts: Iterable[str]) -> str | None:
    """Why a webhook/callback URL is not acceptable, without echoing it (it may carry credentials)."""
    if not isinstance(value, str):
        return "must be a URL string"
    if value == "":
        return None  # Twilio treats an empty URL as "not set"
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme == "https" and parts.hostname:
        return None
    if scheme == "http" and parts.hostname and parts.hostname.lower() in {h.lower() for h in allowed_http_hosts}:
        return None
    if scheme == "http":
        return "uses http://; Twilio would send message content and signatures unencrypted, use https://"
    return "is not an absolute https:// URL"


def validate_https_urls(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Webhook and callback URLs of Messaging Services use https."""
    if args.resource_type not in SERVICE_TYPES:
        return
    allowed = _config(args, "allowedHttpHosts", [])
    fields = _config(args, "fields", list(URL_FIELDS))
    for name in fields:
        value = _field(args.props, args.resource_type, name)
        if value is MISSING or value is UNKNOWN:
            continue  # a URL computed from other outputs is checked again on `up`, when it is known
        if (problem := url_problem(value, allowed)) is not None:
            report_violation(f"Messaging Service {_label(args)}: {_key(args.resource_type, name)} {problem}")


# --------------------------------------------------------------------------------------------------------------
# messaging-service-inbound-url-ignored


def validate_inbound_url_ignored(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """A service-level inbound URL on a service that defers is dead configuration that misleads readers."""
    if args.resource_type not in SERVICE_TYPES:
        return
    defer = _field(args.props, args.resource_type, DEFER)
    if defer is UNKNOWN or defer_setting_problem(args.resource_type, defer) is not None:
        return  # not deferring (or not known): the service URL is live, and the defer rule reports that
    for name in _config(args, "fields", list(IGNORED_WHEN_DEFERRING)):
        value = _field(args.props, args.resource_type, name)
        if value is MISSING or value is UNKNOWN or value == "":
            continue
        report_violation(
            f"Messaging Service {_label(args)}: {_key(args.resource_type, name)} is set but Twilio ignores it, "
            "because the service defers to each number's own webhook. Remove it (the number's sms_url is "
            "what receives inbound messages)."
        )


# --------------------------------------------------------------------------------------------------------------
# a2p-campaign-content / a2p-campaign-vetting-risks

_CAMPAIGN_FIELDS = (
    "messaging_service_sid", "brand_registration_sid", "us_app_to_person_usecase", "description", "message_flow",
    "message_samples", "has_embedded_links", "has_embedded_phone", "opt_in_message", "opt_out_message",
    "help_message", "opt_in_keywords", "opt_out_keywords", "help_keywords", "subscriber_opt_in", "age_gated",
    "direct_lending",
)


_FIELD_NAME = re.compile(r"\b(" + "|".join(_CAMPAIGN_FIELDS) + r")\b")


def _in_provider_words(message: str, resource_type: str) -> str:
    """Campaign rule messages use our snake_case names; bridged-provider users write camelCase."""
    if resource_type not in BRIDGED_TYPES:
        return message
    return _FIELD_NAME.sub(lambda m: _camel(m.group(1)), message)


def _campaign_check(heuristic: bool) -> Callable[[ResourceValidationArgs, ReportViolation], None]:
    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if args.resource_type not in CAMPAIGN_TYPES:
            return
        campaign, unknown = _known_fields(args.props, args.resource_type, _CAMPAIGN_FIELDS)
        ignored = set(_config(args, "ignoreRules", []))
        brand_name = _config(args, "brandName", None) or None
        for v in campaign_violations(campaign, brand_name=brand_name, unknown_fields=unknown):
            if (v.rule in HEURISTIC_RULES) != heuristic or v.rule in ignored:
                continue
            code = f" (Twilio error {v.twilio_error_code})" if v.twilio_error_code else ""
            message = _in_provider_words(v.message, args.resource_type)
            report_violation(f"A2P campaign {_label(args)}: [{v.rule}] {message}{code}")

    validate.__name__ = "validate_campaign_vetting_risks" if heuristic else "validate_campaign_content"
    validate.__doc__ = (
        "Campaign wording Twilio's vetting would likely reject (heuristics)."
        if heuristic
        else "Campaign input Twilio's API rejects outright."
    )
    return validate


validate_campaign_content = _campaign_check(heuristic=False)
validate_campaign_vetting_risks = _campaign_check(heuristic=True)


# --------------------------------------------------------------------------------------------------------------
# Stack-level relations: which number belongs to which service, which service has a campaign.


@dataclass(frozen=True)
class _Attachment:
    resource: PolicyResource
    numbers: tuple[str, ...]  # identities: E.164 and/or PN SID
    e164: str | None
    service_refs: frozenset[str]  # service SID value and/or URN of the service resource it depends on
    unknown: bool


def _refs(resource: PolicyResource, prop: str) -> frozenset[str]:
    refs: set[str] = set()
    value = _field(resource.props, resource.resource_type, prop)
    if isinstance(value, str) and value:
        refs.add(value)
    deps = resource.property_dependencies or {}
    for dep in deps.get(_key(resource.resource_type, prop), []) or []:
        refs.add(dep.urn)
    return frozenset(refs)


def _attachments(resources: Sequence[PolicyResource]) -> list[_Attachment]:
    found: list[_Attachment] = []
    for r in resources:
        if r.resource_type not in PHONE_NUMBER_TYPES:
            continue
        numbers: list[str] = []
        e164: str | None = None
        unknown = False
        for prop in ("phone_number", "phone_number_sid"):
            value = _field(r.props, r.resource_type, prop)
            if value is UNKNOWN:
                unknown = True
            elif isinstance(value, str) and value:
                numbers.append(value)
                if prop == "phone_number":
                    e164 = value
        if r.resource_type == MESSAGING_SERVICE_PHONE_NUMBER:
            # Our outputs carry the service phone number SID (PN…), the same identity as phone_number_sid.
            sid = _field(r.props, r.resource_type, "sid")
            if isinstance(sid, str) and sid.startswith("PN"):
                numbers.append(sid)
        found.append(_Attachment(r, tuple(dict.fromkeys(numbers)), e164, _refs(r, "service_sid"), unknown and not numbers))
    return found


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
        shown = _mask_number(identity) if identity.startswith("+") else "a phone number SID ending " + identity[-4:]
        report_violation(
            f"Phone number {shown} is attached by {len(urns)} resources ({names}); Twilio allows a number in "
            "one Messaging Service only. Keep a single attachment.",
            sorted(urns)[1],
        )
    if unknown and _config(args, "unknownIsViolation", False):
        report_violation("A phone number attachment's number is not known during preview; uniqueness is unproven.")


def is_us_10dlc(e164: str, non_us_area_codes: Iterable[str]) -> bool:
    """+1 and a US geographic area code: not toll-free (8XX) and not another NANP country."""
    m = _E164_NANP.match(e164)
    if not m:
        return False
    area = m.group(1)
    return area not in TOLL_FREE_AREA_CODES and area not in set(non_us_area_codes)


def validate_10dlc_service_has_campaign(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """US carriers block unregistered 10DLC traffic (error 30034): a service sending from one needs a campaign."""
    non_us = _config(args, "nonUsAreaCodes", list(DEFAULT_NON_US_AREA_CODES))
    exempt = set(_config(args, "exemptResourceNames", []))
    services = [r for r in args.resources if r.resource_type in SERVICE_TYPES and r.name not in exempt]
    campaign_refs: set[str] = set()
    for r in args.resources:
        if r.resource_type in CAMPAIGN_TYPES:
            campaign_refs |= _refs(r, "messaging_service_sid")
    attachments = _attachments(args.resources)
    for service in services:
        identities = {service.urn}
        sid = _field(service.props, service.resource_type, "sid")
        if isinstance(sid, str) and sid:
            identities.add(sid)
        numbers = [
            a.e164
            for a in attachments
            if a.service_refs & identities and a.e164 is not None and is_us_10dlc(a.e164, non_us)
        ]
        if numbers and not identities & campaign_refs:
            shown = ", ".join(_mask_number(n) for n in sorted(set(numbers)))
            report_violation(
                f"Messaging Service {_label(service)} holds US 10DLC number(s) {shown} but no A2P campaign "
                "(A2PCampaign) in this stack registers it; US carriers block its messages (Twilio error 30034).",
                service.urn,
            )
