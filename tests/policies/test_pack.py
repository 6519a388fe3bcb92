"""The pack as the CLI starts it: policies/__main__.py serves the analyzer with our policies and schemas."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import grpc
from google.protobuf import empty_pb2, json_format
from pulumi.runtime.proto import analyzer_pb2_grpc
from pulumi_policy import ResourceValidationPolicy

from policies.pack import POLICIES
from policies.phone_numbers import DEFAULT_NON_US_AREA_CODES

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "policies"


def test_policy_names_are_unique_and_every_policy_has_a_config_schema() -> None:
    names = [p.name for p in POLICIES]
    assert len(names) == len(set(names))
    assert all(p.config_schema is not None and p.config_schema.properties for p in POLICIES)


# The contract with --policy-pack-config files and docs/policies.md: name -> (kind, default level, severity,
# config key -> default). Written out here so that a refactor of the pack cannot change it unnoticed.
CONTRACT = {
    "messaging-service-uses-number-webhook": (
        "resource", "mandatory", "critical", {"exemptResourceNames": [], "unknownIsViolation": False}),
    "messaging-service-uses-number-webhook-stack": (
        "stack", "mandatory", "critical", {"exemptResourceNames": [], "unknownIsViolation": False}),
    "webhook-urls-use-https": (
        "resource", "mandatory", "high",
        {"allowedHttpHosts": [], "fields": ["inbound_request_url", "fallback_url", "status_callback"]}),
    "messaging-service-inbound-url-ignored": (
        "resource", "advisory", "low", {"fields": ["inbound_request_url", "fallback_url"]}),
    "flex-numbers-reach-flex": (
        "stack", "mandatory", "critical",
        {"exemptNumbers": [], "flavours": ["conversations", "legacy"], "unverifiedIsViolation": False}),
    "flex-numbers-reach-flex-warnings": (
        "stack", "advisory", "medium", {"exemptNumbers": [], "flavours": ["conversations", "legacy"]}),
    "phone-number-in-one-messaging-service": ("stack", "mandatory", "high", {"unknownIsViolation": False}),
    "us-10dlc-service-has-campaign": (
        "stack", "advisory", "high", {"exemptResourceNames": [], "nonUsAreaCodes": list(DEFAULT_NON_US_AREA_CODES)}),
    "a2p-campaign-content": ("resource", "mandatory", "high", {"ignoreRules": [], "brandName": ""}),
    "a2p-campaign-vetting-risks": ("resource", "advisory", "medium", {"ignoreRules": [], "brandName": ""}),
}


def test_names_levels_and_config_defaults_are_the_documented_contract() -> None:
    found = {
        p.name: (
            "resource" if isinstance(p, ResourceValidationPolicy) else "stack",
            p.enforcement_level.value,
            p.severity.value,
            {key: prop["default"] for key, prop in p.config_schema.properties.items()},
        )
        for p in POLICIES
    }
    assert found == CONTRACT
    assert [p.name for p in POLICIES] == list(CONTRACT)  # the order diagnostics and remediations run in


def test_every_config_property_is_typed_and_described() -> None:
    for p in POLICIES:
        for key, prop in p.config_schema.properties.items():
            assert prop["type"] in ("array", "boolean", "string"), (p.name, key)
            assert prop["description"], (p.name, key)
            if prop["type"] == "array":
                assert prop["items"]["type"] == "string", (p.name, key)


def test_no_module_of_the_pack_shadows_the_standard_library() -> None:
    # The language host runs policies/__main__.py with policies/ first on sys.path.
    modules = {p.stem for p in PACK.glob("*.py")}
    assert not modules & sys.stdlib_module_names


def test_pulumi_policy_yaml_uses_the_project_venv() -> None:
    text = (PACK / "PulumiPolicy.yaml").read_text()
    assert "name: python" in text and "virtualenv: ../.venv" in text


def test_main_serves_the_pack_over_grpc() -> None:
    # Started the way the language host does: the pack directory as cwd, a clean sys.path.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.Popen(
        [sys.executable, "-u", str(PACK / "__main__.py")],
        cwd=PACK,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(proc.stdout.readline().strip())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            info = analyzer_pb2_grpc.AnalyzerStub(channel).GetAnalyzerInfo(empty_pb2.Empty(), timeout=30)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert info.name == "flex-a2p"
    served = {p.name: p for p in info.policies}
    assert set(served) == {p.name for p in POLICIES}
    webhook = served["messaging-service-uses-number-webhook"]
    assert webhook.enforcementLevel == 1  # MANDATORY
    schema = json_format.MessageToDict(webhook.configSchema.properties)
    assert schema["exemptResourceNames"]["default"] == []


def test_example_config_names_only_real_policies_and_valid_levels() -> None:
    example = json.loads((PACK / "examples" / "policy-config.json").read_text())
    names = {p.name for p in POLICIES}
    for name, entry in example.items():
        assert name in names or name == "all", name
        level = entry if isinstance(entry, str) else entry.get("enforcementLevel")
        assert level in (None, "advisory", "mandatory", "remediate", "disabled")
        if isinstance(entry, dict):
            schema = next(p for p in POLICIES if p.name == name).config_schema
            assert set(entry) - {"enforcementLevel"} <= set(schema.properties), name
