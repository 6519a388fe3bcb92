"""policies/flex_numbers.py: flex-numbers-reach-flex (a failing route blocks) and its advisory companion, over the
stack output inboundRouting, at the rule level and through the pack's analyzer (levels, config, unknowns)."""

from __future__ import annotations

from typing import Any

from pulumi.runtime import proto
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from policies.flex_numbers import STACK
from tests.policies.support import analyze_stack, policy, servicer, stack_resource, validate_stack

REACH = "flex-numbers-reach-flex"
WARNINGS = "flex-numbers-reach-flex-warnings"
A, B, C = "+14155550100", "+14155550101", "+14155550102"


def verdict(status: str, flavour: str | None = "conversations", reason: str = "because") -> dict[str, Any]:
    return {"status": status, "flavour": flavour, "route": "address IG1 -> Studio flow FW1", "reason": reason}


def stack(routing: Any, **other_outputs: Any):
    return stack_resource(STACK, {"inboundRouting": routing, **other_outputs}, "flex-a2p-dev")


def messages(name: str, routing: Any, config: dict[str, Any] | None = None) -> list[str]:
    return [m for m, _ in validate_stack(policy(name), [stack(routing)], config)]


def test_a_failing_number_blocks_with_its_reason_and_route_its_number_masked() -> None:
    routing = {A: verdict("pass"), B: verdict("fail", reason=f"{B} is not a phone number of account AC1"),
               C: verdict("warn")}
    found = validate_stack(policy(REACH), [stack(routing)])
    assert len(found) == 1
    message, urn = found[0]
    assert message == ("Inbound SMS to …0101 (conversations) does not reach Flex agents: …0101 is not a phone number "
                       "of account AC1. Route: address IG1 -> Studio flow FW1.")
    assert urn.endswith("pulumi:pulumi:Stack::flex-a2p-dev")
    assert "+1415" not in message


def test_warnings_and_unverified_numbers_are_reported_by_the_advisory_policy() -> None:
    routing = {A: verdict("pass"), B: verdict("warn", "legacy", "past its end of life"),
               C: verdict("unverified", None, "no Twilio credentials")}
    assert messages(WARNINGS, routing) == [
        "Inbound SMS to …0101 (legacy) reaches Flex, with a warning: past its end of life. Route: address IG1 -> "
        "Studio flow FW1.",
        "Inbound SMS to …0102 was not verified: no Twilio credentials. Route: address IG1 -> Studio flow FW1."]
    assert messages(REACH, routing) == []
    assert len(messages(REACH, routing, {"unverifiedIsViolation": True})) == 1


def test_numbers_and_flavours_can_be_exempted() -> None:
    routing = {A: verdict("fail", "legacy"), B: verdict("fail", "conversations")}
    assert len(messages(REACH, routing)) == 2
    assert [m[:24] for m in messages(REACH, routing, {"exemptNumbers": [A]})] == ["Inbound SMS to …0101 (co"]
    assert [m[:24] for m in messages(REACH, routing, {"flavours": ["legacy"]})] == ["Inbound SMS to …0100 (le"]
    assert messages(WARNINGS, {A: verdict("warn", "legacy")}, {"flavours": ["conversations"]}) == []


def test_a_stack_without_the_verification_has_nothing_to_judge() -> None:
    assert validate_stack(policy(REACH), [stack_resource(STACK, {"messagingServiceSid": "MG1"}, "s")]) == []
    assert messages(REACH, "not a mapping") == []


def test_the_engine_blocks_at_the_mandatory_level_and_reads_only_inbound_routing() -> None:
    """During preview other stack outputs are unknown; reading only inboundRouting keeps the policy effective."""
    an = servicer()
    routing = {A: verdict("fail"), B: verdict("warn")}
    diagnostics = analyze_stack(an, [(STACK, "flex-a2p-dev", {"inboundRouting": routing,
                                                              "messagingServiceSid": UNKNOWN_STRING_VALUE})])
    by_policy = {d.policyName: d for d in diagnostics}
    assert set(by_policy) == {REACH, WARNINGS}
    assert by_policy[REACH].enforcementLevel == proto.MANDATORY
    assert by_policy[WARNINGS].enforcementLevel == proto.ADVISORY
    assert "can't run" not in by_policy[REACH].message


def test_the_level_and_the_exemptions_are_configurable_through_the_analyzer() -> None:
    an = servicer({REACH: {"enforcementLevel": "advisory", "exemptNumbers": [B]}})
    routing = {A: verdict("fail"), B: verdict("fail")}
    [diagnostic] = [d for d in analyze_stack(an, [(STACK, "flex-a2p-dev", {"inboundRouting": routing})])
                    if d.policyName == REACH]
    assert diagnostic.enforcementLevel == proto.ADVISORY and "…0100" in diagnostic.message
