"""``python -m discover`` (``scripts/discover``): bring an existing Twilio account under a stack in one command.

    discover --stack NAME [--service MG…] [--brand BN…] [--dry-run] [--secrets-provider PROVIDER]

Reads the account (GET requests only) with the credentials the stack uses (its ``twilio:*`` config, else the
``TWILIO_*`` variables), writes what it found into ``Pulumi.<stack>.yaml`` through the Pulumi CLI (creating the
stack if needed, keeping every value it already has), prints what it found and what the stack will adopt, and
what ``pulumi up`` would be refused for, with the fix of each.

Exit status: 0 written and nothing blocks ``up``; 1 written (or, with --dry-run, would be) but ``up`` would be
refused until the findings marked ``blocks`` are fixed; 2 nothing written: a bad flag, a choice to make (several
Messaging Services), credentials or Twilio not usable, or a Pulumi CLI failure; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from components.errors import TwilioApiError, TwilioConfigError
from discover import values
from discover.account import Account, BadChoice, ChoiceNeeded, Reader, plain_config
from discover.findings import PROGRAM, Finding, check
from discover.plan import BRAND, SERVICE, Plan, build
from discover.stack import PulumiStack, StackError

PROJECT_DIR = Path(__file__).resolve().parents[1]
#: scripts/env.sh's passphrase for stacks that only ever guard emulator credentials (README)
EMULATOR_ONLY_PASSPHRASE = "flex-a2p-local-emulator-only"
WRITTEN, BLOCKED, NOTHING_WRITTEN, INTERRUPTED = 0, 1, 2, 130


class Refused(Exception):
    """Nothing is written; the message says why and what to do."""


class PartlyWritten(Exception):
    """Writing stopped half-way; the message says where."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="discover", description="Read a Twilio account (read-only) and write what it "
                                "holds into a stack's config, to be adopted by `pulumi up` with no change.")
    p.add_argument("--stack", required=True, help="the stack to write (created if it does not exist)")
    p.add_argument("--service", metavar="MG…", help="the Messaging Service the stack manages, when the account has "
                   "several (without it they are listed)")
    p.add_argument("--brand", metavar="BN…", help="the brand to adopt when no campaign names one and the account "
                   "has several")
    p.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    p.add_argument("--secrets-provider", default="passphrase", help="for a stack created here (default: "
                   "passphrase, with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE)")
    p.add_argument("--project", type=Path, default=PROJECT_DIR, help=argparse.SUPPRESS)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    out = _console(stderr=False)
    err = _console(stderr=True)
    try:
        return run(args, dict(os.environ), out)
    except ChoiceNeeded as choice:
        err.print(f"discover: {choice}; nothing written", markup=False)
        table = Table("SID", "name", "inbound", box=None, pad_edge=False)
        for row in choice.options:
            table.add_row(*row)
        out.print(table)
        return NOTHING_WRITTEN
    except (Refused, BadChoice, StackError, TwilioConfigError, TwilioApiError) as error:
        err.print(f"discover: {error}", markup=False)
        err.print("discover: nothing written", markup=False)
        return NOTHING_WRITTEN
    except PartlyWritten as error:
        err.print(f"discover: {error}", markup=False)
        return NOTHING_WRITTEN
    except KeyboardInterrupt:
        err.print("discover: interrupted", markup=False)
        return INTERRUPTED


def run(args: argparse.Namespace, environ: dict[str, str], out: Console) -> int:
    stack = PulumiStack(args.project, args.stack, environ)
    deployed = stack.resources()
    exists = deployed is not None
    existing = stack.config() if exists else {}
    service_sid = _kept_choice("--service", args.service, existing.get(SERVICE))
    brand_sid = _kept_choice("--brand", args.brand, existing.get(BRAND))
    reader = Reader(plain_config({k: v for k, v in existing.items() if k.startswith("twilio:")}), environ)
    if not args.dry_run:
        _refuse_a_public_passphrase(stack, exists, args.secrets_provider, environ, reader)
    account = reader.read(service_sid, brand_sid)
    plan = build(account, existing, reader.reads)
    writes, kept = values.merge(existing, plan.sections)
    if deployed:
        owned = _owned(writes, existing, plan)
        writes = [w for w in writes if not _within(w.path, owned)]
        kept = [k for k in kept if not _within(k.path, owned)]
    findings = check(values.apply(existing, writes), account, reader.reads, args.stack, environ)

    _report(out, account, plan, kept, findings, args.stack)
    if args.dry_run:
        out.print(f"\n--dry-run: would write {_count(writes)} to {stack.file.name}; nothing written", markup=False)
    else:
        if not exists:
            stack.create(args.secrets_provider)
        try:
            stack.write(writes)
        except StackError as error:
            raise PartlyWritten(f"{error}. What was written before it stays; a second run writes only what is "
                                "still missing") from None
        out.print(f"\nwrote {_count(writes)} to {stack.file.name}" + (" (stack created)" if not exists else ""),
                  markup=False)
    blocking = [f for f in findings if f.blocks]
    if blocking:
        out.print(f"`pulumi up` would be refused until the {len(blocking)} finding(s) marked BLOCKS are fixed.",
                  markup=False)
        return BLOCKED
    out.print(f"next: `pulumi preview --stack {args.stack} --policy-pack policies` lists each object found as a "
              "`create` that adopts it, and plans nothing else; then "
              f"`pulumi up --stack {args.stack} --policy-pack policies` adopts them, writing to Twilio only where "
              "the table says so.",
              markup=False)
    return WRITTEN


def _kept_choice(flag: str, given: str | None, section: Any) -> str | None:
    """A flag's choice, or the one the stack made already (its ``adoptSid``); the two must agree."""
    adopted = section.get("adoptSid") if isinstance(section, Mapping) else None
    if given is not None and adopted is not None and given != adopted:
        raise Refused(f"{flag} {given}, but the stack already adopts {adopted} (adoptSid); drop {flag}, or remove "
                      "that adoptSid first if the stack is to manage another one")
    return given or adopted


def _owned(writes: Sequence[values.Leaf], existing: Mapping[str, Any], plan: Plan) -> set[str]:
    """On a deployed stack, the sections that have no ``adoptSid``: objects the stack made itself. Adopting another
    would replace one, and another object's values do not belong in it, so nothing is written there."""
    owned = {leaf.path.rpartition(".")[0] for leaf in writes if leaf.path.endswith(".adoptSid")}
    owned = {section for section in owned if values.at(existing, section) is not None}
    for section in sorted(owned):
        plan.notes.append(f"{section}: the deployed stack made this object itself, so nothing found in Twilio is "
                          "written there (adopting another object would replace it)")
    return owned


def _within(path: str, sections: set[str]) -> bool:
    return any(path.startswith(section + ".") for section in sections)


def _refuse_a_public_passphrase(stack: PulumiStack, exists: bool, provider: str, environ: Mapping[str, str],
                                reader: Reader) -> None:
    """A real account's stack holds its credentials and personal data: never under the passphrase the README
    publishes for emulator stacks. Checked before Twilio is read."""
    if reader.credentials.api_base_url is not None:
        return  # the emulator: its stacks may use the documented passphrase
    passphrase_stack = (not exists and provider == "passphrase") or (exists and "secretsprovider:" not in (
        stack.file.read_text() if stack.file.is_file() else ""))
    if passphrase_stack and not environ.get("PULUMI_CONFIG_PASSPHRASE_FILE") and \
            environ.get("PULUMI_CONFIG_PASSPHRASE") == EMULATOR_ONLY_PASSPHRASE:
        raise Refused(f"stack {stack.name} would encrypt a real account's secrets (personal data of its Trust Hub "
                      "bundles) with the emulator-only passphrase of scripts/env.sh; set "
                      "PULUMI_CONFIG_PASSPHRASE_FILE (or PULUMI_CONFIG_PASSPHRASE, or --secrets-provider) first")


def _count(writes: Sequence[values.Leaf]) -> str:
    secret = sum(1 for w in writes if w.secret)
    return f"{len(writes)} value(s)" + (f", {secret} of them encrypted by Pulumi" if secret else "")


def _report(out: Console, account: Account, plan: Plan, kept: Sequence[values.Difference],
            findings: Sequence[Finding], stack: str) -> None:
    out.print(f"Twilio account {account.sid}, read with GET requests only, for stack {stack}:", markup=False)
    table = Table("found", "SID", "what it is", "in the stack", box=None, pad_edge=False)
    for row in plan.rows:
        table.add_row(row.what, row.sid, row.detail, row.action)
    out.print(table)
    for note in plan.notes:
        out.print(f"  note: {note}", markup=False)
    if kept:
        out.print("\nKept, as the stack already has them, where Twilio holds other values (`up` writes yours where "
                  "Twilio changes the field in place, and otherwise stops before any write and says so):",
                  markup=False)
        for difference in kept:
            out.print(f"  {difference.describe()}", markup=False)
    if findings:
        program = any(f.blocks and f.source == PROGRAM for f in findings)
        out.print("\nBefore `pulumi up`" + (" (the stack program stops on its findings, before the policy pack runs)"
                                            if program else "") + ":", markup=False)
        for finding in sorted(findings, key=lambda f: not f.blocks):
            mark = "BLOCKS" if finding.blocks else "advice"
            out.print(f"  [{mark}] {finding.source}: {finding.message}\n      fix: {finding.fix}", markup=False)
    else:
        out.print("\nBefore `pulumi up`: nothing the stack program or the policy pack would refuse.", markup=False)


def _console(stderr: bool) -> Console:
    """A terminal's own width; in logs and pipes wide enough for the table."""
    console = Console(stderr=stderr, highlight=False, soft_wrap=True)
    return console if console.is_terminal else Console(stderr=stderr, highlight=False, soft_wrap=True, width=200)
