"""A fleet of tenants on the local emulator, set up as an ISV sets up real ones: used by the fleet's tests, its
20-tenant end-to-end script (scripts/fleet-e2e) and its benchmark (bench/fleet.py).

Per tenant, through the real twilio client: the main account creates a subaccount and an API key in it, and buys
the tenant's numbers into it (v2010 resources, which the parent may act on); the tenant's own key then wires each
number to Flex Conversations as the dev account's are (a published Studio flow that sends to Flex, an address
configuration per number) and creates and submits its Trust Hub bundles (v1 resources, which only the subaccount's
credentials reach). The registry names
the key's environment variables; their values are returned for the caller's environment, never written to a file.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from twilio_emulator.testing import RunningEmulator, compliant_bundles

FIXTURE = Path(__file__).resolve().parents[1] / "twilio_emulator" / "fixtures" / "dev_account.json"
DEV_STACK = Path(__file__).resolve().parents[1] / "Pulumi.dev.yaml"


#: the program's files, which a throw-away copy needs
PROGRAM = ("Pulumi.yaml", "__main__.py", "stack_config.py")


def sandbox(work: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the program (the fleet writes its stack files there, not into the source tree) and the
    environment of a throw-away file backend and Pulumi home (pulumi_driver's), with no ambient Twilio credentials."""
    from pulumi_driver import PROJECT_ROOT, PulumiStack, copy_program, mkdir

    project = copy_program(PROJECT_ROOT, work / "program", only=PROGRAM)
    env = PulumiStack(project, mkdir(work / "backend"), mkdir(work / "home")).env
    blank = {"TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "TWILIO_API_KEY": "", "TWILIO_API_SECRET": ""}
    return project, {k: v for k, v in env.items() if k.startswith("PULUMI_")} | blank


@dataclass(frozen=True)
class DemoTenant:
    name: str
    account_sid: str
    numbers: list[str]
    customer_profile_sid: str
    trust_product_sid: str


def env_names(tenant: str) -> tuple[str, str]:
    """The variables holding a tenant's API key SID and secret: ``ACME_TWILIO_API_KEY``, ``…_API_SECRET``."""
    prefix = tenant.upper().replace("-", "_")
    return f"{prefix}_TWILIO_API_KEY", f"{prefix}_TWILIO_API_SECRET"


def provision(emulator: RunningEmulator, names: list[str], numbers_each: int = 1) -> tuple[list[DemoTenant],
                                                                                            dict[str, str]]:
    """Creates each tenant's subaccount, key, numbers and approved bundles; returns them and the credential
    variables (name -> value) the registry from :func:`registry` expects."""
    fixture = json.loads(FIXTURE.read_text())
    parent = emulator.client()
    tenants, env = [], {}
    for index, name in enumerate(names):
        sub = parent.api.v2010.accounts.create(friendly_name=f"{name} (flex-a2p tenant)")
        key = parent.api.v2010.accounts(sub.sid).new_keys.create(friendly_name=f"{name} flex-a2p")
        numbers = [parent.api.v2010.accounts(sub.sid).incoming_phone_numbers.create(
            phone_number=f"+1646555{index:02d}{n:02d}").phone_number for n in range(numbers_each)]
        own = emulator.client(key.sid, key.secret, sub.sid)
        wire_to_flex(own, fixture, numbers)
        profile_sid, product_sid = compliant_bundles(own)  # complete, as Twilio's review requires
        tenants.append(DemoTenant(name, sub.sid, numbers, profile_sid, product_sid))
        key_var, secret_var = env_names(name)
        env[key_var], env[secret_var] = key.sid, key.secret
    return tenants, env


def wire_to_flex(client: Any, fixture: dict[str, Any], numbers: list[str]) -> None:
    """Each number reaches Flex as in the dev account: its address configuration auto-creates conversations into
    the dev account's published Studio flow (incoming conversation message -> send to Flex)."""
    template = fixture["studio_flows"][0]
    flow = client.studio.v2.flows.create(friendly_name=template["friendly_name"], status="published",
                                         definition=template["definition"])
    for number in numbers:
        client.conversations.v1.address_configurations.create(
            type="sms", address=number, friendly_name=f"Flex SMS {number}", auto_creation_enabled=True,
            auto_creation_type="studio", auto_creation_studio_flow_sid=flow.sid)


def registry(tenants: list[DemoTenant], base_url: str, environment: str = "dev") -> dict[str, Any]:
    """A registry for these tenants: the dev stack's campaign and service settings as shared defaults, each tenant
    its subaccount, numbers, bundles and name as its overlay."""
    dev = yaml.safe_load(DEV_STACK.read_text())["config"]
    defaults = {key: value for key, value in dev.items() if key in ("flex-a2p:messagingService", "flex-a2p:campaign")}
    defaults["flex-a2p:brand"] = {"brandType": "STANDARD"}
    return {
        "version": 1,
        "environments": {environment: {"config": {"twilio:apiBaseUrl": base_url}}},
        "defaults": defaults,
        "tenants": {
            t.name: {
                "subaccountSid": t.account_sid,
                "credentials": {"from": "env", "apiKey": env_names(t.name)[0], "apiSecret": env_names(t.name)[1]},
                "config": {
                    "flex-a2p:messagingService": {"friendlyName": f"{t.name} contact center"},
                    "flex-a2p:phoneNumbers": t.numbers,
                    "flex-a2p:brand": {"customerProfileBundleSid": t.customer_profile_sid,
                                       "a2pProfileBundleSid": t.trust_product_sid},
                },
            } for t in tenants
        },
    }


def write_registry(path: Path, document: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False, width=120))
    return path


# ---------------------------------------------------------------------------------------------------------------
# the end-to-end scenario of the fleet (tests/fleet/test_fleet_e2e.py with a few tenants, scripts/fleet-e2e with 20)

BAD_CAMPAIGN = {"usecase": "SOLE_PROPRIETOR"}  # a STANDARD brand cannot have it: Twilio refuses with 21717
THROTTLED = (("POST", "/v1/Services"), ("POST", "/v1/a2p/BrandRegistrations"),
             ("POST", "/v1/Services/*/Compliance/Usa2p"))


@dataclass
class Step:
    """One `fleet` command of the scenario: its exit status, JSON document and wall time."""

    name: str
    exit_code: int
    document: dict[str, Any]
    seconds: float

    def results(self) -> dict[str, str]:
        return {row["stack"]: row["result"] for row in self.document["stacks"]}


def fleet_command(args: list[str], registry_path: Path, project: Path, environ: dict[str, str],
                  name: str, timeout: float = 1800) -> Step:
    """Runs `python -m fleet` as a user would, and reads its JSON document."""
    import os
    import subprocess
    import sys
    import time

    json_path = registry_path.parent / f"{name}.json"
    command = [sys.executable, "-m", "fleet", "--registry", str(registry_path), "--project", str(project), *args,
               "--json", str(json_path)]
    started = time.monotonic()
    done = subprocess.run(command, env={**os.environ, **environ}, capture_output=True, text=True, timeout=timeout)
    seconds = time.monotonic() - started
    if not json_path.exists():
        raise RuntimeError(f"`fleet {' '.join(args)}` exited {done.returncode} without results:\n{done.stdout}\n"
                           f"{done.stderr}")
    (registry_path.parent / f"{name}.out").write_text(done.stdout + done.stderr)
    return Step(name, done.returncode, json.loads(json_path.read_text()), seconds)


def scenario(emulator: RunningEmulator, workdir: Path, project: Path, pulumi_env: dict[str, str], count: int,
             parallel: int = 4, throttle: int = 2, policy_pack: Path | None = None) -> dict[str, Any]:
    """The issue's end-to-end run: `count` tenants in their own subaccounts, the last with a campaign Twilio refuses.
    `up` converges all but that one, which fails alone with its reason; with its config corrected, a plain rerun
    runs only it; a second `up` changes nothing. Every account's creates are answered 429 `throttle` times first.
    Returns what happened, for the caller to check."""
    names = [f"tenant{n:02d}" for n in range(1, count + 1)]
    tenants, credentials = provision(emulator, names)
    bad = names[-1]
    document = registry(tenants, emulator.base_url)
    if policy_pack is not None:
        document["policyPack"] = str(policy_pack)
    document["tenants"][bad]["config"]["flex-a2p:campaign"] = BAD_CAMPAIGN
    path = write_registry(workdir / "fleet.yaml", document)
    for tenant in tenants:
        for method, glob in THROTTLED:
            emulator.add_fault(method=method, path=glob, count=throttle, status=429, code=20429, retry_after=0.2,
                               account=tenant.account_sid)
    environ = {**pulumi_env, **credentials}
    args = ["up", "--parallel", str(parallel)]
    first = fleet_command(args, path, project, environ, "1-up")
    del document["tenants"][bad]["config"]["flex-a2p:campaign"]
    write_registry(path, document)
    second = fleet_command(args, path, project, environ, "2-rerun")
    third = fleet_command(args, path, project, environ, "3-up-again")
    throttled = sum(1 for r in emulator.requests() if r.get("status") == 429)

    accounts = {}
    for tenant in tenants:
        own = emulator.client(credentials[env_names(tenant.name)[0]], credentials[env_names(tenant.name)[1]],
                              tenant.account_sid)
        services = own.messaging.v1.services.list()
        accounts[tenant.name] = {
            "services": len(services),
            "brands": len(own.messaging.v1.brand_registrations.list()),
            "campaigns": sum(len(own.messaging.v1.services(s.sid).us_app_to_person.list()) for s in services),
        }
    return {
        "tenants": names, "bad": bad, "steps": [first, second, third], "accounts": accounts,
        "parent_services": len(emulator.client().messaging.v1.services.list()), "throttled_requests": throttled,
        "secrets": list(credentials.values()), "registry": path,
    }


def check(report: dict[str, Any]) -> list[str]:
    """What the scenario must show, as the failed checks (none: all held). Shared by the test and the script."""
    first, rerun, again = report["steps"]
    bad = f"{report['bad']}-dev"
    stacks = [f"{t}-dev" for t in report["tenants"]]
    failures = []

    def expect(ok: bool, what: str) -> None:
        if not ok:
            failures.append(what)

    expect(first.exit_code == 1, f"first up exits 1, not {first.exit_code}")
    expect(first.results() == {s: "failed" if s == bad else "succeeded" for s in stacks},
           f"first up: all but {bad} succeed, {bad} fails: {first.results()}")
    reason = next((row.get("reason") or "" for row in first.document["stacks"] if row["stack"] == bad), "")
    expect("21717" in reason and "SOLE_PROPRIETOR" in reason, f"{bad} fails with Twilio's reason: {reason!r}")
    expect(all(row["changes"] == {"create": 6} and row["brand_status"] and row["campaign_status"]
               for row in first.document["stacks"] if row["stack"] != bad), "first up creates 6 resources each")
    expect(all(re.fullmatch(r"pass \d+", row["inbound_routing"]) for row in first.document["stacks"]
               if row["stack"] != bad), "every number of a converged tenant reaches Flex (inbound routing: pass)")
    ran = {row["stack"] for row in rerun.document["stacks"] if not row.get("carried")}
    expect(rerun.exit_code == 0 and ran == {bad} and set(rerun.results().values()) == {"succeeded"},
           f"the rerun after the fix runs only {bad} and all succeed: ran {sorted(ran)}, exit {rerun.exit_code}")
    expect(again.exit_code == 0 and all(not row.get("carried") and row["changes"] == {}
                                        for row in again.document["stacks"]),
           "a second up runs every stack and changes nothing")
    expect(report["throttled_requests"] >= len(stacks) * len(THROTTLED),
           f"429s were answered: {report['throttled_requests']}")
    expect(report["accounts"] == {t: {"services": 1, "brands": 1, "campaigns": 1} for t in report["tenants"]},
           f"each account holds one service, brand and campaign: {report['accounts']}")
    expect(report["parent_services"] == 0, "the parent's own v1 view holds none of the tenants' objects")
    return failures
