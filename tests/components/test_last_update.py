"""When the program may skip its Twilio reads (components/last_update.py)."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pulumi
import pytest

from components import last_update
from components.last_update import compare, config_digest, last_refresh
from components.stack_state import StackState

SERVICE = "pulumi-python:dynamic/twilio:MessagingService"
PREFIX = "urn:pulumi:dev::flex-a2p::flex-a2p:index:FlexA2PMessaging$"
CONFIG = {"flex-a2p:phoneNumbers": '["+14155550100"]', "flex-a2p:trustHub": '{"taxId": "12-3456789"}',
          "twilio:apiBaseUrl": "http://127.0.0.1:4010"}
ENV = {"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "token-1", "HOME": "/root"}
PASS = {"status": "pass", "flavour": "conversations", "route": "address IG1 -> Studio flow FW1", "reason": "ok"}
FAIL = {"status": "fail", "flavour": "conversations", "route": "no address configuration", "reason": "deleted"}


SECRET_KEYS = {"flex-a2p:trustHub"}
STACK_FILE = {"flex-a2p:trustHub": {"taxId": {"secure": "v1:ciphertext-1"}}}


def digest(config: dict[str, str] = CONFIG, env: dict[str, str] = ENV, program: str = "program",
           refreshed: str | None = None, stack_file: dict[str, Any] = STACK_FILE) -> str:
    return config_digest(config, SECRET_KEYS.__contains__, stack_file, env, program, refreshed, fingerprint="code")


def state(*, pending: bool = False, service_outputs: dict[str, Any] | None = None) -> StackState:
    urn = f"{PREFIX}{SERVICE}::flex-service"
    return StackState.from_deployment({
        "resources": [{"urn": urn, "type": SERVICE, "id": "MG" + "1" * 32, "outputs": service_outputs or {}}],
        "pending_operations": [{"type": "creating", "resource": {"urn": urn + "x", "type": SERVICE}}] if pending
        else [],
    })


@pytest.mark.parametrize("change", [
    {"config": {**CONFIG, "flex-a2p:phoneNumbers": '["+14155550101"]'}},
    {"stack_file": {"flex-a2p:trustHub": {"taxId": {"secure": "v1:ciphertext-2"}}}},  # a secret set again
    {"config": {**CONFIG, "flex-a2p:flexInbound": '{"mode": "conversations"}'}},  # a key added
    {"env": {**ENV, "TWILIO_ACCOUNT_SID": "AC" + "1" * 32}},
    {"env": {**ENV, "TWILIO_API_BASE_URL": "http://127.0.0.1:4011"}},
    {"program": "program, edited"},
    {"refreshed": "2026-11-30T11:00:00.000001+00:00"},
])
def test_the_digest_changes_with_anything_the_reads_judge(change: dict[str, Any]) -> None:
    assert digest(**change) != digest()


def test_the_digest_ignores_key_order_and_unrelated_variables() -> None:
    assert digest(dict(reversed(CONFIG.items())), {**ENV, "HOME": "/elsewhere", "PATH": "/bin"}) == digest()


def test_no_secret_goes_into_the_digest() -> None:
    """A plain output: the secret's plaintext and the auth token do not change it (their ciphertext does)."""
    assert digest({**CONFIG, "flex-a2p:trustHub": '{"taxId": "98-7654321"}'}) == digest()
    assert digest(env={**ENV, "TWILIO_AUTH_TOKEN": "token-2", "TWILIO_API_SECRET": "secret"}) == digest()


def test_the_code_fingerprint_follows_the_sources(tmp_path: Path) -> None:
    (tmp_path / "module.py").write_text("A = 1\n")
    before = last_update.code_fingerprint([tmp_path])
    (tmp_path / "module.py").write_text("A = 2\n")
    assert last_update.code_fingerprint([tmp_path]) != before
    assert last_update.code_fingerprint() == last_update.code_fingerprint(), "stable for the installed code"


def test_unchanged_only_with_the_same_digest_recorded_verdicts_and_no_pending_create() -> None:
    recorded = dict(configDigest=digest(), inboundRouting={"+14155550100": PASS})
    assert compare(digest(), recorded, state(), has_numbers=True).unchanged

    assert not compare(digest(), dict(), state(), True).unchanged, "a stack never updated by this version"
    assert not compare(digest(program="new"), recorded, state(), True).unchanged
    assert not compare(digest(), dict(configDigest=digest()), state(), True).unchanged, "no verdicts recorded"
    assert compare(digest(), dict(configDigest=digest()), state(), False).unchanged, "no numbers, no verdicts"
    interrupted = compare(digest(), recorded, state(pending=True), True)
    assert not interrupted.unchanged and "interrupted" in interrupted.why
    unreadable = compare(digest(), recorded, StackState.unreadable("no CLI"), True)
    assert not unreadable.unchanged and "no CLI" in unreadable.why


def test_a_refresh_of_the_service_is_part_of_the_digest() -> None:
    at = "2026-11-30T11:00:00.000001+00:00"
    refreshed = state(service_outputs={"inbound_routing": {"+14155550100": FAIL}, "inbound_routing_verified_at": at})
    assert last_refresh(refreshed, SERVICE, "flex-service") == at
    assert last_refresh(state(), SERVICE, "flex-service") is None
    assert last_refresh(refreshed, SERVICE, "other-service") is None
    recorded = dict(configDigest=digest(), inboundRouting={"+14155550100": PASS})
    assert not compare(digest(refreshed=at), recorded, refreshed, True).unchanged


def known(value: Any, is_known: bool = True) -> pulumi.Output[Any]:
    """An output as the engine hands a resource's back: known (a value, maybe None) or unknown (during preview)."""
    loop = asyncio.get_event_loop()
    value_future, known_future = loop.create_future(), loop.create_future()
    value_future.set_result(value if is_known else None)
    known_future.set_result(is_known)
    return pulumi.Output(set(), value_future, known_future)


@pytest.mark.parametrize(("engine_value", "is_known", "in_checkpoint", "refreshed"), [
    ("", True, None, False),  # written since, never refreshed: as in the checkpoint
    ("2026-11-30T11:00:00.000001+00:00", True, "2026-11-30T11:00:00.000001+00:00", False),
    ("2026-11-30T12:00:00.000001+00:00", True, "2026-11-30T11:00:00.000001+00:00", True),  # up --refresh
    ("2026-11-30T12:00:00.000001+00:00", True, None, True),
    (None, False, None, True),  # an update of the service pending: cannot tell, so verify
])
def test_a_refresh_inside_the_run_is_told_by_the_services_refresh_time(
        engine_value: Any, is_known: bool, in_checkpoint: str | None, refreshed: bool) -> None:
    assert last_update.refreshed_in_this_run(known(engine_value, is_known), in_checkpoint) is refreshed
