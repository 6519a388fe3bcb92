"""The program's view of its own checkpoint (components/stack_state.py)."""
from __future__ import annotations

from components.stack_state import StackState, read_stack_state

SERVICE = "pulumi-python:dynamic/twilio:MessagingService"
NUMBER = "pulumi-python:dynamic/twilio:MessagingServicePhoneNumber"
PREFIX = "urn:pulumi:dev::flex-a2p::flex-a2p:index:FlexA2PMessaging$"


def test_pending_creates_of_resources_not_in_state_are_interrupted_creates_and_the_others_are_stale() -> None:
    state = StackState.from_deployment({
        "resources": [{"urn": f"{PREFIX}{SERVICE}::flex-service", "type": SERVICE, "id": "MG" + "1" * 32}],
        "pending_operations": [
            {"type": "creating", "resource": {"urn": f"{PREFIX}{SERVICE}::flex-service", "type": SERVICE}},
            {"type": "creating", "resource": {"urn": f"{PREFIX}{NUMBER}::flex-number-14155550100", "type": NUMBER}},
            {"type": "updating", "resource": {"urn": f"{PREFIX}{NUMBER}::flex-number-14155550101", "type": NUMBER}},
        ],
    })
    assert state.ids(SERVICE) == {"MG" + "1" * 32}
    assert state.pending(NUMBER, "flex-number-14155550100")
    assert not state.pending(SERVICE, "flex-service"), "created since: the record is stale"
    assert not state.pending(NUMBER, "flex-number-14155550101"), "only creates count"
    assert [e.name for e in state.stale_pending()] == ["flex-service"]


def test_without_a_cli_the_state_is_unreadable_and_says_why() -> None:
    state = read_stack_state("organization/flex-a2p/dev", environ={"PATH": ""})
    assert not state.readable and state.problem == "no `pulumi` CLI on PATH"
