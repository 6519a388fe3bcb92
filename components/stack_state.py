"""What the stack's own state says, as the program sees it: which Twilio objects it manages and which creates an
interrupted update left pending.

The engine records a pending "creating" operation in the checkpoint before it calls a provider's create, and
removes it when the create returns. A CLI killed in between leaves the record behind: the only evidence that the
object Twilio may have made belongs to this stack. Pulumi gives the program no API for its own checkpoint, so it is
read with ``pulumi stack export`` (read-only; it works while an update holds the stack's lock); so are the outputs
of its last update, which the program reads before it declares anything (``StackState.outputs``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXPORT_TIMEOUT_SECONDS = 120
STACK = "pulumi:pulumi:Stack"


@dataclass(frozen=True)
class Entry:
    urn: str
    type: str
    name: str
    id: str | None
    #: as the checkpoint holds them: secret values stay ciphertext (the export does not decrypt)
    outputs: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)


def _entry(resource: dict[str, Any]) -> Entry:
    urn = str(resource.get("urn", ""))
    outputs = resource.get("outputs")
    return Entry(urn, str(resource.get("type", "")), urn.rpartition("::")[2], resource.get("id") or None,
                 outputs if isinstance(outputs, dict) else {})


@dataclass(frozen=True)
class StackState:
    """The resources of the checkpoint and its pending creates (each by type and resource name)."""

    resources: tuple[Entry, ...] = ()
    pending_creates: tuple[Entry, ...] = ()
    readable: bool = True
    problem: str | None = None  # why it could not be read

    @classmethod
    def from_deployment(cls, deployment: dict[str, Any]) -> "StackState":
        resources = tuple(_entry(r) for r in deployment.get("resources") or [])
        pending = tuple(_entry(op["resource"]) for op in deployment.get("pending_operations") or []
                        if op.get("type") == "creating" and isinstance(op.get("resource"), dict))
        return cls(resources, pending)

    @property
    def outputs(self) -> Mapping[str, Any]:
        """The stack outputs its last update recorded (empty for a stack never updated). Secret ones stay
        ciphertext; the program reads only plain ones (``campaignSid``, ``inboundRouting``, ``configDigest``).

        Why not a ``StackReference`` to the stack itself: a reference is a resource, and one to its own stack lags an
        update behind, so every ``refresh`` after an update that changed an output would report it as updated."""
        for resource in self.resources:
            if resource.type == STACK:
                return resource.outputs
        return {}

    @classmethod
    def unreadable(cls, problem: str) -> "StackState":
        return cls(readable=False, problem=problem)

    def managed(self, type_token: str, name: str | None = None) -> list[Entry]:
        return [r for r in self.resources if r.type == type_token and (name is None or r.name == name) and r.id]

    def ids(self, type_token: str) -> set[str]:
        return {r.id for r in self.managed(type_token) if r.id}

    def pending(self, type_token: str, name: str) -> bool:
        """An interrupted update was creating this resource, and it is not in state yet."""
        return any(p.type == type_token and p.name == name for p in self.pending_creates) \
            and not self.managed(type_token, name)

    def stale_pending(self) -> list[Entry]:
        """Pending creates whose resource is managed now (adopted since): only the record is left."""
        return [p for p in self.pending_creates if self.managed(p.type, p.name)]


def read_stack_state(stack: str, environ: dict[str, str] | None = None,
                     cwd: str | None = None) -> StackState:
    """This stack's checkpoint (``organization/project/stack``) via the CLI that runs the program."""
    cli = shutil.which("pulumi", path=(environ or os.environ).get("PATH")) or _next_to_language_host()
    if cli is None:
        return StackState.unreadable("no `pulumi` CLI on PATH")
    try:
        result = subprocess.run([cli, "stack", "export", "--stack", stack, "--non-interactive"], cwd=cwd,
                                env=environ, capture_output=True, text=True, timeout=EXPORT_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return StackState.unreadable(f"`pulumi stack export` failed: {exc}")
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        return StackState.unreadable(f"`pulumi stack export` failed: {lines[-1] if lines else result.returncode}")
    try:
        exported = json.loads(result.stdout)
    except ValueError:
        return StackState.unreadable("`pulumi stack export` printed no JSON")
    return StackState.from_deployment((exported or {}).get("deployment") or {})


def _next_to_language_host() -> str | None:
    """The CLI beside the language host that runs the program (``pulumi-language-python-exec``), for a CLI started
    by its path rather than from PATH."""
    beside = Path(sys.argv[0]).resolve().parent / "pulumi" if sys.argv and sys.argv[0] else None
    return str(beside) if beside is not None and os.access(beside, os.X_OK) and beside.is_file() else None


def describe(entries: Iterable[Entry]) -> str:
    return ", ".join(f"{e.name} ({e.type.rpartition(':')[2]})" for e in entries)


__all__ = ["Entry", "StackState", "describe", "read_stack_state"]
