"""Drives the real Pulumi CLI on throw-away stacks: a copy of a program, a temporary file backend and home.

One driver for the end-to-end tests (tests/e2e) and the benchmark (bench/run.py), so that both run the CLI the same
way. It lives outside tests/ because bench/ must not import test code, and is installed with the project
(pyproject.toml) so either can import it. Nothing here asserts on results: callers do.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _interrupts_reach_plugins() -> None:
    """Undo an inherited "ignore SIGINT" (what a shell gives a command started with `&` or `nohup`), so the CLIs
    started here do not pass it on. The CLI stops its language host and plugins with SIGINT and kills them only
    after five seconds: with SIGINT ignored, every `preview` and `up` waited those seconds after asking the language
    host about its runtime (measured: a no-change preview 1.7 s in the foreground, 6.5-7.3 s from a background
    shell), which the benchmark would report as the program's own cost."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)


_interrupts_reach_plugins()
PASSPHRASE = "e2e-test-passphrase"


class PulumiCommandError(AssertionError):
    """A CLI command that was expected to succeed failed; carries its output for the report.

    An AssertionError so that pytest shows it as a failed expectation with the CLI's output, not as a crash."""


@dataclass
class PulumiStack:
    """One stack of one program copy, with its own backend; every call runs the real `pulumi` binary."""

    program_dir: Path
    backend_dir: Path
    home_dir: Path
    name: str = "test"
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            PULUMI_BACKEND_URL=f"file://{self.backend_dir}",
            PULUMI_HOME=str(self.home_dir),
            PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
            PULUMI_SKIP_UPDATE_CHECK="true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
            PULUMI_SKIP_CONFIRMATIONS="true",
            PULUMI_DIY_BACKEND_NO_LEGACY_WARNING="true",
        )
        env.pop("PULUMI_CONFIG_PASSPHRASE_FILE", None)
        env.update(self.extra_env)
        return env

    def run(
        self, *args: str, check: bool = True, timeout: float = 600, stack: bool = True
    ) -> subprocess.CompletedProcess[str]:
        command = [pulumi_binary(), *args, "--non-interactive", "--color", "never"]
        if stack:
            command += ["--stack", self.name]
        result = subprocess.run(
            command, cwd=self.program_dir, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise PulumiCommandError(
                f"`pulumi {' '.join(args)}` exited {result.returncode}\n"
                f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
            )
        return result

    def init(self) -> None:
        self.run("stack", "init", self.name, "--secrets-provider", "passphrase", stack=False)

    def set_config(self, key: str, value: str, secret: bool = False) -> None:
        args = ["config", "set", key, value]
        if secret:
            args.append("--secret")
        self.run(*args)

    def set_config_object(self, key: str, value: Any) -> None:
        """Sets a structured (object or list) value; the CLI only sets these path by path, so edit the file."""
        import yaml

        path = self.program_dir / f"Pulumi.{self.name}.yaml"
        document = yaml.safe_load(path.read_text()) or {}
        document.setdefault("config", {})[key] = value
        path.write_text(yaml.safe_dump(document))

    def up(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("up", "--yes", "--skip-preview", *args, check=check)

    def preview(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("preview", *args, check=check)

    def refresh(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("refresh", "--yes", "--skip-preview", *args, check=check)

    def destroy(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("destroy", "--yes", "--skip-preview", *args, check=check)

    def outputs(self, show_secrets: bool = False) -> dict[str, Any]:
        args = ["stack", "output", "--json"]
        if show_secrets:
            args.append("--show-secrets")
        return json.loads(self.run(*args).stdout)

    def export(self) -> dict[str, Any]:
        return json.loads(self.run("stack", "export").stdout)

    def resources(self) -> list[dict[str, Any]]:
        return self.export()["deployment"].get("resources") or []

    def resources_of_type(self, type_token: str) -> list[dict[str, Any]]:
        return [r for r in self.resources() if r["type"] == type_token]


def pulumi_binary() -> str:
    """The CLI on PATH (scripts/env.sh puts the project's build first); its absence is an error, never a skip."""
    path = shutil.which("pulumi")
    if path is None:
        raise AssertionError(
            "no `pulumi` on PATH: run through scripts/test (or `source scripts/env.sh` first), which builds and selects it"
        )
    return path


def copy_program(source: Path, destination: Path, extra_files: Optional[Mapping[str, str]] = None,
                 only: Optional[Sequence[str]] = None) -> Path:
    """Copies a program (or `only` some of its files) and points its Pulumi.yaml at the project's virtualenv by
    absolute path, so the copy runs anywhere without touching the source tree's stack files."""
    if only is None:
        shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml"))
    else:
        destination.mkdir(parents=True)
        for name in only:
            shutil.copy(source / name, destination / name)
    pulumi_yaml = destination / "Pulumi.yaml"
    pulumi_yaml.write_text(
        re.sub(r"(?m)^(\s*virtualenv:).*$", rf"\1 {PROJECT_ROOT / '.venv'}", pulumi_yaml.read_text())
    )
    for name, text in (extra_files or {}).items():
        (destination / name).write_text(text)
    return destination


def new_stack(tmp_path: Path, program: Path, name: str = "test", extra_env: Optional[dict[str, str]] = None,
              init: bool = True, only: Optional[Sequence[str]] = None, backend_dir: Optional[Path] = None,
              stack_config: Optional[str] = None) -> PulumiStack:
    """A throw-away stack of a copy of `program`; `stack_config` is written as its Pulumi.<name>.yaml first."""
    program_dir = copy_program(program, tmp_path / f"program-{program.name}", only=only)
    if stack_config is not None:
        (program_dir / f"Pulumi.{name}.yaml").write_text(stack_config)
    stack = PulumiStack(
        program_dir=program_dir,
        backend_dir=backend_dir or mkdir(tmp_path / "backend"),
        home_dir=mkdir(tmp_path / "pulumi-home"),
        name=name,
        extra_env=dict(extra_env or {}),
    )
    if init:
        stack.init()
    return stack


def mkdir(path: Path) -> Path:
    """`path`, created with its parents if missing."""
    path.mkdir(parents=True, exist_ok=True)
    return path


def assert_in_output(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    text = result.stdout + result.stderr
    for needle in needles:
        assert needle in text, f"{needle!r} not in the CLI output:\n{text}"


def combined_output(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout + result.stderr


__all__: Sequence[str] = (
    "PROJECT_ROOT", "PulumiStack", "PulumiCommandError", "new_stack", "copy_program", "pulumi_binary",
    "assert_in_output", "combined_output", "mkdir",
)
