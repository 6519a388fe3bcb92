"""The issue's end-to-end run at full size: ``scripts/fleet-e2e [--tenants 20] [--latency-ms 0] [--parallel 4]``.

A fresh emulator, ``--tenants`` tenants in their own subaccounts, the fleet command run as a user runs it (see
:func:`fleet.demo.scenario`), every check of :func:`fleet.demo.check` reported; exit status 1 when one fails.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from fleet import demo
from fleet.cli import PROJECT_DIR
from twilio_emulator.testing import run_emulator


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--tenants", type=int, default=20)
    args.add_argument("--parallel", type=int, default=4)
    args.add_argument("--latency-ms", type=int, default=0)
    args.add_argument("--keep", type=Path, help="work here and keep it (default: a temporary directory)")
    options = args.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fleet-e2e-") as tmp:
        work = options.keep or Path(tmp)
        project, pulumi_env = demo.sandbox(work)
        with run_emulator(review_delay=0, latency_ms=options.latency_ms) as emulator:
            report = demo.scenario(emulator, work / "registry", project, pulumi_env, options.tenants,
                                   parallel=options.parallel, policy_pack=PROJECT_DIR / "policies")
        for step in report["steps"]:
            results = list(step.results().values())
            print(f"{step.name:12} exit {step.exit_code}  {results.count('succeeded')} succeeded, "
                  f"{results.count('failed')} failed, {sum(1 for r in step.document['stacks'] if not r.get('carried'))}"
                  f" run  {step.seconds:.1f}s")
        print(f"429 answers: {report['throttled_requests']}; per account: "
              f"{sorted({str(v) for v in report['accounts'].values()})}; parent's services: {report['parent_services']}")
        failures = demo.check(report)
        for failure in failures:
            print(f"FAILED: {failure}")
        print("all checks held" if not failures else f"{len(failures)} checks failed")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
