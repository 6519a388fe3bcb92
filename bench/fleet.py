#!/usr/bin/env python
"""What deploying a fleet of tenants costs at a realistic Twilio round trip: one tenant at a time versus the fleet
runner, against the lower bound. A benchmark, not a test: it measures and reports, it asserts nothing.

For each mode a fresh emulator with ``--latency-ms`` (150 by default) and ``--tenants`` tenants (20) of ``--numbers``
numbers each (20), each tenant in its own subaccount (fleet/demo.py), and a fresh file backend:

- one at a time: ``fleet up --parallel 1`` (the same runner, one stack after another, as a loop over stacks would);
- the fleet: ``fleet up --parallel P`` for each P of ``--parallel`` (one stack per account at a time throughout);
- then ``fleet up --all`` again on the fleet's stacks (nothing to change);
- the lower bound: the fewest Twilio calls that create every tenant's objects (bench/run.py's ``LowerBound``: the
  service, the numbers' SIDs and the brand at once, then the numbers, then the campaign), every tenant at the same
  time with its own credentials, each with up to 8 calls in flight (twilio:maxConcurrency's default, per account).

    .venv/bin/python bench/fleet.py                 # writes bench/results/fleet.json and fleet.md
    .venv/bin/python bench/fleet.py --quick         # 3 tenants, no latency, to a temp dir
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import ApiInputs, LowerBound, load_project_env, log, machine  # noqa: E402
from fleet import demo  # noqa: E402
from twilio_emulator.testing import run_emulator  # noqa: E402


def fleet_up(work: Path, latency_ms: int, tenants: int, parallel: int, again: bool, numbers: int = 1) -> dict[str, Any]:
    """`fleet up --parallel P` on a fresh emulator and backend; with `again`, a second `up --all` after it."""
    project, pulumi_env = demo.sandbox(work)
    with run_emulator(review_delay=0, latency_ms=latency_ms) as emulator:
        made, credentials = demo.provision(emulator, [f"tenant{n:02d}" for n in range(1, tenants + 1)], numbers)
        document = demo.registry(made, emulator.base_url)
        document["policyPack"] = str(ROOT / "policies")
        path = demo.write_registry(work / "registry" / "fleet.yaml", document)
        emulator.clear_requests()
        environ = {**pulumi_env, **credentials}
        cpu = cpu_seconds()
        first = demo.fleet_command(["up", "--parallel", str(parallel), "--all"], path, project, environ, "up")
        calls = len(emulator.requests())
        result = {"parallel": parallel, "seconds": round(first.seconds, 2), "cpu_seconds": round(cpu_seconds() - cpu),
                  "exit": first.exit_code, "api_calls": calls,
                  "per_stack_seconds": sorted(r["duration"] for r in first.document["stacks"])}
        if again:
            emulator.clear_requests()
            cpu = cpu_seconds()
            second = demo.fleet_command(["up", "--parallel", str(parallel), "--all"], path, project, environ, "again")
            result["no_change"] = {"seconds": round(second.seconds, 2), "cpu_seconds": round(cpu_seconds() - cpu),
                                   "exit": second.exit_code, "api_calls": len(emulator.requests()),
                                   "changes": sum(sum(r["changes"].values()) for r in second.document["stacks"])}
    log(f"  fleet up --parallel {parallel}: {result['seconds']}s (exit {result['exit']}, {result['api_calls']} calls)")
    return result


def cpu_seconds() -> float:
    """CPU time of this process's finished children and theirs (the fleet, the CLIs, the Python hosts)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def lower_bound(latency_ms: int, tenants: int, numbers: int = 1) -> dict[str, Any]:
    """Every tenant's fewest calls, all tenants at once (their accounts are independent), 8 in flight each."""
    inputs = ApiInputs.from_dev_config()
    with run_emulator(review_delay=0, latency_ms=latency_ms) as emulator:
        made, credentials = demo.provision(emulator, [f"tenant{n:02d}" for n in range(1, tenants + 1)], numbers)
        emulator.clear_requests()
        bounds = []
        for tenant in made:
            key, secret = (credentials[name] for name in demo.env_names(tenant.name))
            brand = {**inputs.brand, "customer_profile_bundle_sid": tenant.customer_profile_sid,
                     "a2p_profile_bundle_sid": tenant.trust_product_sid}
            bound = LowerBound(emulator, dataclasses.replace(inputs, brand=brand), concurrency=8)
            bound.client = emulator.client(key, secret, tenant.account_sid)
            bounds.append((bound, tenant))
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=tenants) as pool:
            list(pool.map(lambda pair: pair[0].up(pair[1].numbers), bounds))
        seconds = time.monotonic() - started
        calls = len(emulator.requests())
        for bound, _ in bounds:
            bound.close()
    log(f"  lower bound: {seconds:.2f}s ({calls} calls)")
    return {"seconds": round(seconds, 2), "api_calls": calls}


def markdown(results: dict[str, Any]) -> str:
    s = results["settings"]
    bound = results["lower_bound"]["seconds"]
    lines = [
        f"# Fleet benchmark: {s['tenants']} tenants of {s.get('numbers', 1)} numbers at {s['latency_ms']} ms per "
        "Twilio request",
        "",
        f"Machine: {results['machine']['cores']} cores, load average {results['machine']['load_average_at_start']} at "
        "the start (shared with other work). `fleet up` of fresh tenants, each in its own subaccount; wall time of the "
        "whole command (stack creation, config, read-only Twilio checks, `pulumi up` with the policy pack, outputs).",
        "",
        "| mode | seconds | x lower bound | CPU seconds (all processes) | Twilio calls |",
        "| --- | --- | --- | --- | --- |",
    ]
    for run in results["runs"]:
        name = "one tenant at a time (--parallel 1)" if run["parallel"] == 1 else f"fleet runner (--parallel {run['parallel']})"
        lines.append(f"| {name} | {run['seconds']} | {run['seconds'] / bound:.1f} | {run['cpu_seconds']} | "
                     f"{run['api_calls']} |")
        if "no_change" in run:
            nc = run["no_change"]
            lines.append(f"| ... second `up`, nothing to change (--parallel {run['parallel']}) | {nc['seconds']} | - | "
                         f"{nc['cpu_seconds']} | {nc['api_calls']} |")
    lines.append(f"| lower bound (fewest calls, all tenants at once) | {bound} | 1.0 | - | "
                 f"{results['lower_bound']['api_calls']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tenants", type=int, default=20)
    p.add_argument("--numbers", type=int, default=20, help="numbers per tenant (at most 100)")
    p.add_argument("--latency-ms", type=int, default=150)
    p.add_argument("--parallel", type=lambda text: [int(x) for x in text.split(",")], default=[4, 8])
    p.add_argument("--quick", action="store_true", help="3 tenants, no latency, parallel 1 and 3, to a temp dir")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = p.parse_args(argv)
    load_project_env()
    if args.quick:
        args.tenants, args.latency_ms, args.parallel = 3, 0, [3]
        args.out = Path(tempfile.mkdtemp(prefix="fleet-bench-"))
    results: dict[str, Any] = {"settings": {"tenants": args.tenants, "numbers": args.numbers,
                                            "latency_ms": args.latency_ms,
                                            "parallel": [1, *args.parallel]},
                               "machine": machine(), "runs": []}
    with tempfile.TemporaryDirectory(prefix="fleet-bench-") as tmp:
        for parallel in [1, *args.parallel]:
            results["runs"].append(fleet_up(Path(tmp) / f"p{parallel}", args.latency_ms, args.tenants, parallel,
                                            again=parallel == max(args.parallel), numbers=args.numbers))
    results["lower_bound"] = lower_bound(args.latency_ms, args.tenants, args.numbers)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "fleet.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "fleet.md").write_text(markdown(results))
    print(markdown(results))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
