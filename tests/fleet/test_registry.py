"""The registry: overlays merge in order, each stack's config is checked by the program's own schema, and every
problem is named (tenant, key, rule) before anything runs."""
from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from fleet.registry import RegistryError, parse
from pulumi_driver import PROJECT_ROOT

SUB_A = "AC" + "a" * 32
SUB_B = "AC" + "b" * 32
BRAND = {"customerProfileBundleSid": "BU" + "1" * 32, "a2pProfileBundleSid": "BU" + "2" * 32}


def registry(**tenants: Any) -> dict[str, Any]:
    dev = yaml.safe_load((PROJECT_ROOT / "Pulumi.dev.yaml").read_text())["config"]
    return {
        "version": 1,
        "environments": {"dev": {"config": {"twilio:apiBaseUrl": "http://127.0.0.1:4010"}}, "prod": None},
        "defaults": {"flex-a2p:messagingService": dev["flex-a2p:messagingService"],
                     "flex-a2p:campaign": dev["flex-a2p:campaign"]},
        "tenants": tenants or {"acme": tenant(SUB_A)},
    }


def tenant(sub: str, **extra: Any) -> dict[str, Any]:
    """A tenant in prod only (one real brand), unless `environments` says otherwise."""
    return {"subaccountSid": sub,
            "credentials": {"from": "env", "apiKey": "ACME_KEY", "apiSecret": "ACME_SECRET"},
            "config": {"flex-a2p:brand": dict(BRAND), "flex-a2p:phoneNumbers": ["+14155550100"]},
            "environments": ["prod"], **extra}


def problems(document: dict[str, Any]) -> list[str]:
    with pytest.raises(RegistryError) as error:
        parse(document)
    return error.value.problems


def test_overlays_merge_in_order_and_null_removes() -> None:
    doc = registry(acme=tenant(SUB_A, environments={
        "dev": {"config": {"flex-a2p:brand": {"mock": True}, "flex-a2p:campaign": None}},
        "prod": {"subaccountSid": SUB_B, "config": {"flex-a2p:messagingService": {"friendlyName": "Acme prod"}}}}))
    targets = {t.stack: t for t in parse(doc).targets}
    assert sorted(targets) == ["acme-dev", "acme-prod"]
    dev, prod = targets["acme-dev"], targets["acme-prod"]
    assert dev.config["flex-a2p:brand"] == {**BRAND, "mock": True}  # mappings merge key by key
    assert "flex-a2p:campaign" not in dev.config  # null removes a default
    assert dev.config["twilio:apiBaseUrl"] == "http://127.0.0.1:4010" and "twilio:apiBaseUrl" not in prod.config
    assert prod.config["flex-a2p:messagingService"]["friendlyName"] == "Acme prod"
    assert prod.config["flex-a2p:messagingService"]["usecase"] == "discussion"  # the default's other keys stay
    assert (dev.account_sid, prod.account_sid) == (SUB_A, SUB_B)
    assert dev.origin["flex-a2p:brand"] == "tenants.acme.environments.dev.config"
    assert not dev.registers_brand and prod.registers_brand  # a mock brand is not a registration


def test_a_fingerprint_follows_what_the_run_depends_on() -> None:
    doc = registry()
    before = parse(doc).targets[0].fingerprint()
    assert parse(copy.deepcopy(doc)).targets[0].fingerprint() == before
    doc["tenants"]["acme"]["config"]["flex-a2p:phoneNumbers"] = ["+14155550101"]
    assert parse(doc).targets[0].fingerprint() != before


def test_every_problem_is_named_with_its_tenant_key_and_rule_at_once() -> None:
    doc = registry(
        acme=tenant("AC123", config={"flex-a2p:messagingServce": {"friendlyName": "x"},
                                     "flex-a2p:phoneNumbers": ["4155550100"]}),
        beta=tenant(SUB_B, credentials={"from": "vault"}),
        gamma=tenant(SUB_A.replace("a", "c"), credentials={"from": "env", "apiKey": "ONLY_KEY"},
                     environments=["dev", "staging"]),
    )
    doc["tenants"]["beta"]["config"]["flex-a2p:messagingService"] = {"usecase": "nonsense"}
    found = problems(doc)
    text = "\n".join(found)
    assert "tenants.acme.subaccountSid: 'AC123' does not match ^AC[0-9a-fA-F]{32}$" in found
    assert "flex-a2p:messagingServce [set in tenants.acme.config]: unknown key (did you mean " \
           "flex-a2p:messagingService?)" in text
    assert "tenants.acme (stack acme-prod): flex-a2p:phoneNumbers[0] [set in tenants.acme.config]: must be an E.164 " \
           "phone number such as +14155551234, got '4155550100'" in text
    assert "tenants.beta.credentials: `from` must be env or stackConfig, not 'vault'" in found
    assert "tenants.beta (stack beta-prod): flex-a2p:messagingService.usecase [set in tenants.beta.config]: must be " \
           "one of" in text
    assert "tenants.gamma.credentials: give apiKey and apiSecret" in text
    assert "tenants.gamma.environments.staging: no such environment" in text


def test_credentials_never_live_in_the_registry() -> None:
    doc = registry()
    doc["tenants"]["acme"]["config"]["twilio:apiKey"] = "SK" + "1" * 32
    doc["defaults"]["flex-a2p:brand"] = {"note": "0123456789abcdef0123456789abcdef"}
    found = "\n".join(problems(doc))
    assert "twilio:apiKey [set in tenants.acme.config]: credentials never go in the registry" in found
    assert "defaults.flex-a2p:brand.note: looks like an auth token or API secret" in found
    doc = registry()
    doc["tenants"]["acme"]["credentials"]["apiSecret"] = "not a variable name!"
    assert any("tenants.acme.credentials.apiSecret: 'not a variable name!' does not match" in p for p in problems(doc))


def test_fleet_rules_one_tenant_per_subaccount_and_one_real_brand_per_tenant() -> None:
    shared = registry(acme=tenant(SUB_A), globex=tenant(SUB_A))
    assert any(f"tenants.globex: subaccount {SUB_A} is already tenant acme's" in p for p in problems(shared))
    two_brands = registry(acme=tenant(SUB_A, environments=["dev", "prod"]))  # two real brands, one subaccount
    assert any("environments dev, prod each register a brand" in p and "no second brand" in p
               for p in problems(two_brands))
    one_real = registry(acme=tenant(SUB_A, environments={"dev": {"config": {"flex-a2p:brand": {"mock": True}}},
                                                           "prod": None}))
    assert [t.stack for t in parse(one_real).targets] == ["acme-dev", "acme-prod"]


def test_selection_names_unknown_tenants() -> None:
    parsed = parse(registry(acme=tenant(SUB_A), globex=tenant(SUB_B)))
    assert [t.stack for t in parsed.select(["globex"])] == ["globex-prod"]
    with pytest.raises(RegistryError, match="--tenant nobody: no such tenant"):
        parsed.select(["nobody"])


def test_the_command_reports_a_bad_registry_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "fleet.yaml"
    path.write_text(yaml.safe_dump(registry(acme=tenant("AC123"))))
    done = subprocess.run([sys.executable, "-m", "fleet", "--registry", str(path), "up"], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 2
    assert "tenants.acme.subaccountSid: 'AC123' does not match" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    path.write_text("tenants: [")
    done = subprocess.run([sys.executable, "-m", "fleet", "--registry", str(path), "check"], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 2 and "not YAML" in done.stderr and "Traceback" not in done.stderr


def test_a_missing_policy_pack_stops_the_run_before_anything_runs(tmp_path: Path) -> None:
    doc = registry()
    doc["policyPack"] = "no-such-pack"
    path = tmp_path / "fleet.yaml"
    path.write_text(yaml.safe_dump(doc))
    done = subprocess.run([sys.executable, "-m", "fleet", "--registry", str(path), "preview"], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 2 and "policyPack: no policy pack at" in done.stderr, done.stderr
    assert not (tmp_path / ".fleet").exists()  # nothing ran, nothing recorded
