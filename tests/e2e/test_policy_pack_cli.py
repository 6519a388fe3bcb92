"""The flex-a2p policy pack through the real Pulumi CLI against the emulator (issue 5's CLI cases)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from components.messaging_service import TYPE as OUR_SERVICE
from policies.resource_types import BRIDGED_MESSAGING_SERVICE as BRIDGED_SERVICE
from pulumi_driver import PROJECT_ROOT, PulumiStack, assert_in_output, combined_output, new_stack
from twilio_emulator.testing import RunningEmulator

HERE = Path(__file__).parent
PROGRAM = HERE / "programs" / "policy_stack"
PACK = str(PROJECT_ROOT / "policies")
BRIDGED_PLUGIN_DIR = HERE / "plugins" / "bridged_twilio"
RULE = "messaging-service-uses-number-webhook"


@pytest.fixture
def stack(tmp_path: Path, emulator: RunningEmulator) -> PulumiStack:
    return new_stack(
        tmp_path,
        PROGRAM,
        extra_env={
            "TWILIO_API_BASE_URL": emulator.base_url,
            "TWILIO_ACCOUNT_SID": emulator.account_sid,
            "TWILIO_AUTH_TOKEN": emulator.auth_token,
            "PATH": f"{BRIDGED_PLUGIN_DIR}{os.pathsep}{os.environ['PATH']}",
        },
    )


def services_on_emulator(emulator: RunningEmulator) -> list:
    return list(emulator.client().messaging.v1.services.list())


def write_config(tmp_path: Path, config: dict) -> str:
    path = tmp_path / "policy-config.json"
    path.write_text(json.dumps(config))
    return str(path)


def test_compliant_stack_previews_and_deploys(stack: PulumiStack, emulator: RunningEmulator) -> None:
    stack.set_config("statusCallback", "https://hooks.example.com/status")
    assert_in_output(stack.preview("--policy-pack", PACK), "flex-a2p")
    stack.up("--policy-pack", PACK)
    [service] = services_on_emulator(emulator)
    assert service.use_inbound_webhook_on_number is True
    assert stack.outputs()["use_inbound_webhook_on_number"] is True


@pytest.mark.parametrize("defer", ["false", "string-false"])
def test_violating_stack_fails_preview_and_up_and_creates_nothing(
    stack: PulumiStack, emulator: RunningEmulator, defer: str
) -> None:
    stack.set_config("defer", defer)
    preview = stack.preview("--policy-pack", PACK, check=False)
    assert preview.returncode != 0, combined_output(preview)
    assert_in_output(preview, RULE, "mandatory", "use_inbound_webhook_on_number is false")

    up = stack.up("--policy-pack", PACK, check=False)
    assert up.returncode != 0, combined_output(up)
    assert_in_output(up, RULE)
    assert stack.resources_of_type(OUR_SERVICE) == []
    assert services_on_emulator(emulator) == []


def test_bridged_provider_service_without_defer_is_caught(stack: PulumiStack, emulator: RunningEmulator) -> None:
    stack.set_config("bridged", "unset")
    preview = stack.preview("--policy-pack", PACK, check=False)
    assert preview.returncode != 0, combined_output(preview)
    assert_in_output(preview, RULE, "useInboundWebhookOnNumber is not set")

    up = stack.up("--policy-pack", PACK, check=False)
    assert up.returncode != 0, combined_output(up)
    assert stack.resources_of_type(BRIDGED_SERVICE) == []
    assert all(s.friendly_name != "Flex SMS (bridged)" for s in services_on_emulator(emulator))


def test_bridged_provider_service_that_defers_deploys(stack: PulumiStack, emulator: RunningEmulator) -> None:
    stack.set_config("bridged", "true")
    stack.up("--policy-pack", PACK)
    [bridged] = stack.resources_of_type(BRIDGED_SERVICE)
    assert bridged["outputs"]["useInboundWebhookOnNumber"] is True
    assert {s.friendly_name for s in services_on_emulator(emulator)} == {"Flex SMS", "Flex SMS (bridged)"}


def test_policy_config_changes_the_level(stack: PulumiStack, tmp_path: Path) -> None:
    stack.set_config("defer", "false")
    config = write_config(tmp_path, {RULE: "advisory", f"{RULE}-stack": "advisory"})
    preview = stack.preview("--policy-pack", PACK, "--policy-pack-config", config)
    assert_in_output(preview, RULE, "advisory")
    assert "mandatory" not in combined_output(preview)


def test_remediation_fixes_the_value(stack: PulumiStack, emulator: RunningEmulator, tmp_path: Path) -> None:
    stack.set_config("defer", "false")
    stack.set_config("bridged", "unset")
    config = write_config(tmp_path, {RULE: "remediate"})
    stack.up("--policy-pack", PACK, "--policy-pack-config", config)
    services = {s.friendly_name: s for s in services_on_emulator(emulator)}
    assert services["Flex SMS"].use_inbound_webhook_on_number is True
    assert services["Flex SMS (bridged)"].use_inbound_webhook_on_number is True
    [ours] = stack.resources_of_type(OUR_SERVICE)
    assert ours["outputs"]["use_inbound_webhook_on_number"] is True


def test_pr_check_script_fails_on_mandatory_violations(stack: PulumiStack) -> None:
    def pr_check() -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in stack.env.items() if not k.startswith("TWILIO_")}
        return subprocess.run(
            [str(PROJECT_ROOT / "scripts" / "pr-check"), "--program-dir", str(stack.program_dir), "--stack", "pr"],
            env=env, capture_output=True, text=True, timeout=900,
        )

    # pr-check's backend is thrown away, but the stack's config file stays in the program directory.
    stack_config = stack.program_dir / "Pulumi.pr.yaml"
    stack_config.write_text('config:\n  policy-stack:statusCallback: "https://hooks.example.com/status"\n')
    passed = pr_check()
    assert passed.returncode == 0, combined_output(passed)
    assert_in_output(passed, "Twilio emulator", "pr-check: passed")

    stack_config.write_text(stack_config.read_text().replace("config:\n", 'config:\n  policy-stack:defer: "false"\n', 1))
    failed = pr_check()
    assert failed.returncode != 0
    assert_in_output(failed, RULE, "pr-check: FAILED: mandatory policy violations")
