"""The program's read-only checks (components/preflight.py) against the emulator: what an interrupted create made
is adopted only when the stack's state records that create; otherwise an object the update would make twice stops
the run, naming the adoptSid to set."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import stack_config
from components import preflight
from components.brand_registration import TYPE as BRAND
from components.messaging_service import TYPE as SERVICE
from components.stack_state import StackState
from twilio_emulator.testing import RunningEmulator

ROOT = Path(__file__).resolve().parents[2]
DEV = {k: v for k, v in yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())["config"].items()
       if k.startswith("flex-a2p:")}
NAME = DEV["flex-a2p:messagingService"]["friendlyName"]
URN = "urn:pulumi:dev::flex-a2p::flex-a2p:index:FlexA2PMessaging$"


@pytest.fixture
def emulator(emulator_factory: Any) -> RunningEmulator:
    return emulator_factory(review_delay=0, extra_args=("--fixtures", str(ROOT / "twilio_emulator/fixtures/dev_account.json")))


def deployment(resources: list[dict[str, Any]] = (), pending: list[dict[str, Any]] = ()) -> StackState:  # type: ignore[assignment]
    return StackState.from_deployment({
        "resources": [{"urn": URN + f"{r['type']}::{r['name']}", "type": r["type"], "id": r.get("id")}
                      for r in resources],
        "pending_operations": [{"type": "creating", "resource": {"urn": URN + f"{p['type']}::{p['name']}",
                                                                  "type": p["type"]}} for p in pending],
    })


def check(emulator: RunningEmulator, state: StackState, **overrides: Any) -> preflight.Findings:
    raw = {**DEV, **{f"flex-a2p:{k}": v for k, v in overrides.items()}, "twilio:apiBaseUrl": emulator.base_url}
    environ = {"TWILIO_ACCOUNT_SID": emulator.account_sid, "TWILIO_AUTH_TOKEN": emulator.auth_token}
    return preflight.run(stack_config.load(raw, environ), raw, lambda: state, "flex", environ)


def test_a_clean_account_passes_with_nothing_to_adopt(emulator: RunningEmulator) -> None:
    findings = check(emulator, StackState())
    assert (findings.problems, findings.adopt) == ([], {})


def test_what_an_interrupted_create_made_is_adopted_when_the_state_records_that_create(
    emulator: RunningEmulator,
) -> None:
    client = emulator.client()
    service = client.messaging.v1.services.create(friendly_name=NAME)
    brand = client.messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid=DEV["flex-a2p:brand"]["customerProfileBundleSid"],
        a2p_profile_bundle_sid=DEV["flex-a2p:brand"]["a2pProfileBundleSid"])
    state = deployment(pending=[{"type": SERVICE, "name": "flex-service"}, {"type": BRAND, "name": "flex-brand"}])
    findings = check(emulator, state)
    assert findings.problems == []
    assert findings.adopt == {"messaging_service": service.sid, "brand": brand.sid}
    assert any("instead of creating another" in n for n in findings.notices)


def test_without_that_record_an_object_with_the_same_key_stops_the_run_naming_the_adopt_sid(
    emulator: RunningEmulator,
) -> None:
    service = emulator.client().messaging.v1.services.create(friendly_name=NAME)
    findings = check(emulator, StackState())
    assert findings.adopt == {}
    assert findings.problems == [
        f"flex-a2p:messagingService.friendlyName: {service.sid} is already named {NAME!r} and not managed by this "
        "stack; a second service with the same name is how duplicates hide. To manage it set "
        f"flex-a2p:messagingService.adoptSid: {service.sid}; otherwise choose another friendlyName"]


def test_two_candidates_for_one_interrupted_create_stop_the_run(emulator: RunningEmulator) -> None:
    first, second = (emulator.client().messaging.v1.services.create(friendly_name=NAME) for _ in range(2))
    findings = check(emulator, deployment(pending=[{"type": SERVICE, "name": "flex-service"}]))
    assert findings.adopt == {}
    assert len(findings.problems) == 1 and "flex-a2p:messagingService.adoptSid" in findings.problems[0]
    assert first.sid in findings.problems[0] and second.sid in findings.problems[0]


def test_a_managed_service_is_not_a_duplicate_and_a_record_left_behind_is_named_with_its_command(
    emulator: RunningEmulator,
) -> None:
    service = emulator.client().messaging.v1.services.create(friendly_name=NAME)
    state = deployment(resources=[{"type": SERVICE, "name": "flex-service", "id": service.sid}],
                       pending=[{"type": SERVICE, "name": "flex-service"}])
    findings = check(emulator, state)
    assert findings.problems == [] and findings.adopt == {}
    assert any("pulumi refresh --clear-pending-creates --yes" in n for n in findings.notices)


def test_an_unreadable_state_adopts_nothing_and_says_why(emulator: RunningEmulator) -> None:
    emulator.client().messaging.v1.services.create(friendly_name=NAME)
    findings = check(emulator, StackState.unreadable("no `pulumi` CLI on PATH"))
    assert findings.adopt == {} and len(findings.problems) == 1
    assert any("could not be read (no `pulumi` CLI on PATH)" in n for n in findings.notices)
