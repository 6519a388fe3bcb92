"""The fleet's results file: what each target's last run of each operation came to, so a rerun resumes.

Why a file and these rules: a fleet run over many tenants fails in places (a rejected campaign, a throttled account,
an interrupted laptop). Rerunning everything would repeat slow, rate-limited work and re-spend nothing useful, so a
plain rerun of an operation whose last run left failures (or targets never run) runs only those, plus any target
whose registry entry changed since (its fingerprint); ``--all`` runs everything. Once every target has succeeded,
the next plain run is a full one again (a second ``up`` converges the whole fleet). The file is rewritten after
every target, atomically, so an interruption loses nothing. It holds no secret: outcomes carry SIDs and statuses.
"""
from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleet.registry import Target
from fleet.runner import Outcome

VERSION = 1


def results_path(registry_path: Path) -> Path:
    """``.fleet/<registry name>.results.json`` next to the registry."""
    return registry_path.parent / ".fleet" / f"{registry_path.stem}.results.json"


@dataclass(frozen=True)
class Plan:
    """Which selected targets run now, and the earlier successes carried over."""

    run: list[Target]
    carried: list[dict[str, Any]]
    resumed: bool


class ResultsFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.data: dict[str, Any] = {"version": VERSION, "operations": {}}
        if path.exists():
            try:
                loaded = json.loads(path.read_text())
            except ValueError:
                loaded = None
            if isinstance(loaded, dict) and loaded.get("version") == VERSION:
                self.data = loaded

    def last(self, operation: str) -> dict[str, dict[str, Any]]:
        """The last outcome of each stack for this operation."""
        return self.data["operations"].get(operation, {}).get("outcomes", {})

    def plan(self, operation: str, selected: list[Target], run_all: bool = False) -> Plan:
        last = self.last(operation)
        if operation == "status" or run_all:
            return Plan(selected, [], False)
        unfinished = [t for t in selected if last.get(t.stack, {}).get("result") != "succeeded"]
        if not last or not unfinished:
            return Plan(selected, [], False)
        changed = [t for t in selected if t not in unfinished and last[t.stack].get("fingerprint") != t.fingerprint()]
        run = [t for t in selected if t in unfinished or t in changed]
        carried = [last[t.stack] for t in selected if t not in run]
        return Plan(run, carried, True)

    def start(self, operation: str, targets: list[Target]) -> None:
        """Marks the targets about to run as not run yet, so an interrupted run leaves them to the next."""
        with self._lock:
            record = self.data["operations"].setdefault(operation, {"outcomes": {}})
            record["started"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            for target in targets:
                record["outcomes"][target.stack] = {
                    "tenant": target.tenant, "environment": target.environment, "stack": target.stack,
                    "account": target.account_sid, "operation": operation, "result": "not run",
                    "fingerprint": target.fingerprint()}
            self._write()

    def record(self, outcome: Outcome) -> None:
        with self._lock:
            record = self.data["operations"].setdefault(outcome.operation, {"outcomes": {}})
            record["outcomes"][outcome.stack] = outcome.to_json()
            self._write()

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".results-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.data, handle, indent=2, sort_keys=True)
        os.replace(tmp, self.path)
