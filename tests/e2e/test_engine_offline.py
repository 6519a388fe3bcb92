"""The real Pulumi CLI, our language host and the dynamic-provider plugin, end to end, offline."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pulumi_driver import PulumiStack, assert_in_output, combined_output, new_stack, pulumi_binary

HERE = Path(__file__).parent
PROBE_TYPE = "pulumi-python:dynamic/flexa2p:EngineProbe"
PROBE_PACK = HERE / "policy_packs" / "probe"


@pytest.fixture
def probe_stack(tmp_path: Path) -> PulumiStack:
    stack = new_stack(tmp_path, HERE / "programs" / "engine_probe")
    stack.set_config("label", "first")
    stack.set_config("message", "hello")
    return stack


def test_cli_is_a_stamped_3x_build() -> None:
    import subprocess

    version = subprocess.run([pulumi_binary(), "version"], capture_output=True, text=True, check=True).stdout
    assert re.fullmatch(r"v3\.\d+\.\d+\s*", version), version


def test_preview_up_update_replace_destroy(probe_stack: PulumiStack) -> None:
    preview = probe_stack.preview()
    assert_in_output(preview, PROBE_TYPE, "+ 2 to create")
    assert probe_stack.resources_of_type(PROBE_TYPE) == []  # preview creates nothing

    probe_stack.up()
    outputs = probe_stack.outputs()
    assert outputs["label"] == "first"
    assert outputs["digest"] == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"  # sha256("hello")
    [probe] = probe_stack.resources_of_type(PROBE_TYPE)
    assert probe["id"] == "probe-first"

    probe_stack.preview("--expect-no-changes")

    probe_stack.set_config("message", "bye")
    probe_stack.up()
    [probe] = probe_stack.resources_of_type(PROBE_TYPE)
    assert probe["id"] == "probe-first", "a message change updates in place"
    assert probe["outputs"]["message"] == "bye"

    probe_stack.set_config("label", "second")
    replace_preview = probe_stack.preview("--diff")
    assert_in_output(replace_preview, "+-", "replace")
    probe_stack.up()
    [probe] = probe_stack.resources_of_type(PROBE_TYPE)
    assert probe["id"] == "probe-second"

    probe_stack.destroy()
    assert probe_stack.resources_of_type(PROBE_TYPE) == []


def test_check_failure_names_the_field_and_creates_nothing(probe_stack: PulumiStack) -> None:
    probe_stack.set_config("label", "")
    result = probe_stack.up(check=False)
    assert result.returncode != 0
    assert_in_output(result, "label is required")
    assert probe_stack.resources_of_type(PROBE_TYPE) == []


def test_policy_pack_loads_and_reports(probe_stack: PulumiStack) -> None:
    compliant = probe_stack.preview("--policy-pack", str(PROBE_PACK))
    assert_in_output(compliant, "engine-probe-pack")

    probe_stack.set_config("message", "this is forbidden")
    violating = probe_stack.preview("--policy-pack", str(PROBE_PACK), check=False)
    assert violating.returncode != 0, combined_output(violating)
    assert_in_output(violating, "probe-message-allowed", "mandatory", "must not contain 'forbidden'")
