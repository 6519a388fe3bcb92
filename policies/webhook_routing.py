"""Where Twilio sends a Messaging Service's inbound messages and callbacks, and whether that still reaches Flex.

Flex receives inbound SMS through each phone number's own webhook. A Messaging Service that does not defer to it
("Defer to sender's webhook", ``use_inbound_webhook_on_number``) takes inbound messages away from Flex silently,
so that is a mandatory rule, checked on the plan and again on the deployed outputs. The other two rules are about
the same webhooks: they must be https, and a service URL that deferring makes Twilio ignore is dead configuration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from components.inputs import Url
from components.messaging_service import MessagingServiceArgs
from policies.config import ExemptServicesConfig, PolicyConfig, UnknownValuesConfig, setting
from policies.properties import MISSING, UNKNOWN, Properties, label, property_key, raise_unknown
from policies.resource_types import MESSAGING_SERVICE, SERVICE_TYPES

DEFER = "use_inbound_webhook_on_number"
#: The service's webhook and callback URL inputs, as MessagingService declares them.
URL_FIELDS = MessagingServiceArgs.names(rule=Url)
#: While a service defers, Twilio routes inbound messages by each number's own sms_url/sms_fallback_url and leaves
#: these unused (the status callback still fires).
IGNORED_WHEN_DEFERRING = ("inbound_request_url", "fallback_url")


@dataclass(frozen=True)
class DeferConfig(UnknownValuesConfig, ExemptServicesConfig):
    """messaging-service-uses-number-webhook and its stack re-check (a service is exempted in both)."""


@dataclass(frozen=True)
class HttpsConfig(PolicyConfig):
    """webhook-urls-use-https."""

    allowed_http_hosts: tuple[str, ...] = setting(
        (), "Host names allowed over plain http (e.g. a local test receiver)."
    )
    fields: tuple[str, ...] = setting(
        URL_FIELDS,
        "Which URL properties to check (snake_case names; camelCase is derived for the bridged provider).",
        items={"enum": list(URL_FIELDS)},
    )


@dataclass(frozen=True)
class IgnoredUrlConfig(PolicyConfig):
    """messaging-service-inbound-url-ignored."""

    fields: tuple[str, ...] = setting(
        IGNORED_WHEN_DEFERRING,
        "Service URL properties that count as ignored while deferring.",
        items={"enum": list(IGNORED_WHEN_DEFERRING)},
    )


# --------------------------------------------------------------------------------------------------------------
# messaging-service-uses-number-webhook (+ -stack)

_DEFER_CONSEQUENCE = (
    "Inbound SMS would go to the Messaging Service's own webhook instead of the number's, so Flex agents "
    "silently stop receiving customer messages. Set it to true (\"Defer to sender's webhook\")."
)


def defer_setting_problem(resource_type: str, value: Any) -> str | None:
    """Why this use_inbound_webhook_on_number value would not defer to the number's webhook, or None.

    Omitted is fine on our dynamic MessagingService (its check() applies true), but not on the bridged
    MessagingServicesV1, which sends nothing, and Twilio's own default is false.
    """
    key = property_key(resource_type, DEFER)
    if value is True or (isinstance(value, str) and value.strip().lower() == "true"):
        return None
    if value is MISSING:
        if resource_type == MESSAGING_SERVICE:
            return None
        return f"{key} is not set, and Twilio's default is false"
    if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
        return f"{key} is false"
    return f"{key} must be the boolean true, got a {type(value).__name__} value"


def validate_number_webhook(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Every Messaging Service defers to the phone number's webhook, whichever provider declares it."""
    if args.resource_type not in SERVICE_TYPES:
        return
    config = DeferConfig.read(args)
    if config.exempt(args.name):
        return
    props = Properties.of(args)
    value = props.get(DEFER)
    if value is UNKNOWN:
        if config.unknown_is_violation:
            report_violation(
                f"Messaging Service {label(args)}: {props.key(DEFER)} is not known during "
                "preview, so it cannot be proven true. Use a literal true."
            )
            return
        raise_unknown(props.key(DEFER))
    if (problem := defer_setting_problem(args.resource_type, value)) is not None:
        report_violation(f"Messaging Service {label(args)}: {problem}. {_DEFER_CONSEQUENCE}")


def remediate_number_webhook(args: ResourceValidationArgs) -> Mapping[str, Any] | None:
    """Set the defer flag to true in place, so secret markers on other inputs (``__provider``) survive."""
    if args.resource_type not in SERVICE_TYPES or DeferConfig.read(args).exempt(args.name):
        return None
    props = Properties.of(args)
    value = props.get(DEFER)
    if value is True or (value is MISSING and args.resource_type == MESSAGING_SERVICE):
        return None  # already true, or left to the provider's own default of true
    args.props[props.key(DEFER)] = True
    return args.props


def validate_number_webhook_outputs(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Re-check the deployed (output) state: catches values that were unknown when the resource was analyzed."""
    config = DeferConfig.read(args)
    unknown: list[str] = []
    for resource in args.resources:
        if resource.resource_type not in SERVICE_TYPES or config.exempt(resource.name):
            continue
        props = Properties.of(resource)
        value = props.get(DEFER)
        if value is UNKNOWN:
            unknown.append(resource.name)
            continue
        if value is MISSING and resource.resource_type == MESSAGING_SERVICE:
            problem = f"its state does not report {props.key(DEFER)}, so it cannot be proven true"
        else:
            problem = defer_setting_problem(resource.resource_type, value)
        if problem is not None:
            report_violation(f"Messaging Service {label(resource)}: {problem}. {_DEFER_CONSEQUENCE}", resource.urn)
    if unknown:
        if config.unknown_is_violation:
            report_violation(
                f"{DEFER} is not known during preview for Messaging Service(s) "
                + ", ".join(f"'{n}'" for n in unknown)
            )
        else:
            raise_unknown(DEFER)


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
    config = HttpsConfig.read(args)
    props = Properties.of(args)
    for name in config.fields:
        value = props.get(name)
        if value is MISSING or value is UNKNOWN:
            continue  # a URL computed from other outputs is checked again on `up`, when it is known
        if (problem := url_problem(value, config.allowed_http_hosts)) is not None:
            report_violation(f"Messaging Service {label(args)}: {props.key(name)} {problem}")


# --------------------------------------------------------------------------------------------------------------
# messaging-service-inbound-url-ignored


def validate_inbound_url_ignored(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """A service-level inbound URL on a service that defers is dead configuration that misleads readers."""
    if args.resource_type not in SERVICE_TYPES:
        return
    props = Properties.of(args)
    defer = props.get(DEFER)
    if defer is UNKNOWN or defer_setting_problem(args.resource_type, defer) is not None:
        return  # not deferring (or not known): the service URL is live, and the defer rule reports that
    for name in IgnoredUrlConfig.read(args).fields:
        value = props.get(name)
        if value is MISSING or value is UNKNOWN or value == "":
            continue
        report_violation(
            f"Messaging Service {label(args)}: {props.key(name)} is set but Twilio ignores it, "
            "because the service defers to each number's own webhook. Remove it (the number's sms_url is "
            "what receives inbound messages)."
        )


# --------------------------------------------------------------------------------------------------------------
# the policies

NUMBER_WEBHOOK = ResourceValidationPolicy(
    name="messaging-service-uses-number-webhook",
    description="Messaging Services must defer to the phone number's webhook (use_inbound_webhook_on_number "
    "= true), or inbound SMS never reaches Flex.",
    validate=validate_number_webhook,
    remediate=remediate_number_webhook,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    config_schema=DeferConfig.schema(),
    remediation_steps="Set use_inbound_webhook_on_number=True (useInboundWebhookOnNumber: true on the "
    "Terraform-bridged MessagingServicesV1), or run with enforcementLevel 'remediate' to have it set.",
)

NUMBER_WEBHOOK_DEPLOYED = StackValidationPolicy(
    name="messaging-service-uses-number-webhook-stack",
    description="The stack's Messaging Services, as deployed, defer to the phone number's webhook.",
    validate=validate_number_webhook_outputs,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    config_schema=DeferConfig.schema(),
)

HTTPS_URLS = ResourceValidationPolicy(
    name="webhook-urls-use-https",
    description="Messaging Service webhook and callback URLs use https.",
    validate=validate_https_urls,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    config_schema=HttpsConfig.schema(),
)

INBOUND_URL_IGNORED = ResourceValidationPolicy(
    name="messaging-service-inbound-url-ignored",
    description="A Messaging Service that defers to the number's webhook does not also set its own inbound "
    "webhook (Twilio ignores it).",
    validate=validate_inbound_url_ignored,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    config_schema=IgnoredUrlConfig.schema(),
)

POLICIES: tuple[Policy, ...] = (NUMBER_WEBHOOK, NUMBER_WEBHOOK_DEPLOYED, HTTPS_URLS, INBOUND_URL_IGNORED)
