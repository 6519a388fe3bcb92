"""The pack's own policies judging planned resources without an engine (what `discover` reports before `up`)."""
from __future__ import annotations

from pulumi.runtime import rpc

from policies.offline import Planned, evaluate
from policies.resource_types import MESSAGING_SERVICE

ROUTE_FAILS = {"+14155550100": {"status": "fail", "flavour": "conversations", "route": "no address configuration",
                                "reason": "no Conversations address configuration for the number"}}


def test_a_service_that_does_not_defer_is_one_mandatory_finding() -> None:
    found = evaluate([Planned(MESSAGING_SERVICE, "flex-service", {"friendly_name": "Support",
                                                                  "use_inbound_webhook_on_number": False})], {})
    assert [(f.policy, f.level, f.blocks) for f in found] == [
        ("messaging-service-uses-number-webhook", "mandatory", True)]  # its stack re-check says the same: once
    assert "'flex-service': use_inbound_webhook_on_number is false" in found[0].message


def test_stack_policies_judge_the_planned_outputs() -> None:
    deferring = Planned(MESSAGING_SERVICE, "flex-service", {"friendly_name": "Support",
                                                            "use_inbound_webhook_on_number": True})
    assert [f for f in evaluate([deferring], {}) if f.blocks] == []
    found = evaluate([deferring], {"inboundRouting": ROUTE_FAILS})
    assert [(f.policy, f.blocks) for f in found] == [("flex-numbers-reach-flex", True)]
    assert "…0100" in found[0].message and "+14155550100" not in found[0].message


def test_a_value_a_policy_cannot_judge_is_left_out() -> None:
    unknown = Planned(MESSAGING_SERVICE, "flex-service", {"use_inbound_webhook_on_number": rpc.UNKNOWN})
    assert evaluate([unknown], {}) == []
