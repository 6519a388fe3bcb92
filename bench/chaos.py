#!/usr/bin/env python
"""Faults and crashes against the real CLI and the emulator, counted (issue 16). A scenario script, not a test: it
prints what it finds and exits non-zero when it finds a duplicate, an orphan or a pending operation.

Scenarios (each on a fresh emulator and a throw-away stack of the dev stack's config):

- ``lost-answers``: the create of the service, the brand, a number or the campaign is answered late, either
  processed at once (``answer_delay_seconds``) or taking effect late (``delay_seconds``), from 1 s to
  requestTimeout + 60 s, with ``twilio:requestTimeout`` 2; one ``up``.
- ``kill``: SIGKILL of the CLI (and what it started) at five moments of a 50-number ``up``, then the recovery the
  README documents (``pulumi cancel``, ``pulumi up``, ``pulumi refresh --clear-pending-creates``).
- ``faults``: 429 with Retry-After, 500, 503 and dropped connections on 20% of all requests, every kind, during a
  50-number ``up``; one more ``up`` if the first fails.

After each it counts, from Twilio (the emulator) and the stack's state: duplicates (a second object for one
resource), orphans (an object of the stack's kind Twilio holds and the state does not), pending operations.

    .venv/bin/python bench/chaos.py                     # all scenarios (about 30 minutes on 2 cores)
    .venv/bin/python bench/chaos.py kill --numbers 50   # one scenario
    .venv/bin/python bench/chaos.py --quick             # a few cases of each (about 5 minutes)
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import dev_config, load_project_env, log, new_stack, phone_numbers, write_fixtures  # noqa: E402
from pulumi_driver import PulumiStack, pulumi_binary  # noqa: E402
from twilio_emulator.testing import RunningEmulator, run_emulator  # noqa: E402

SERVICE = "pulumi-python:dynamic/twilio:MessagingService"
NUMBER = "pulumi-python:dynamic/twilio:MessagingServicePhoneNumber"
BRAND = "pulumi-python:dynamic/twilio:BrandRegistration"
CAMPAIGN = "pulumi-python:dynamic/twilio:A2PCampaign"
CREATES = {  # what each lost-answer case delays: the create of...
    "service": "/v1/Services",
    "brand": "/v1/a2p/BrandRegistrations",
    "number": "/v1/Services/*/PhoneNumbers",
    "campaign": "/v1/Services/*/Compliance/Usa2p",
}
REQUEST_TIMEOUT = 2
SCENARIOS = ("lost-answers", "kill", "faults")
CLI_TIMEOUT_SECONDS = 1800


@dataclass
class Counts:
    """What Twilio holds against what the stack's state manages."""

    services: int
    brands: int
    campaigns: int
    senders: int
    duplicates: int
    orphans: int
    pending: int
    complete: bool  # the stack manages one service, one brand, one campaign and every number

    def clean(self) -> bool:
        return self.duplicates == 0 and self.orphans == 0 and self.pending == 0 and self.complete


@dataclass
class Deployment:
    emulator: RunningEmulator
    stack: PulumiStack
    numbers: list[str]
    failures: list[str] = field(default_factory=list)  # the first error line of each failed `up`

    @property
    def friendly_name(self) -> str:
        return dev_config()["flex-a2p:messagingService"]["friendlyName"]

    def counts(self) -> Counts:
        client = self.emulator.client()
        export = self.stack.export()["deployment"]
        managed: dict[str, set[str]] = {}
        for resource in export.get("resources") or []:
            if resource.get("id"):
                managed.setdefault(resource["type"], set()).add(resource["id"])
        bundles = tuple(dev_config()["flex-a2p:brand"][k] for k in ("customerProfileBundleSid", "a2pProfileBundleSid"))
        services = [s for s in client.messaging.v1.services.list() if s.friendly_name == self.friendly_name]
        brands = [b for b in client.messaging.v1.brand_registrations.list()
                  if (b.customer_profile_bundle_sid, b.a2p_profile_bundle_sid) == bundles]
        campaigns: list[Any] = []
        senders: list[tuple[str, str]] = []
        for service in services:
            campaigns += client.messaging.v1.services(service.sid).us_app_to_person.list()
            senders += [(service.sid, n.sid) for n in client.messaging.v1.services(service.sid).phone_numbers.list()]
        orphans = (len([s for s in services if s.sid not in managed.get(SERVICE, set())])
                   + len([b for b in brands if b.sid not in managed.get(BRAND, set())])
                   + len([c for c in campaigns if c.messaging_service_sid not in managed.get(SERVICE, set())])
                   + len([n for s, n in senders if s not in managed.get(SERVICE, set())
                          or n not in managed.get(NUMBER, set())]))
        complete = (len(managed.get(SERVICE, ())) == 1 and len(managed.get(BRAND, ())) == 1
                    and len(managed.get(CAMPAIGN, ())) == 1 and len(managed.get(NUMBER, ())) == len(self.numbers))
        return Counts(len(services), len(brands), len(campaigns), len(senders),
                      duplicates=max(0, len(services) - 1) + max(0, len(brands) - 1) + max(0, len(campaigns) - 1),
                      orphans=orphans, pending=len(export.get("pending_operations") or []), complete=complete)


@contextmanager
def deployment(work: Path, n: int, settings: dict[str, Any] | None = None) -> Iterator[Deployment]:
    """A fresh emulator owning ``n`` numbers and the dev bundles, and a stack deploying them through it."""
    numbers = phone_numbers(n)
    work.mkdir(parents=True, exist_ok=True)
    fixtures = write_fixtures(work / "fixtures.json", numbers)
    with run_emulator(review_delay=0, extra_args=("--fixtures", str(fixtures))) as emulator:
        stack = new_stack(work, emulator, numbers)
        path = stack.program_dir / f"Pulumi.{stack.name}.yaml"
        document = yaml.safe_load(path.read_text())
        document["config"].update({f"twilio:{k}": str(v) for k, v in (settings or {}).items()})
        path.write_text(yaml.safe_dump(document, sort_keys=False, width=1000))
        yield Deployment(emulator, stack, numbers)


def up(d: Deployment, *args: str) -> int:
    result = d.stack.run("up", "--yes", "--skip-preview", *args, check=False, timeout=CLI_TIMEOUT_SECONDS)
    if result.returncode != 0:
        errors = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("error:")]
        d.failures.append(errors[0][:300] if errors else f"exit {result.returncode}")
    return result.returncode


Ready = Callable[[Deployment], bool]


def kill_when(d: Deployment, ready: Ready, timeout: float = 300) -> str:
    """Runs ``pulumi up`` and SIGKILLs it, with the plugins and language host it started (as a dying runner would),
    once ``ready(d)`` is true. Returns the last lines the CLI printed."""
    log_path = d.stack.program_dir / "killed-up.log"
    with log_path.open("w") as out:
        process = subprocess.Popen(
            [pulumi_binary(), "up", "--yes", "--skip-preview", "--non-interactive", "--color", "never",
             "--stack", d.stack.name],
            cwd=d.stack.program_dir, env=d.stack.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        try:
            while process.poll() is None and time.monotonic() < deadline and not ready(d):
                time.sleep(0.05)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)  # the session this script started: the CLI and its children
            process.wait()
    return "\n".join(log_path.read_text().splitlines()[-3:])


def repair_cut_write(d: Deployment) -> bool:
    """The README's step for a kill that cut the file backend's write of a checkpoint's attributes short (every
    command then fails with "failed to load checkpoint: EOF"): delete the empty ``.attrs`` file. True if needed."""
    if "failed to load checkpoint: EOF" not in d.stack.run("stack", "export", check=False).stderr:
        return False
    empty = [f for f in (d.stack.backend_dir / ".pulumi" / "stacks").rglob("*.attrs") if f.stat().st_size == 0]
    for f in empty:
        f.unlink()
    return bool(empty)


def posts(d: Deployment, pattern: str) -> int:
    """Answered POSTs whose path matches ``pattern`` (the emulator logs a request when it answers)."""
    return sum(1 for r in d.emulator.requests() if r["method"] == "POST" and fnmatch.fnmatchcase(r["path"], pattern))


def fault_taken(d: Deployment) -> bool:
    """The request the fault was waiting for has arrived (a fault leaves the list when a request takes it)."""
    return not d.emulator.control("GET", "/_emulator/faults")["faults"]


def after(seconds: float, condition: Ready) -> Ready:
    """``condition``, then ``seconds`` more."""
    since: list[float] = []

    def ready(d: Deployment) -> bool:
        if not since and condition(d):
            since.append(time.monotonic())
        return bool(since) and time.monotonic() - since[0] >= seconds
    return ready


# ---------------------------------------------------------------------------------------------------------------
# scenarios


def lost_answers(work: Path, quick: bool) -> list[dict[str, Any]]:
    delays = (12,) if quick else (1, 3, 12, REQUEST_TIMEOUT + 30, REQUEST_TIMEOUT + 60)
    targets = ("service", "brand") if quick else tuple(CREATES)
    rows = []
    for target in targets:
        for kind in ("answer_delay_seconds", "delay_seconds"):
            for delay in delays:
                case = f"{target} {kind.replace('_seconds', '')} {delay}s"
                log(f"lost-answers: {case}")
                with deployment(work / f"lost-{target}-{kind}-{delay}", 3, {"requestTimeout": REQUEST_TIMEOUT}) as d:
                    d.emulator.add_fault(method="POST", path=CREATES[target], count=1, **{kind: delay})
                    started = time.monotonic()
                    ups = [up(d)]
                    if ups[-1] != 0:
                        ups.append(up(d))  # "converge within one more up"
                    time.sleep(max(0.0, delay - (time.monotonic() - started)) + 1)  # let a late effect land
                    rows.append({"case": case, "up exit codes": ups, "failed up said": d.failures,
                                 **asdict(d.counts())})
    return rows


#: moment -> (a fault that holds the moment open, or None; when to kill)
KILL_MOMENTS: dict[str, Callable[[int], tuple[dict[str, Any] | None, Ready]]] = {
    "service create in flight (takes effect 6 s later)": lambda n: (
        {"method": "POST", "path": "/v1/Services", "delay_seconds": 6}, after(0.5, fault_taken)),
    "brand create answered late (took effect at once)": lambda n: (
        {"method": "POST", "path": "/v1/a2p/BrandRegistrations", "answer_delay_seconds": 6}, after(0.5, fault_taken)),
    "just after the service create was answered": lambda n: (
        None, lambda d: posts(d, "/v1/Services") >= 1),
    "halfway through the numbers": lambda n: (
        None, lambda d: posts(d, "/v1/Services/*/PhoneNumbers") >= n // 2),
    "campaign create answered late (took effect at once)": lambda n: (
        {"method": "POST", "path": "/v1/Services/*/Compliance/Usa2p", "answer_delay_seconds": 6},
        after(0.5, fault_taken)),
}


def kill(work: Path, quick: bool, n: int) -> list[dict[str, Any]]:
    moments = list(KILL_MOMENTS)[:2] if quick else list(KILL_MOMENTS)
    rows = []
    for i, moment in enumerate(moments):
        log(f"kill: {moment}")
        with deployment(work / f"kill-{i}", n) as d:
            fault, ready = KILL_MOMENTS[moment](n)
            if fault is not None:
                d.emulator.add_fault(count=1, **fault)
            kill_when(d, ready)
            time.sleep(7)  # what was in flight lands (the delayed faults take effect after 6 s)
            d.emulator.clear_faults()
            repaired = repair_cut_write(d)
            killed = d.counts()
            steps = {"cancel": d.stack.run("cancel", "--yes", check=False).returncode, "up": up(d)}
            after_up = d.counts()
            steps["refresh --clear-pending-creates"] = d.stack.run(
                "refresh", "--yes", "--skip-preview", "--clear-pending-creates", check=False).returncode
            steps["preview --expect-no-changes"] = d.stack.run("preview", "--expect-no-changes",
                                                               check=False).returncode
            rows.append({"moment": moment, "checkpoint write cut short": repaired, "at kill": asdict(killed),
                         "exit codes": steps,
                         "after up": asdict(after_up), **asdict(d.counts())})
    return rows


def faults(work: Path, quick: bool, n: int, runs: int) -> list[dict[str, Any]]:
    rows = []
    for run in range(1 if quick else runs):
        log(f"faults: run {run + 1}")
        with deployment(work / f"faults-{run}", n) as d:
            for fault in ({"status": 429, "code": 20429, "retry_after": 1}, {"status": 500, "code": 20500},
                          {"status": 503, "code": 20503}, {"drop": True}):
                d.emulator.add_fault(method="*", path="/*", count=100_000, probability=0.05, **fault)
            ups = [up(d)]
            if ups[-1] != 0:
                ups.append(up(d))
            injected = sum(1 for r in d.emulator.requests() if r.get("fault"))
            total = len(d.emulator.requests())
            d.emulator.clear_faults()
            rows.append({"run": run + 1, "up exit codes": ups, "failed up said": d.failures, "requests": total,
                         "faulted": injected, **asdict(d.counts())})
    return rows


def report(name: str, rows: list[dict[str, Any]]) -> bool:
    clean = all(row["duplicates"] == 0 and row["orphans"] == 0 and row["pending"] == 0 and row["complete"]
                for row in rows)
    print(f"\n## {name}: {len(rows)} case(s); duplicates {sum(r['duplicates'] for r in rows)}, orphans "
          f"{sum(r['orphans'] for r in rows)}, pending operations {sum(r['pending'] for r in rows)}, incomplete "
          f"{sum(1 for r in rows if not r['complete'])}")
    for row in rows:
        print(json.dumps(row), flush=True)
    return clean


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", metavar="lost-answers|kill|faults", help="default: all three")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--numbers", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3, help="runs of the faults scenario")
    parser.add_argument("--work", type=Path, help="keep the stacks here (default: a temporary directory)")
    args = parser.parse_args(argv)
    scenarios = args.scenarios or list(SCENARIOS)
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(sorted(unknown))}; choose from {', '.join(SCENARIOS)}")
    load_project_env()
    runners: dict[str, tuple[str, Callable[[Path], list[dict[str, Any]]]]] = {
        "lost-answers": ("lost answers", lambda work: lost_answers(work, args.quick)),
        "kill": ("SIGKILL + documented recovery", lambda work: kill(work, args.quick, args.numbers)),
        "faults": ("20% faults", lambda work: faults(work, args.quick, args.numbers, args.runs)),
    }
    clean = []
    with tempfile.TemporaryDirectory(prefix="flex-a2p-chaos-") as tmp:
        for scenario in SCENARIOS:
            if scenario in scenarios:
                title, run = runners[scenario]
                clean.append(report(title, run(args.work or Path(tmp))))  # printed as each scenario ends
    print("\nchaos: " + ("clean" if all(clean) else "FOUND duplicates, orphans or pending operations"))
    return 0 if all(clean) else 1


if __name__ == "__main__":
    sys.exit(main())
