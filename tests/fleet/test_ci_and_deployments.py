"""The generated CI workflow and Pulumi Deployments script: their structure, limits and credential handling.
What GitHub and Pulumi Cloud do with them is not exercised here (no network); the README says so."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import yaml

from fleet import ci, deployments
from fleet.registry import parse
from pulumi_driver import pulumi_binary

from .test_registry import registry, tenant


def big_registry(count: int) -> dict:
    doc = registry(**{f"t{n:03d}": tenant(f"AC{n:032x}", environments={"dev": {
        "config": {"flex-a2p:brand": {"mock": True}}}, "prod": None}) for n in range(count)})
    doc["tenants"]["t000"]["credentials"] = {"from": "stackConfig"}
    doc["tenants"]["t001"]["credentials"] = {"from": "env", "authToken": "T001_TOKEN"}
    return doc


def test_the_workflow_has_one_job_per_stack_sharded_within_the_matrix_limit() -> None:
    reg = parse(big_registry(300))
    workflow = yaml.safe_load(ci.workflow(reg, Path("fleet.yaml")))
    jobs = workflow["jobs"]
    assert list(jobs) == ["dev-1", "dev-2", "prod-1", "prod-2"]
    entries = {job: j["strategy"]["matrix"]["include"] for job, j in jobs.items()}
    assert all(len(e) <= ci.MAX_MATRIX_JOBS for e in entries.values())
    stacks = [e["stack"] for rows in entries.values() for e in rows]
    assert sorted(stacks) == sorted(t.stack for t in reg.targets)  # one job per tenant and environment
    for env in ("dev", "prod"):  # within an environment no account appears twice: no two runs on one account
        accounts = [e["account"] for job, rows in entries.items() if job.startswith(env) for e in rows]
        assert len(accounts) == len(set(accounts)) == 300
    assert jobs["prod-1"]["needs"] == ["dev-1", "dev-2"] and jobs["prod-1"]["if"] == "${{ !cancelled() }}"
    assert "needs" not in jobs["dev-1"]
    assert workflow["concurrency"] == {"group": "flex-a2p-fleet", "cancel-in-progress": False}
    first = {e["stack"]: e for e in entries["dev-1"]}
    assert (first["t000-dev"]["secret1"], first["t001-dev"]["secret1"], first["t002-dev"]["secret2"]) == \
        ("", "T001_TOKEN", "ACME_SECRET")
    assert ci.shards(list(range(257)), 256) == [list(range(129)), list(range(129, 257))]


def test_a_job_exports_exactly_its_tenants_secrets_under_the_registrys_names(tmp_path: Path) -> None:
    """The step's script, run by bash as the runner would with the env GitHub computes for one matrix entry."""
    reg = parse(big_registry(3))
    step = yaml.safe_load(ci.workflow(reg, Path("fleet.yaml")))["jobs"]["dev-1"]["steps"][4]
    assert step["env"]["TENANT_SECRET_1"] == "${{ matrix.secret1 && secrets[matrix.secret1] || '' }}"
    (tmp_path / "scripts").mkdir()
    fake = tmp_path / "scripts" / "fleet"
    fake.write_text("#!/usr/bin/env bash\necho \"args: $*\"\nenv | grep -E '^(ACME_|T00|TWILIO)' | sort\n")
    fake.chmod(0o755)
    env = {"PATH": os.environ["PATH"], "FLEET_REGISTRY": "fleet.yaml", "FLEET_OPERATION": "up",
           "FLEET_TENANT": "t002", "FLEET_ENVIRONMENT": "dev", "TENANT_SECRET_1_NAME": "ACME_KEY",
           "TENANT_SECRET_1": "SKkey", "TENANT_SECRET_2_NAME": "ACME_SECRET", "TENANT_SECRET_2": "s3cr3t value"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", step["run"]], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "args: --registry fleet.yaml up --tenant t002 --environment dev --all --json fleet-result.json",
        "ACME_KEY=SKkey", "ACME_SECRET=s3cr3t value"]
    env.update(TENANT_SECRET_1_NAME="", TENANT_SECRET_1="", TENANT_SECRET_2_NAME="", TENANT_SECRET_2="")
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", step["run"]], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and done.stdout.splitlines()[1:] == []  # a stackConfig tenant exports nothing


def test_the_deployments_script_uses_flags_the_pinned_cli_has() -> None:
    reg = parse(big_registry(3))
    script = deployments.script(reg, Path("fleet.yaml"), org="acme-isv", repo="acme-isv/flex-a2p")
    commands = [c for c in re.split(r"(?<!\\)\n", script) if c.startswith("pulumi ")]
    assert len(commands) == 2 * len(reg.targets)
    helps = {}
    for command in commands:
        words = shlex.split(command.replace("\\\n", " "))
        verb = tuple(words[:4])  # pulumi deployment settings edit | pulumi stack schedule new
        if verb not in helps:
            helps[verb] = subprocess.run([pulumi_binary(), *verb[1:], "--help"], capture_output=True, text=True,
                                         timeout=60).stdout
        for flag in (w.split("=")[0] for w in words if w.startswith("--")):
            assert re.search(rf"(^|\s){re.escape(flag)}[\s=]", helps[verb]), f"{flag} is not a flag of {verb}"
    assert "--secret-env \"TWILIO_API_SECRET=${ACME_SECRET:?}\"" in script  # read from the shell, never written
    assert "--secret-env \"TWILIO_AUTH_TOKEN=${T001_TOKEN:?}\"" in script
    crons = re.findall(r"--cron '([^']+)'", script)
    assert len(set(crons)) == len(crons) and all(c.endswith("*/6 * * *") for c in crons)
    assert "--auto-remediate" not in script  # remediation would resubmit FAILED brands


def test_the_committed_example_workflow_is_what_the_generator_writes() -> None:
    """examples/fleet/fleet-workflow.yml is regenerated from examples/fleet/fleet.yaml whenever either changes."""
    from fleet.registry import load
    from pulumi_driver import PROJECT_ROOT

    example = PROJECT_ROOT / "examples" / "fleet"
    expected = ci.workflow(load(example / "fleet.yaml"), Path("examples/fleet/fleet.yaml"))
    assert (example / "fleet-workflow.yml").read_text() == expected
