"""policies/webhook_routing.py: messaging-service-uses-number-webhook (+ its stack re-check): every way around
"defer" is caught; webhook-urls-use-https and messaging-service-inbound-url-ignored."""

from __future__ import annotations

import pytest
from pulumi.runtime import proto
from pulumi_policy.proxy import UNKNOWN_BOOLEAN_VALUE, UNKNOWN_STRING_VALUE, UnknownValueError

from components.inputs import Flag
from components.messaging_service import MessagingServiceArgs
from policies.resource_types import BRIDGED_MESSAGING_SERVICE, MESSAGING_SERVICE, MESSAGING_SERVICE_PHONE_NUMBER
from policies.webhook_routing import DEFER, IGNORED_WHEN_DEFERRING, URL_FIELDS
from tests.policies.support import (
    analyze,
    analyze_stack,
    policy,
    remediate,
    resource_args,
    servicer,
    stack_resource,
    validate_resource,
    validate_stack,
)

RULE = "messaging-service-uses-number-webhook"
STACK_RULE = "messaging-service-uses-number-webhook-stack"
HTTPS = "webhook-urls-use-https"
IGNORED = "messaging-service-inbound-url-ignored"
SECRET_SIG = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}


def test_the_fields_the_rules_name_are_messaging_service_inputs() -> None:
    spec = MessagingServiceArgs.specs()[DEFER]
    assert isinstance(spec.rule, Flag) and spec.default is True  # why omitted passes on our type
    assert URL_FIELDS == ("inbound_request_url", "fallback_url", "status_callback")
    assert set(IGNORED_WHEN_DEFERRING) <= set(URL_FIELDS)


@pytest.mark.parametrize(
    ("resource_type", "props"),
    [
        (MESSAGING_SERVICE, {"friendly_name": "flex"}),  # omitted: the provider's check() applies true
        (MESSAGING_SERVICE, {"use_inbound_webhook_on_number": True}),
        (MESSAGING_SERVICE, {"use_inbound_webhook_on_number": "true"}),
        (BRIDGED_MESSAGING_SERVICE, {"friendlyName": "flex", "useInboundWebhookOnNumber": True}),
    ],
)
def test_deferring_services_pass(resource_type: str, props: dict) -> None:
    assert validate_resource(policy(RULE), resource_type, props) == []


@pytest.mark.parametrize(
    ("resource_type", "props", "expected"),
    [
        (MESSAGING_SERVICE, {"use_inbound_webhook_on_number": False}, "use_inbound_webhook_on_number is false"),
        (MESSAGING_SERVICE, {"use_inbound_webhook_on_number": "false"}, "use_inbound_webhook_on_number is false"),
        (MESSAGING_SERVICE, {"use_inbound_webhook_on_number": "False "}, "use_inbound_webhook_on_number is false"),
        (MESSAGING_SERVICE, {"use_inbound_webhook_on_number": 0}, "must be the boolean true"),
        (BRIDGED_MESSAGING_SERVICE, {"friendlyName": "flex"}, "useInboundWebhookOnNumber is not set"),
        (BRIDGED_MESSAGING_SERVICE, {"useInboundWebhookOnNumber": None}, "useInboundWebhookOnNumber is not set"),
        (BRIDGED_MESSAGING_SERVICE, {"useInboundWebhookOnNumber": False}, "useInboundWebhookOnNumber is false"),
    ],
)
def test_non_deferring_services_are_violations(resource_type: str, props: dict, expected: str) -> None:
    messages = validate_resource(policy(RULE), resource_type, props, name="flex-sms")
    assert len(messages) == 1
    assert expected in messages[0]
    assert "'flex-sms'" in messages[0]
    assert "Flex" in messages[0]


def test_other_resource_types_are_not_checked() -> None:
    assert validate_resource(policy(RULE), MESSAGING_SERVICE_PHONE_NUMBER, {"use_inbound_webhook_on_number": False}) == []


def test_exempt_resource_names_skip_a_service() -> None:
    props = {"use_inbound_webhook_on_number": False}
    config = {"exemptResourceNames": ["conversations-default"]}
    assert validate_resource(policy(RULE), MESSAGING_SERVICE, props, "conversations-default", config) == []
    assert len(validate_resource(policy(RULE), MESSAGING_SERVICE, props, "flex-sms", config)) == 1


def test_violation_messages_never_echo_property_values() -> None:
    secret_url = "https://user:s3cr3t-token@hooks.example.com/sms"
    props = {"use_inbound_webhook_on_number": "false", "inbound_request_url": secret_url}
    for message in validate_resource(policy(RULE), MESSAGING_SERVICE, props):
        assert "s3cr3t" not in message


def test_unknown_value_is_handed_back_to_pulumi_policy_not_passed() -> None:
    args = resource_args(MESSAGING_SERVICE, {"use_inbound_webhook_on_number": UNKNOWN_BOOLEAN_VALUE})
    with pytest.raises(UnknownValueError):
        policy(RULE).validate(args, lambda m, u=None: None)


def test_unknown_value_during_preview_is_reported_as_advisory_by_the_servicer() -> None:
    diagnostics = analyze(servicer(), MESSAGING_SERVICE, {"use_inbound_webhook_on_number": UNKNOWN_BOOLEAN_VALUE})
    mine = [d for d in diagnostics if d.policyName == RULE]
    assert len(mine) == 1
    assert mine[0].enforcementLevel == proto.ADVISORY
    assert "can't run policy" in mine[0].message and "use_inbound_webhook_on_number" in mine[0].message


def test_unknown_value_is_a_violation_when_configured() -> None:
    an = servicer({RULE: {"unknownIsViolation": True}})
    diagnostics = analyze(an, BRIDGED_MESSAGING_SERVICE, {"useInboundWebhookOnNumber": UNKNOWN_BOOLEAN_VALUE})
    mine = [d for d in diagnostics if d.policyName == RULE]
    assert len(mine) == 1
    assert mine[0].enforcementLevel == proto.MANDATORY
    assert "not known during preview" in mine[0].message


def test_servicer_reports_false_as_mandatory_by_default() -> None:
    diagnostics = analyze(servicer(), MESSAGING_SERVICE, {"use_inbound_webhook_on_number": False}, name="flex-sms")
    mine = [d for d in diagnostics if d.policyName == RULE]
    assert [d.enforcementLevel for d in mine] == [proto.MANDATORY]
    assert "'flex-sms'" in mine[0].message


@pytest.mark.parametrize("level", ["advisory", "disabled"])
def test_policy_pack_config_changes_the_level(level: str) -> None:
    an = servicer({RULE: {"enforcementLevel": level}})
    mine = [d for d in analyze(an, MESSAGING_SERVICE, {"use_inbound_webhook_on_number": False}) if d.policyName == RULE]
    assert [d.enforcementLevel for d in mine] == ([proto.ADVISORY] if level == "advisory" else [])


# --- remediation


def test_remediation_sets_true_in_place_on_our_type() -> None:
    args = resource_args(MESSAGING_SERVICE, {"use_inbound_webhook_on_number": "false", "friendly_name": "flex"})
    result = policy(RULE).remediate(args)
    assert result is args.props
    assert result["use_inbound_webhook_on_number"] is True
    assert result["friendly_name"] == "flex"


def test_remediation_sets_true_on_bridged_type_when_omitted() -> None:
    args = resource_args(BRIDGED_MESSAGING_SERVICE, {"friendlyName": "flex"})
    result = policy(RULE).remediate(args)
    assert result is not None and result["useInboundWebhookOnNumber"] is True


@pytest.mark.parametrize(
    ("resource_type", "props"),
    [
        (MESSAGING_SERVICE, {"friendly_name": "flex"}),
        (MESSAGING_SERVICE, {"use_inbound_webhook_on_number": True}),
        (BRIDGED_MESSAGING_SERVICE, {"useInboundWebhookOnNumber": True}),
    ],
)
def test_remediation_leaves_compliant_services_alone(resource_type: str, props: dict) -> None:
    assert policy(RULE).remediate(resource_args(resource_type, props)) is None


def test_servicer_remediation_keeps_the_provider_secret_and_sets_true() -> None:
    an = servicer({RULE: {"enforcementLevel": "remediate"}})
    props = {
        "__provider": {**SECRET_SIG, "value": "pickled-provider"},
        "use_inbound_webhook_on_number": False,
        "friendly_name": "flex",
    }
    remediations = remediate(an, MESSAGING_SERVICE, props)
    assert len(remediations) == 1
    name, new_props, diagnostic = remediations[0]
    assert name == RULE and diagnostic == ""
    assert new_props["use_inbound_webhook_on_number"] is True
    assert new_props["__provider"] == {**SECRET_SIG, "value": "pickled-provider"}


def test_servicer_remediation_of_an_unknown_value_sets_true() -> None:
    an = servicer({RULE: {"enforcementLevel": "remediate"}})
    remediations = remediate(an, BRIDGED_MESSAGING_SERVICE, {"useInboundWebhookOnNumber": UNKNOWN_BOOLEAN_VALUE})
    assert [r[1]["useInboundWebhookOnNumber"] for r in remediations] == [True]


def test_servicer_does_not_remediate_at_mandatory_level() -> None:
    assert remediate(servicer(), MESSAGING_SERVICE, {"use_inbound_webhook_on_number": False}) == []


# --- stack re-check on outputs


def test_stack_outputs_that_defer_pass() -> None:
    resources = [
        stack_resource(MESSAGING_SERVICE, {"sid": "MG1", "use_inbound_webhook_on_number": True}, "a"),
        stack_resource(BRIDGED_MESSAGING_SERVICE, {"sid": "MG2", "useInboundWebhookOnNumber": True}, "b"),
    ]
    assert validate_stack(policy(STACK_RULE), resources) == []


@pytest.mark.parametrize(
    ("resource_type", "props", "expected"),
    [
        (MESSAGING_SERVICE, {"use_inbound_webhook_on_number": False}, "is false"),
        (MESSAGING_SERVICE, {"sid": "MG1"}, "does not report use_inbound_webhook_on_number"),
        (BRIDGED_MESSAGING_SERVICE, {"useInboundWebhookOnNumber": "false"}, "useInboundWebhookOnNumber is false"),
        (BRIDGED_MESSAGING_SERVICE, {"sid": "MG2"}, "useInboundWebhookOnNumber is not set"),
    ],
)
def test_stack_outputs_that_do_not_defer_are_violations(resource_type: str, props: dict, expected: str) -> None:
    bad = stack_resource(resource_type, props, "bad")
    good = stack_resource(MESSAGING_SERVICE, {"use_inbound_webhook_on_number": True}, "good")
    found = validate_stack(policy(STACK_RULE), [good, bad])
    assert len(found) == 1
    message, urn = found[0]
    assert expected in message and urn == bad.urn


def test_stack_outputs_unknown_during_preview_become_an_advisory_after_known_violations() -> None:
    diagnostics = analyze_stack(
        servicer(),
        [
            (MESSAGING_SERVICE, "unknown", {"use_inbound_webhook_on_number": UNKNOWN_BOOLEAN_VALUE}),
            (MESSAGING_SERVICE, "bad", {"use_inbound_webhook_on_number": False}),
        ],
    )
    mine = [d for d in diagnostics if d.policyName == STACK_RULE]
    assert sorted(d.enforcementLevel for d in mine) == sorted([proto.MANDATORY, proto.ADVISORY])
    advisory = next(d for d in mine if d.enforcementLevel == proto.ADVISORY)
    assert "can't run policy" in advisory.message


# --- webhook-urls-use-https and messaging-service-inbound-url-ignored


@pytest.mark.parametrize(
    ("resource_type", "props"),
    [
        (MESSAGING_SERVICE, {}),
        (MESSAGING_SERVICE, {"status_callback": "https://cb.example.com/status", "fallback_url": ""}),
        (BRIDGED_MESSAGING_SERVICE, {"inboundRequestUrl": "https://hooks.example.com/in"}),
        (MESSAGING_SERVICE, {"inbound_request_url": UNKNOWN_STRING_VALUE}),  # re-checked on `up`
    ],
)
def test_https_or_absent_urls_pass(resource_type: str, props: dict) -> None:
    assert validate_resource(policy(HTTPS), resource_type, props) == []


@pytest.mark.parametrize(
    ("resource_type", "props", "field", "expected"),
    [
        (MESSAGING_SERVICE, {"status_callback": "http://cb.example.com/s"}, "status_callback", "uses http://"),
        (MESSAGING_SERVICE, {"fallback_url": "hooks.example.com/fb"}, "fallback_url", "not an absolute https://"),
        (MESSAGING_SERVICE, {"inbound_request_url": "ftp://x.example.com"}, "inbound_request_url", "not an absolute"),
        (BRIDGED_MESSAGING_SERVICE, {"fallbackUrl": "http://hooks.example.com/fb"}, "fallbackUrl", "uses http://"),
        (BRIDGED_MESSAGING_SERVICE, {"statusCallback": "HTTP://x.example.com"}, "statusCallback", "uses http://"),
    ],
)
def test_non_https_urls_are_violations(resource_type: str, props: dict, field: str, expected: str) -> None:
    messages = validate_resource(policy(HTTPS), resource_type, props)
    assert len(messages) == 1
    assert field in messages[0] and expected in messages[0]


def test_url_values_are_not_echoed() -> None:
    props = {"inbound_request_url": "http://admin:hunter2@hooks.example.com/in"}
    [message] = validate_resource(policy(HTTPS), MESSAGING_SERVICE, props)
    assert "hunter2" not in message and "hooks.example.com" not in message


def test_allowed_http_hosts_and_field_selection_are_configurable() -> None:
    props = {"inbound_request_url": "http://localhost:8080/in", "status_callback": "http://cb.example.com"}
    config = {"allowedHttpHosts": ["LOCALHOST"], "fields": ["inbound_request_url", "fallback_url"]}
    assert validate_resource(policy(HTTPS), MESSAGING_SERVICE, props, config=config) == []
    assert len(validate_resource(policy(HTTPS), MESSAGING_SERVICE, props)) == 2


@pytest.mark.parametrize(
    ("resource_type", "props"),
    [
        # not deferring: the service URL is live (the defer rule reports the real problem)
        (MESSAGING_SERVICE, {"use_inbound_webhook_on_number": False, "inbound_request_url": "https://a.example.com"}),
        (BRIDGED_MESSAGING_SERVICE, {"inboundRequestUrl": "https://a.example.com"}),
        # deferring without service URLs
        (MESSAGING_SERVICE, {"use_inbound_webhook_on_number": True, "status_callback": "https://cb.example.com"}),
        (MESSAGING_SERVICE, {"inbound_request_url": ""}),
    ],
)
def test_service_urls_that_are_used_or_absent_pass(resource_type: str, props: dict) -> None:
    assert validate_resource(policy(IGNORED), resource_type, props) == []


@pytest.mark.parametrize(
    ("resource_type", "props", "fields"),
    [
        (MESSAGING_SERVICE, {"inbound_request_url": "https://a.example.com"}, ["inbound_request_url"]),
        (
            MESSAGING_SERVICE,
            {"use_inbound_webhook_on_number": True, "inbound_request_url": "https://a", "fallback_url": "https://b"},
            ["inbound_request_url", "fallback_url"],
        ),
        (
            BRIDGED_MESSAGING_SERVICE,
            {"useInboundWebhookOnNumber": True, "inboundRequestUrl": "https://a.example.com"},
            ["inboundRequestUrl"],
        ),
    ],
)
def test_service_urls_ignored_while_deferring_are_flagged(resource_type: str, props: dict, fields: list) -> None:
    messages = validate_resource(policy(IGNORED), resource_type, props)
    assert len(messages) == len(fields)
    for field, message in zip(fields, messages):
        assert field in message and "ignores it" in message


def test_ignored_url_fields_are_configurable() -> None:
    props = {"fallback_url": "https://b.example.com"}
    assert validate_resource(policy(IGNORED), MESSAGING_SERVICE, props, config={"fields": ["inbound_request_url"]}) == []
