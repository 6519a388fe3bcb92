"""Stacks created by earlier releases keep working: their state, pickled providers included, is read by today's code.

`fixtures/state_2026_11_30/` holds a dev-config stack deployed by main as of 2026-11-30 (before the input
declarations and the CRUD template): its exported state, its stack file (passphrase below, emulator credentials
only) and the emulator's objects it created. `refresh` (which unpickles the providers stored in state, by module
path and class name) must work and write nothing to Twilio (tests/components/test_sender_pool_provider.py reads a
number through the old per-number provider). Its numbers are one MessagingServicePhoneNumber each;
today's program declares one MessagingServiceSenderPool instead, so its first `up` migrates the stack: the pool
adopts the numbers already in the service and the old resources are forgotten, with no Twilio write and no number
leaving the service; after it, nothing is left to change.

`fixtures/state_address_configurations/` holds a stack deployed by the release that managed one
ConversationsAddressConfiguration per number (flexInbound `mode: conversations`; how it was made:
`make_fixture.py` there): one configuration it created, one it adopted. Today's program declares one
ConversationsAddressConfigurations instead, told by the program which of them the old resources had created; its first
`up` adopts both with no Twilio write and forgets the old resources, and `destroy` deletes exactly the one created.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import yaml

from pulumi_driver import PROJECT_ROOT, PulumiStack, assert_in_output, new_stack
from twilio_emulator.store import Store
from twilio_emulator.testing import RunningEmulator

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "state_2026_11_30"
ADDRESS_FIXTURE = FIXTURES / "state_address_configurations"
PASSPHRASE = "flex-a2p-state-compat"  # guards only the emulator's documented test token


def _emulator_with_the_old_objects(tmp_path: Path, factory: Callable[..., RunningEmulator],
                                   fixture: Path = FIXTURE) -> RunningEmulator:
    state = tmp_path / "emulator.sqlite"
    store = Store(str(state))
    with store.transaction() as tx:
        for row in json.loads((fixture / "emulator_resources.json").read_text()):
            tx.insert(row["kind"], row["sid"], row["account_sid"], row["body"], parent_sid=row["parent_sid"],
                      review_due=row["review_due"])
    store.close()
    return factory(review_delay=0, state=state)


def _imported_stack(tmp_path: Path, emulator: RunningEmulator, fixture: Path) -> tuple[PulumiStack, dict[str, Any]]:
    """The fixture's stack, its state imported, on `emulator`; and its stack file."""
    stack_file = yaml.safe_load((fixture / "Pulumi.compat.yaml").read_text())
    stack_file["config"]["twilio:apiBaseUrl"] = emulator.base_url
    stack = new_stack(
        tmp_path, PROJECT_ROOT, name="compat", only=("Pulumi.yaml", "__main__.py", "stack_config.py"),
        stack_config=yaml.safe_dump(stack_file),
        extra_env={"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "",
                   "TWILIO_API_KEY": "", "TWILIO_API_SECRET": ""},
    )
    stack.run("stack", "import", "--file", str(fixture / "stack_state.json"))
    emulator.clear_requests()
    return stack, stack_file


def test_a_stack_from_before_the_refactor_plans_no_change_and_refreshes(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = _emulator_with_the_old_objects(tmp_path, emulator_factory)
    stack, stack_file = _imported_stack(tmp_path, emulator, FIXTURE)

    numbers = stack_file["config"]["flex-a2p:phoneNumbers"]
    old_type = "pulumi-python:dynamic/twilio:MessagingServicePhoneNumber"
    assert len(stack.resources_of_type(old_type)) == len(numbers) == 2
    before = {n.phone_number: n.sid for service in emulator.client().messaging.v1.services.list()
              for n in emulator.client().messaging.v1.services(service.sid).phone_numbers.list()}
    stack.up()  # the migration: the pool adopts, the per-number resources are forgotten
    assert stack.resources_of_type(old_type) == []
    [pool] = stack.resources_of_type("pulumi-python:dynamic/twilio:MessagingServiceSenderPool")
    assert pool["outputs"]["phone_number_sids"] == {n: before[n] for n in numbers}
    assert stack.outputs()["phoneNumberSids"] == {n: before[n] for n in numbers}  # the stack's contract is kept
    # Today's verification covers the old stack's numbers.
    assert set(stack.outputs()["inboundRouting"]) == set(numbers)
    stack.preview("--expect-no-changes")
    stack.refresh()  # read() through the providers pickled in state (by the old code, for the service and brand)
    stack.preview("--expect-no-changes")

    writes = [r for r in emulator.requests() if r["method"] in ("POST", "DELETE")]
    assert writes == [], writes
    assert sum(r["method"] == "GET" for r in emulator.requests()) >= 5  # the refreshes did read every object
    after = {n.phone_number: n.sid for service in emulator.client().messaging.v1.services.list()
             for n in emulator.client().messaging.v1.services(service.sid).phone_numbers.list()}
    assert after == before, "no number left its service"


def test_per_number_address_configurations_migrate_with_no_write_and_destroy_deletes_only_the_created_one(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = _emulator_with_the_old_objects(tmp_path, emulator_factory, ADDRESS_FIXTURE)
    stack, _ = _imported_stack(tmp_path, emulator, ADDRESS_FIXTURE)
    old_type = "pulumi-python:dynamic/twilio:ConversationsAddressConfiguration"
    old = {r["outputs"]["address"]: r for r in stack.resources_of_type(old_type)}
    assert {a: r["outputs"]["created"] for a, r in old.items()} == {"+14155550100": True, "+14155550101": False}

    up = stack.up()  # the migration: the batch resource adopts both, the per-number resources are forgotten
    assert_in_output(up, "+ 1 created", "- 2 deleted")
    assert stack.resources_of_type(old_type) == []
    [batch] = stack.resources_of_type("pulumi-python:dynamic/twilio:ConversationsAddressConfigurations")
    assert batch["outputs"]["address_sids"] == {a: r["id"] for a, r in old.items()}
    assert batch["outputs"]["created_addresses"] == ["+14155550100"]
    assert "created_before" not in batch["outputs"]
    stack.preview("--expect-no-changes")
    stack.refresh()  # read() through the batch resource: the one list, and nothing changes
    stack.preview("--expect-no-changes")
    writes = [r for r in emulator.requests() if r["method"] in ("POST", "DELETE")]
    assert writes == [], writes

    stack.destroy()
    deleted = [r["path"] for r in emulator.requests()
               if r["method"] == "DELETE" and r["path"].startswith("/v1/Configuration/Addresses")]
    assert deleted == [f"/v1/Configuration/Addresses/{old['+14155550100']['id']}"]
    left = emulator.client().conversations.v1.address_configurations.list()
    assert [(a.address, a.sid) for a in left] == [("+14155550101", old["+14155550101"]["id"])]
