"""policies/properties.py: one way to read a property of either provider, with unknowns and secrets."""

from __future__ import annotations

import pytest
from pulumi_policy import Secret
from pulumi_policy.proxy import (
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
    unknown_checking_proxy,
)

from policies.properties import MISSING, UNKNOWN, Properties, mask_number, plain, raise_unknown
from policies.resource_types import BRIDGED_MESSAGING_SERVICE, MESSAGING_SERVICE


def test_names_are_snake_case_on_ours_and_camel_case_on_bridged_types() -> None:
    assert Properties(MESSAGING_SERVICE, {}).key("use_inbound_webhook_on_number") == "use_inbound_webhook_on_number"
    bridged = Properties(BRIDGED_MESSAGING_SERVICE, {"useInboundWebhookOnNumber": True})
    assert bridged.bridged and bridged.key("use_inbound_webhook_on_number") == "useInboundWebhookOnNumber"
    assert bridged.get("use_inbound_webhook_on_number") is True


@pytest.mark.parametrize("props", [{}, {"status_callback": None}])
def test_absent_and_null_are_missing(props: dict) -> None:
    assert Properties(MESSAGING_SERVICE, props).get("status_callback") is MISSING


@pytest.mark.parametrize(
    "value",
    [UNKNOWN_BOOLEAN_VALUE, UNKNOWN_NUMBER_VALUE, UNKNOWN_STRING_VALUE, UNKNOWN_ARRAY_VALUE, UNKNOWN_OBJECT_VALUE,
     ["a", UNKNOWN_STRING_VALUE], {"k": UNKNOWN_STRING_VALUE}, Secret(UNKNOWN_STRING_VALUE)],
)
def test_pulumi_policy_unknowns_are_unknown_in_plain_dicts_and_behind_its_proxy(value: object) -> None:
    assert Properties(MESSAGING_SERVICE, {"x": value}).get("x") is UNKNOWN
    assert Properties(MESSAGING_SERVICE, unknown_checking_proxy({"x": value})).get("x") is UNKNOWN


def test_values_come_out_of_the_proxies_plain_and_secrets_unwrapped() -> None:
    props = unknown_checking_proxy({"samples": ["a", "b"], "nested": {"k": [1]}, "token": Secret("s")})
    read = Properties(MESSAGING_SERVICE, props)
    assert read.get("samples") == ["a", "b"] and type(read.get("samples")) is list
    assert read.get("nested") == {"k": [1]} and type(read.get("nested")) is dict
    assert read.get("token") == "s"
    assert plain("text") == "text"


def test_known_splits_set_values_from_unknown_names() -> None:
    props = {"a": 1, "b": UNKNOWN_STRING_VALUE, "c": None}
    assert Properties(MESSAGING_SERVICE, props).known(["a", "b", "c", "d"]) == ({"a": 1}, {"b"})


def test_unknowns_are_handed_back_to_pulumi_policy_by_name() -> None:
    with pytest.raises(UnknownValueError) as raised:
        raise_unknown("useInboundWebhookOnNumber")
    assert raised.value.props == ["useInboundWebhookOnNumber"]


def test_numbers_are_shown_by_their_last_four_digits() -> None:
    assert mask_number("+14155550100") == "…0100"
    assert mask_number("0100") == "…"
