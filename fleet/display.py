"""What a person watching a fleet run sees: one live line per running stack and an overall bar, then the table.

On a terminal the lines are redrawn in place (``rich``); elsewhere (CI logs, pipes) each start and finish is one
plain line, since a redrawn display would be noise in a log.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from fleet.runner import Outcome, Progress as TargetProgress, Reporter

_MARK = {"succeeded": "ok", "failed": "FAILED", "not run": "not run"}


class ConsoleReporter(Reporter):
    """Live progress on a terminal, plain lines otherwise; ``record`` gets each outcome as it comes (the results
    file, so an interrupted run loses nothing)."""

    def __init__(self, console: Console, operation: str, total: int,
                 record: Callable[[Outcome], None] | None = None) -> None:
        self.console = console
        self.record = record
        self.live = console.is_terminal
        self._lock = threading.Lock()
        self._tasks: dict[str, TaskID] = {}
        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                  TextColumn("{task.fields[tally]}"), TimeElapsedColumn(), console=console,
                                  transient=True, disable=not self.live)
        self.total = total
        self._overall = self._progress.add_task(f"[bold]{operation}[/] fleet", total=total, tally=f"0/{total}")
        self.failed = 0
        self.done = 0

    def __enter__(self) -> "ConsoleReporter":
        self._progress.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._progress.stop()

    def started(self, progress: TargetProgress) -> None:
        with self._lock:
            if self.live:
                self._tasks[progress.stack] = self._progress.add_task(self._line(progress), total=None, tally="")
            else:
                self.console.print(f"start  {progress.stack}")

    def changed(self, progress: TargetProgress) -> None:
        with self._lock:
            task = self._tasks.get(progress.stack)
            if task is not None:
                self._progress.update(task, description=self._line(progress))

    def finished(self, outcome: Outcome) -> None:
        if self.record is not None:
            self.record(outcome)
        with self._lock:
            task = self._tasks.pop(outcome.stack, None)
            if task is not None:
                self._progress.remove_task(task)
            self.failed += outcome.result == "failed"
            self._progress.advance(self._overall)
            self.done += 1
            self._progress.update(self._overall, tally=f"{self.done}/{self.total}",
                                  description=f"[bold]{outcome.operation}[/] fleet"
                                  + (f" [red]{self.failed} failed[/]" if self.failed else ""))
            line = f"{_MARK.get(outcome.result, outcome.result):7} {outcome.stack}  {changes_text(outcome.changes)}" \
                   f"  ({outcome.duration:.1f}s)"
            if outcome.reason:
                line += f"\n        {outcome.reason}"
            self.console.print(line, markup=False, highlight=False)

    @staticmethod
    def _line(progress: TargetProgress) -> str:
        what = f" {progress.resource}" if progress.resource else ""
        done = f" [{progress.done} done]" if progress.done else ""
        return f"{progress.stack:28} {progress.phase}{done}{what}"[:100]


def changes_text(changes: dict[str, int]) -> str:
    """``{"create": 7}`` -> ``create 7``; nothing changed -> ``no changes``."""
    return ", ".join(f"{op} {n}" for op, n in changes.items()) or "no changes"


def table(operation: str, rows: Iterable[dict[str, Any]]) -> Table:
    """The per-stack table the fleet ends with; rows are outcomes as JSON (carried-over ones included)."""
    out = Table(title=f"fleet {operation}", title_justify="left")
    for column in ("tenant", "env", "result", "changes", "brand", "campaign", "inbound routing", "duration"):
        out.add_column(column, no_wrap=column != "changes")
    for row in rows:
        result = row["result"]
        style = {"succeeded": "green", "failed": "bold red"}.get(result, "yellow")
        if row.get("carried"):
            result += " (earlier)"
        out.add_row(row["tenant"], row["environment"], f"[{style}]{result}[/]", changes_text(row.get("changes") or {}),
                    row.get("brand_status") or "-", row.get("campaign_status") or "-",
                    row.get("inbound_routing") or "n/a", f"{row.get('duration', 0):.1f}s")
    return out
