"""The stack's side of discovery, through the Pulumi CLI in the project directory: whether the stack exists, what its
config holds, creating it, and writing values into ``Pulumi.<stack>.yaml``.

Everything goes through ``pulumi`` itself, with the caller's backend and secrets provider, so secret values are
encrypted by Pulumi (``secure:`` in the file) and never written by us in plain text. A secret value reaches the CLI
on its standard input, never on its command line (where other users' ``ps`` would show it). Values that are not
secret go in as few ``pulumi config set-all --path`` calls as their types allow: the CLI reads ``true``, ``false``
and whole numbers given that way as booleans and numbers, so a string that looks like one (a postal code ``94105``)
is set on its own with ``--type string``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from discover.values import Leaf

_TYPED_BY_CLI = re.compile(r"^(true|false|[+-]?\d+)$")


class StackError(Exception):
    """A Pulumi CLI command failed; the message says which, with the CLI's own error output."""


class PulumiStack:
    """One stack of the project in ``project_dir``, as the ``pulumi`` on ``PATH`` sees it."""

    def __init__(self, project_dir: Path, name: str, environ: Mapping[str, str] | None = None) -> None:
        self.project_dir = Path(project_dir)
        self.name = name
        self.environ = dict(os.environ if environ is None else environ)
        if shutil.which("pulumi", path=self.environ.get("PATH")) is None:
            raise StackError("no `pulumi` CLI on PATH: run scripts/setup, or `source scripts/env.sh`")

    def _run(self, args: Sequence[str], *, stdin: str | None = None, stack: bool = True,
             private: bool = False) -> str:
        """Run one CLI command; ``private`` output (decrypted config) is never put in an error message."""
        command = ["pulumi", *args, "--non-interactive"] + (["--stack", self.name] if stack else [])
        result = subprocess.run(command, cwd=self.project_dir, env=self.environ, input=stdin, capture_output=True,
                                text=True, check=False)
        if result.returncode != 0:
            what = " ".join(a for a in args[:3] if not a.startswith("--plaintext"))
            detail = result.stderr.strip() or ("" if private else result.stdout.strip())
            raise StackError(f"`pulumi {what}` for stack {self.name} failed: {detail}")
        return result.stdout

    @property
    def file(self) -> Path:
        return self.project_dir / f"Pulumi.{self.name}.yaml"

    def resources(self) -> int | None:
        """How many resources the stack's state holds (0 for a stack never deployed); None when it does not exist."""
        stacks = json.loads(self._run(["stack", "ls", "--json"], stack=False) or "[]")
        found = [s for s in stacks if s.get("name") == self.name or str(s.get("name", "")).endswith(f"/{self.name}")]
        return int(found[0].get("resourceCount") or 0) if found else None

    def exists(self) -> bool:
        return self.resources() is not None

    def create(self, secrets_provider: str) -> None:
        """``pulumi stack init`` without selecting it (the project's current stack stays what it was)."""
        self._run(["stack", "init", self.name, "--secrets-provider", secrets_provider, "--no-select"], stack=False)

    def config(self) -> dict[str, Any]:
        """The stack's config, secrets decrypted (kept in memory only): top-level key -> value, objects as objects."""
        raw = json.loads(self._run(["config", "--json", "--show-secrets"], private=True) or "{}")
        config: dict[str, Any] = {}
        for key, entry in raw.items():
            if "objectValue" in entry:
                config[key] = entry["objectValue"]
            elif "value" in entry:
                config[key] = entry["value"]
        return config

    def write(self, values: Sequence[Leaf]) -> None:
        """Set each value at its path, in order: runs of plain values in one ``set-all``, the others one by one."""
        batch: list[Leaf] = []
        for leaf in values:
            if not leaf.secret and _typed_by_cli(leaf.value):
                batch.append(leaf)
                continue
            self._set_all(batch)
            batch = []
            self._set_one(leaf)
        self._set_all(batch)

    def _set_all(self, batch: Sequence[Leaf]) -> None:
        if not batch:
            return
        args = ["config", "set-all", "--path"]
        for leaf in batch:
            args += ["--plaintext", f"{leaf.path}={_text(leaf.value)}"]
        self._run(args)

    def _set_one(self, leaf: Leaf) -> None:
        how = ["--secret"] if leaf.secret else ["--type", _type_name(leaf.value)]  # --type implies plain text
        self._run(["config", "set", "--path", *how, "--raw", leaf.path], stdin=_text(leaf.value))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "string"


def _typed_by_cli(value: Any) -> bool:
    """Whether ``set-all --path`` stores this value with its own type: booleans and whole numbers, and strings that
    the CLI would not take for one of those."""
    if isinstance(value, (bool, int)):
        return True
    return isinstance(value, str) and not _TYPED_BY_CLI.match(value)
