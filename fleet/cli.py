"""``python -m fleet`` (``scripts/fleet``): the fleet's command line.

    fleet [--registry FILE] preview|up|refresh|destroy|status [--tenant T]... [--environment E]... [--parallel N]
          [--all] [--refresh] [--resubmit-brand STACK]... [--json FILE|-] [--yes]
    fleet [--registry FILE] check
    fleet [--registry FILE] ci-workflow [--output FILE] [--max-jobs N]
    fleet [--registry FILE] deployments --org ORG --repo OWNER/NAME [--branch B]

Exit status: 0 when every target succeeded, 1 when any failed (the rerun resumes there), 2 for a bad registry or
command line (nothing ran), 130 when interrupted.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console

from fleet import ci, deployments
from fleet.display import ConsoleReporter, table
from fleet.registry import Registry, RegistryError, load
from fleet.results import ResultsFile, results_path
from fleet.runner import OPERATIONS, Fleet

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_REGISTRY = "fleet.yaml"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="fleet", description="Run flex-a2p over every tenant of a registry.")
    top.add_argument("--registry", default=DEFAULT_REGISTRY, type=Path, help="the tenant registry (fleet.yaml)")
    top.add_argument("--project", default=PROJECT_DIR, type=Path, help=argparse.SUPPRESS)
    sub = top.add_subparsers(dest="command", required=True)
    for name in OPERATIONS:
        op = sub.add_parser(name, help=f"`pulumi {name}` on every selected stack" if name != "status"
                            else "each stack's last outputs (no Twilio calls)")
        op.add_argument("--tenant", action="append", default=[], help="only this tenant (repeatable)")
        op.add_argument("--environment", action="append", default=[], help="only this environment (repeatable)")
        op.add_argument("--parallel", type=int, default=4, help="stacks run at once (one per Twilio account)")
        op.add_argument("--all", action="store_true", help="run every selected stack, not only where the last "
                        "run of this operation left failures")
        op.add_argument("--json", help="also write the results as JSON to this file (`-`: standard output)")
        if name in ("preview", "up"):
            op.add_argument("--refresh", action="store_true", help="refresh each stack first (statuses)")
        if name == "up":
            op.add_argument("--resubmit-brand", action="append", default=[], metavar="STACK",
                            help="allow this stack's FAILED brand to be resubmitted beyond the run's budget")
        if name == "destroy":
            op.add_argument("--yes", action="store_true", help="required: destroy really destroys")
    sub.add_parser("check", help="validate the registry and list its stacks")
    workflow = sub.add_parser("ci-workflow", help="write the GitHub Actions workflow that runs the fleet")
    workflow.add_argument("--output", type=Path, help="file to write (default: standard output)")
    workflow.add_argument("--max-jobs", type=int, default=ci.MAX_MATRIX_JOBS, help=argparse.SUPPRESS)
    deploy = sub.add_parser("deployments", help="print the Pulumi Deployments set-up of every stack")
    deploy.add_argument("--org", required=True, help="the Pulumi Cloud organization")
    deploy.add_argument("--repo", required=True, help="the GitHub repository, owner/name")
    deploy.add_argument("--branch", default="main")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    to_stderr = args.command in OPERATIONS and getattr(args, "json", None) == "-"
    out = _console(stderr=to_stderr)
    err = _console(stderr=True)
    try:
        registry = load(args.registry)
        if args.command == "check":
            for target in registry.targets:
                print(f"{target.stack:30} {target.account_sid}  credentials from {target.credentials.source}")
            print(f"{len(registry.targets)} stacks in {args.registry}")
            return 0
        if args.command == "ci-workflow":
            text = ci.workflow(registry, args.registry, max_jobs=args.max_jobs)
            if args.output:
                args.output.write_text(text)
            else:
                sys.stdout.write(text)
            return 0
        if args.command == "deployments":
            sys.stdout.write(deployments.script(registry, args.registry, org=args.org, repo=args.repo,
                                                branch=args.branch))
            return 0
        selected = registry.select(args.tenant, args.environment)
    except RegistryError as error:
        print(error, file=sys.stderr)
        return 2
    if args.command == "destroy" and not args.yes:
        print("fleet destroy: pass --yes to destroy the selected stacks' resources", file=sys.stderr)
        return 2
    if args.parallel < 1:
        print("fleet: --parallel must be at least 1", file=sys.stderr)
        return 2
    pack = args.project / registry.policy_pack
    if args.command in ("preview", "up") and not (pack / "PulumiPolicy.yaml").is_file():
        print(f"{args.registry}: policyPack: no policy pack at {pack} (a directory with PulumiPolicy.yaml)",
              file=sys.stderr)
        return 2
    return run(args.command, registry, selected, args, out, err)


def _console(stderr: bool) -> Console:
    """A terminal's own width; in logs and pipes (80 columns by default) wide enough for the table."""
    console = Console(stderr=stderr, highlight=False, soft_wrap=True)
    if not console.is_terminal:
        console = Console(stderr=stderr, highlight=False, soft_wrap=True, width=200)
    return console


def run(operation: str, registry: Registry, selected: list, args: argparse.Namespace, out: Console,
        err: Console) -> int:
    results = ResultsFile(results_path(registry.path))
    plan = results.plan(operation, selected, run_all=args.all)
    if plan.resumed:
        err.print(f"resuming {operation}: {len(plan.run)} of {len(selected)} stacks left from the last run "
                  f"({len(plan.carried)} done earlier; --all runs every one)", markup=False)
    if operation != "status":
        results.start(operation, plan.run)
    reporter = ConsoleReporter(err, operation, len(plan.run),
                               record=results.record if operation != "status" else None)
    fleet = Fleet(registry, args.project, parallel=args.parallel, reporter=reporter,
                  log_dir=results.path.parent / "logs", refresh=getattr(args, "refresh", False),
                  resubmit_brands=frozenset(getattr(args, "resubmit_brand", [])))
    interrupted = False
    with reporter:
        try:
            outcomes = fleet.run(operation, plan.run)
        except KeyboardInterrupt:
            interrupted, outcomes = True, []
    rows = [dict(row, carried=True) for row in plan.carried] + [o.to_json() for o in outcomes]
    order = {t.stack: i for i, t in enumerate(selected)}
    rows.sort(key=lambda row: order.get(row["stack"], len(order)))
    out.print(table(operation, rows))
    failed = [row for row in rows if row["result"] != "succeeded"]
    for row in failed:
        out.print(f"{row['stack']}: {row['result']}: {row.get('reason') or ''}", markup=False, highlight=False)
    document = {"operation": operation, "registry": str(registry.path), "results_file": str(results.path),
                "succeeded": len(rows) - len(failed), "failed": len(failed), "stacks": rows}
    if args.json == "-":
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    elif args.json:
        Path(args.json).write_text(json.dumps(document, indent=2) + "\n")
    if operation != "status":
        err.print(f"results: {results.path}", markup=False)
    if interrupted:
        return 130
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
