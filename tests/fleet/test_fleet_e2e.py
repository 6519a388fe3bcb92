"""The fleet end to end: the real `fleet` command, Pulumi's Automation API and CLI, the twilio client and the
emulator, with every tenant in its own subaccount (tests/fleet runs 3; scripts/fleet-e2e runs the 20 of the issue).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

from fleet import demo
from pulumi_driver import PROJECT_ROOT, PulumiStack, copy_program, mkdir
from twilio_emulator.testing import RunningEmulator

PROGRAM = ("Pulumi.yaml", "__main__.py", "stack_config.py")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the program, so stack files the fleet writes stay out of the source tree."""
    return copy_program(PROJECT_ROOT, tmp_path / "program", only=PROGRAM)


@pytest.fixture
def pulumi_env(tmp_path: Path, project: Path) -> dict[str, str]:
    """The throw-away backend and home of pulumi_driver, with no ambient Twilio credentials."""
    env = PulumiStack(project, mkdir(tmp_path / "backend"), mkdir(tmp_path / "home")).env
    return {k: v for k, v in env.items() if k.startswith("PULUMI_")} | {
        "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "TWILIO_API_KEY": "", "TWILIO_API_SECRET": ""}


def test_a_fleet_converges_fails_alone_resumes_and_never_duplicates(
        tmp_path: Path, project: Path, pulumi_env: dict[str, str],
        emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = emulator_factory(review_delay=0)
    report = demo.scenario(emulator, tmp_path / "registry", project, pulumi_env, count=3, parallel=3,
                           policy_pack=PROJECT_ROOT / "policies")
    first, rerun, again = report["steps"]
    bad, good = report["bad"], [t for t in report["tenants"] if t != report["bad"]]

    # up: every tenant but the bad one converges; the bad one fails alone, with Twilio's reason
    assert first.exit_code == 1
    assert first.results() == {**{f"{t}-dev": "succeeded" for t in good}, f"{bad}-dev": "failed"}
    [failed] = [row for row in first.document["stacks"] if row["result"] == "failed"]
    assert "21717" in failed["reason"] and "SOLE_PROPRIETOR" in failed["reason"], failed["reason"]
    for row in first.document["stacks"]:
        if row["result"] == "succeeded":
            assert row["changes"] == {"create": 6} and row["brand_status"] and row["campaign_status"]
            assert row["inbound_routing"] == "n/a"  # this program version exports no inboundRouting

    # with the config corrected, a plain rerun runs only the failed tenant, and the fleet is whole
    assert rerun.exit_code == 0, rerun.document
    ran = {row["stack"] for row in rerun.document["stacks"] if not row.get("carried")}
    assert ran == {f"{bad}-dev"}
    assert set(rerun.results().values()) == {"succeeded"}

    # a second up runs every stack again and changes nothing
    assert again.exit_code == 0
    assert all(not row.get("carried") and row["changes"] == {} for row in again.document["stacks"])

    # each account holds exactly its own objects: 429s were answered and retried, nothing was made twice
    assert report["throttled_requests"] >= 2 * 3 * 3
    assert report["accounts"] == {t: {"services": 1, "brands": 1, "campaigns": 1} for t in report["tenants"]}
    assert report["parent_services"] == 0, "the parent's own v1 view must not hold the tenants' objects"

    # no credential in plain text anywhere the fleet writes: results, logs, stack files, state
    written = [*report["registry"].parent.rglob("*"), *project.glob("Pulumi.*.yaml"), *(tmp_path / "backend").rglob("*")]
    for path in written:
        if path.is_file():
            text = path.read_text(errors="replace")
            for secret in report["secrets"]:
                if not secret.startswith("SK"):
                    assert secret not in text, f"a tenant's API secret is in {path}"


def test_the_policy_pack_stops_a_tenant_whose_service_overrides_flex_routing(
        tmp_path: Path, project: Path, pulumi_env: dict[str, str],
        emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = emulator_factory(review_delay=0)
    tenants, credentials = demo.provision(emulator, ["safe", "rogue"])
    document = demo.registry(tenants, emulator.base_url)
    document["policyPack"] = str(PROJECT_ROOT / "policies")
    document["tenants"]["rogue"]["config"]["flex-a2p:messagingService"]["useInboundWebhookOnNumber"] = False
    path = demo.write_registry(tmp_path / "fleet.yaml", document)
    step = demo.fleet_command(["up", "--parallel", "2"], path, project, {**pulumi_env, **credentials}, "up")
    assert step.exit_code == 1
    assert step.results() == {"safe-dev": "succeeded", "rogue-dev": "failed"}
    [rogue] = [row for row in step.document["stacks"] if row["stack"] == "rogue-dev"]
    assert "policy" in rogue["reason"] and "use_inbound_webhook_on_number" in rogue["reason"], rogue["reason"]
    key, secret = (credentials[name] for name in demo.env_names("rogue"))
    rogue_client = emulator.client(key, secret, tenants[1].account_sid)
    assert rogue_client.messaging.v1.services.list() == [], "nothing may be created for a tenant the pack refuses"
