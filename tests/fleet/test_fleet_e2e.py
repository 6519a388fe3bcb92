"""The fleet end to end: the real `fleet` command, Pulumi's Automation API and CLI, the twilio client and the
emulator, with every tenant in its own subaccount (tests/fleet runs 3; scripts/fleet-e2e runs the 20 of the issue).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

from fleet import demo
from pulumi_driver import PROJECT_ROOT
from twilio_emulator.testing import RunningEmulator

@pytest.fixture
def sandbox(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the program and a throw-away backend (fleet.demo.sandbox)."""
    return demo.sandbox(tmp_path)


@pytest.fixture
def project(sandbox: tuple[Path, dict[str, str]]) -> Path:
    return sandbox[0]


@pytest.fixture
def pulumi_env(sandbox: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return sandbox[1]


def test_a_fleet_converges_fails_alone_resumes_and_never_duplicates(
        tmp_path: Path, project: Path, pulumi_env: dict[str, str],
        emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = emulator_factory(review_delay=0)
    report = demo.scenario(emulator, tmp_path / "registry", project, pulumi_env, count=3, parallel=3,
                           policy_pack=PROJECT_ROOT / "policies")
    # up: all but the bad tenant converge, it fails alone with Twilio's reason; with its config corrected a plain
    # rerun runs only it; a second up changes nothing; 429s are retried and no account holds a duplicate
    assert demo.check(report) == []
    assert [step.exit_code for step in report["steps"]] == [1, 0, 0]

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

    # the other operations over the same stacks: status reads outputs, refresh and destroy run per stack
    status = demo.fleet_command(["status"], path, project, {**pulumi_env, **credentials}, "status")
    assert status.exit_code == 0 and status.results() == {"safe-dev": "succeeded", "rogue-dev": "succeeded"}
    safe = next(row for row in status.document["stacks"] if row["stack"] == "safe-dev")
    assert safe["brand_status"] and safe["campaign_status"]
    refreshed = demo.fleet_command(["refresh"], path, project, {**pulumi_env, **credentials}, "refresh")
    assert refreshed.exit_code == 0, refreshed.document
    destroyed = demo.fleet_command(["destroy", "--yes"], path, project, {**pulumi_env, **credentials}, "destroy")
    assert destroyed.exit_code == 0 and set(destroyed.results().values()) == {"succeeded"}
    key, secret = (credentials[name] for name in demo.env_names("safe"))
    assert emulator.client(key, secret, tenants[0].account_sid).messaging.v1.services.list() == []


def test_fleet_rules_no_second_brand_and_the_resubmission_budget(
        tmp_path: Path, project: Path, pulumi_env: dict[str, str],
        emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = emulator_factory(review_delay=0)
    tenants, credentials = demo.provision(emulator, ["dup", "failing"])
    dup, failing = tenants
    document = demo.registry(tenants, emulator.base_url)
    document["policyPack"] = str(PROJECT_ROOT / "policies")
    path = demo.write_registry(tmp_path / "fleet.yaml", document)
    environ = {**pulumi_env, **credentials}

    # a brand made outside the fleet (the Console, a lost state) already exists in dup's subaccount
    key, secret = (credentials[name] for name in demo.env_names("dup"))
    existing = emulator.client(key, secret, dup.account_sid).messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid=dup.customer_profile_sid, a2p_profile_bundle_sid=dup.trust_product_sid)
    step = demo.fleet_command(["up"], path, project, environ, "up")
    assert step.results() == {"dup-dev": "failed", "failing-dev": "succeeded"}
    reason = next(row["reason"] for row in step.document["stacks"] if row["stack"] == "dup-dev")
    assert "no second brand" in reason and existing.sid in reason and "adoptSid" in reason
    assert len(emulator.client(key, secret, dup.account_sid).messaging.v1.services.list()) == 0

    # failing's brand fails review: `up --refresh` would resubmit it, which the run's budget (0) refuses ...
    brand_sid = emulator_brand(emulator, credentials, failing)
    emulator.review(brand_sid, "failed", reason="bundle data mismatch")
    refused = demo.fleet_command(["up", "--refresh", "--tenant", "failing"], path, project, environ, "refused")
    [row] = refused.document["stacks"]
    assert refused.exit_code == 1 and "resubmission budget (0)" in row["reason"], row
    assert "--resubmit-brand failing-dev" in row["reason"]
    # ... unless the operator names the stack
    allowed = demo.fleet_command(["up", "--refresh", "--tenant", "failing", "--resubmit-brand", "failing-dev"],
                                 path, project, environ, "allowed")
    [row] = allowed.document["stacks"]
    assert allowed.exit_code == 0 and row["brand_resubmitted"] == brand_sid, row


def emulator_brand(emulator: RunningEmulator, credentials: dict[str, str], tenant: demo.DemoTenant) -> str:
    key, secret = (credentials[name] for name in demo.env_names(tenant.name))
    [brand] = emulator.client(key, secret, tenant.account_sid).messaging.v1.brand_registrations.list()
    return brand.sid
