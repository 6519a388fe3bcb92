"""webhook-urls-use-https and messaging-service-inbound-url-ignored."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from policies.rules import BRIDGED_MESSAGING_SERVICE, MESSAGING_SERVICE
from tests.policies.support import validate_resource, policy

HTTPS = "webhook-urls-use-https"
IGNORED = "messaging-service-inbound-url-ignored"


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
