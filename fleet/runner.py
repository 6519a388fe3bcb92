"""One Pulumi operation over many stacks through Pulumi's Automation API, each stack seeing only its own account.

How a target (a tenant in an environment) is run, and why:

1. Its stack ``<tenant>-<environment>`` is selected in a ``LocalWorkspace`` on the project directory, or created if
   missing: the program is the project's own ``__main__.py`` run by the CLI, never an inline program, because the
   dynamic providers are pickled by module path and an inline program's module cannot be imported back.
2. Its configuration is set through the workspace from the registry (the whole ``flex-a2p:*`` config, the
   non-credential ``twilio:*`` settings, ``twilio:accountSid`` = the subaccount), and keys the registry no longer
   sets are removed, so the stack is exactly what the registry says.
3. Its credentials reach the CLI only in that workspace's environment: every ``TWILIO_*`` credential variable of
   the fleet's own environment is blanked and the tenant's are set from the variables the registry names. So a
   stack never falls back to another account's credentials, and no secret is written to disk, put on a command
   line (where other users could read it) or logged. Credentials kept as stack secrets stay there.
4. Before ``preview`` and ``up``, read-only Twilio checks with the same credentials: they must act for the
   registry's subaccount, no second real brand is registered in an account that has one, and a FAILED brand is
   resubmitted only within the run's budget.
5. The operation runs with the policy pack (``--policy-pack``) on ``preview`` and ``up``, and the outcome is read
   from the engine's events and the stack's outputs.
"""
from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pulumi import automation as auto

import stack_config
from components.brand_registration import TYPE as BRAND_TYPE
from components.twilio_client import build_client, twilio_error
from fleet.registry import EnvCredentials, Registry, StackConfigCredentials, Target
from fleet.schedule import AccountScheduler

OPERATIONS = ("preview", "up", "refresh", "destroy", "status")
#: what the fleet sets in every stack besides the registry's config
ACCOUNT_KEY = "twilio:accountSid"
#: the credential variables the Twilio client reads (components/twilio_client.py); blanked unless the tenant sets them
CREDENTIAL_ENV = {"apiKey": "TWILIO_API_KEY", "apiSecret": "TWILIO_API_SECRET", "authToken": "TWILIO_AUTH_TOKEN"}
_AMBIENT = ("TWILIO_ACCOUNT_SID", *CREDENTIAL_ENV.values())
#: engine diagnostics that only say that something else failed
_GENERIC = ("update failed", "preview failed", "refresh failed", "destroy failed", "an unhandled error occurred",
            "resource monitor has terminated")


class TargetFailed(Exception):
    """A target cannot run; the message is its reason, already free of secrets."""


@dataclass
class Outcome:
    """What one target's run came to: the row of the fleet's table and of its JSON."""

    tenant: str
    environment: str
    stack: str
    account: str
    operation: str
    result: str  # succeeded | failed | not run
    fingerprint: str
    changes: dict[str, int] = field(default_factory=dict)
    brand_status: str | None = None
    campaign_status: str | None = None
    inbound_routing: str = "n/a"
    duration: float = 0.0
    reason: str | None = None
    brand_resubmitted: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Progress:
    """What the display shows of a running target."""

    stack: str
    phase: str = "queued"
    done: int = 0
    resource: str = ""
    started: float = field(default_factory=time.monotonic)


class Reporter:
    """Receives progress; the console display implements it (fleet/display.py), tests may record it."""

    def started(self, progress: Progress) -> None: ...

    def changed(self, progress: Progress) -> None: ...

    def finished(self, outcome: Outcome) -> None: ...


class BrandBudget:
    """The FAILED brands the fleet may still resubmit in this run (registry ``brandResubmissionsPerRun``): Twilio
    allows each brand only a few resubmissions (error 21724), and a fleet-wide cause (a wrong shared bundle) would
    otherwise spend one of every tenant's at once."""

    def __init__(self, allowed: int, extra: frozenset[str] = frozenset()) -> None:
        self.left = allowed
        self.extra = extra  # stacks named with --resubmit-brand, outside the budget
        self._lock = threading.Lock()

    def take(self, stack: str) -> bool:
        with self._lock:
            if stack in self.extra:
                return True
            if self.left > 0:
                self.left -= 1
                return True
            return False


class FleetWorkspace(auto.LocalWorkspace):
    """A LocalWorkspace whose stacks are never *selected*: every fleet operation names its stack (``--stack``), and
    selecting (``stack select``, ``stack init``) rewrites the project's current-stack file, which every stack of the
    project shares, so parallel stacks would race on it and wait for each other."""

    def select_stack(self, stack_name: str) -> None:
        """Nothing to do: operations name their stack."""

    def create_stack(self, stack_name: str) -> None:
        args = ["stack", "init", stack_name, "--no-select"]
        if self.secrets_provider:
            args.extend(["--secrets-provider", self.secrets_provider])
        self._run_pulumi_cmd_sync(args)


class Fleet:
    """Runs an operation over targets of a registry, in parallel under a global limit, one per Twilio account."""

    def __init__(self, registry: Registry, project_dir: Path, *, environ: Mapping[str, str] | None = None,
                 parallel: int = 4, reporter: Reporter | None = None, log_dir: Path | None = None,
                 refresh: bool = False, resubmit_brands: frozenset[str] = frozenset()) -> None:
        self.registry = registry
        self.project_dir = Path(project_dir)
        self.environ = dict(os.environ if environ is None else environ)
        self.parallel = parallel
        self.reporter = reporter or Reporter()
        self.log_dir = log_dir
        self.refresh = refresh
        self.budget = BrandBudget(registry.brand_resubmissions_per_run, resubmit_brands)
        self._command: auto.PulumiCommand | None = None
        self._stacks_lock = threading.Lock()
        self._known: set[str] | None = None

    @property
    def command(self) -> auto.PulumiCommand:
        """The CLI, checked once (`pulumi version`) for the whole fleet rather than once per workspace."""
        with self._stacks_lock:
            if self._command is None:
                self._command = auto.PulumiCommand()
            return self._command

    # ------------------------------------------------------------------------------------------------ the run
    def run(self, operation: str, targets: list[Target]) -> list[Outcome]:
        """One outcome per target, in the registry's order; targets never started are ``not run``."""
        if operation not in OPERATIONS:
            raise ValueError(f"unknown operation {operation!r}")
        scheduler: AccountScheduler[Target, Outcome] = AccountScheduler(self.parallel, lambda t: t.account_sid)
        try:
            results = scheduler.run(targets, lambda t: self.run_target(operation, t))
        except KeyboardInterrupt:
            results = [None] * len(targets)
        return [r if r is not None else self._outcome(operation, t, "not run", reason="interrupted before it started")
                for r, t in zip(results, targets)]

    def run_target(self, operation: str, target: Target) -> Outcome:
        progress = Progress(target.stack, phase="starting")
        self.reporter.started(progress)
        outcome = self._outcome(operation, target, "failed")
        log = _Log(self.log_dir, target.stack, operation)
        try:
            self._run(operation, target, progress, outcome, log)
            outcome.result = "succeeded"
        except TargetFailed as error:
            outcome.reason = str(error)
        except auto.errors.CommandError as error:
            outcome.reason = log.reason() or _last_lines(str(error))
            outcome.changes = _changes(log.summary)
        except Exception as error:  # noqa: BLE001 - one target's bug must not stop the others
            outcome.reason = f"{type(error).__name__}: {error}"
        finally:
            log.close()
        outcome.duration = round(time.monotonic() - progress.started, 2)
        self.reporter.finished(outcome)
        return outcome

    def _run(self, operation: str, target: Target, progress: Progress, outcome: Outcome, log: "_Log") -> None:
        def phase(name: str) -> None:
            progress.phase = name
            self.reporter.changed(progress)

        env = self.stack_env(target)
        workspace = FleetWorkspace(work_dir=str(self.project_dir), env_vars=env, pulumi_command=self.command)
        phase("stack")
        stack = self._stack(workspace, target, create=operation in ("preview", "up"))
        if stack is None:
            raise TargetFailed(f"stack {target.stack} does not exist yet (run `up` first)")
        if operation != "status":
            phase("config")
            self._configure(stack, target)
        if operation in ("preview", "up"):
            phase("checks")
            outcome.brand_resubmitted = self._preflight(stack, target, env, operation)

        def on_event(event: auto.events.EngineEvent) -> None:
            log.event(event)
            pre = event.resource_pre_event
            if pre is not None and pre.metadata.type != "pulumi:pulumi:Stack":
                progress.resource = f"{pre.metadata.op.value} {pre.metadata.urn.rsplit('::', 1)[-1]}"
                self.reporter.changed(progress)
            if event.res_outputs_event is not None:
                progress.done += 1
                self.reporter.changed(progress)

        common: dict[str, Any] = {"color": "never", "on_output": log.write, "on_event": on_event}
        packs = [str(self.project_dir / self.registry.policy_pack)]
        pack_configs = [str(self.project_dir / self.registry.policy_pack_config)] \
            if self.registry.policy_pack_config else None
        phase(operation)
        if operation == "preview":
            result = stack.preview(policy_packs=packs, policy_pack_configs=pack_configs, refresh=self.refresh or None,
                                   **common)
            outcome.changes = _changes(result.change_summary)
        elif operation == "up":
            up = stack.up(policy_packs=packs, policy_pack_configs=pack_configs, refresh=self.refresh or None,
                          show_secrets=False, **common)
            outcome.changes = _changes(up.summary.resource_changes or {})
            self._read_outputs(_plain_outputs(up.outputs), outcome)
            return
        elif operation == "refresh":
            refreshed = stack.refresh(show_secrets=False, **common)
            outcome.changes = _changes(refreshed.summary.resource_changes or {})
        elif operation == "destroy":
            destroyed = stack.destroy(show_secrets=False, **common)
            outcome.changes = _changes(destroyed.summary.resource_changes or {})
        if operation != "destroy":
            phase("outputs")
            self._read_outputs(_plain_outputs(stack.outputs()), outcome)

    # ------------------------------------------------------------------------------------- stack and config
    def _stack(self, workspace: FleetWorkspace, target: Target, create: bool) -> auto.Stack | None:
        """The target's stack, created if missing and ``create``; the project's stacks are listed once per run."""
        with self._stacks_lock:
            if self._known is None:
                self._known = {s.name for s in workspace.list_stacks()}
            known = target.stack in self._known
        if known:
            return auto.Stack.select(target.stack, workspace)
        if not create:
            return None
        stack = auto.Stack.create(target.stack, workspace)
        with self._stacks_lock:
            self._known.add(target.stack)
        return stack

    def _configure(self, stack: auto.Stack, target: Target) -> None:
        """The stack's config becomes exactly the registry's: set everything, remove what the registry dropped."""
        wanted = {**target.config, ACCOUNT_KEY: target.account_sid}
        kept = set(CREDENTIAL_ENV) if isinstance(target.credentials, StackConfigCredentials) else set()
        try:
            present = set(stack.workspace.stack_settings(stack.name).config or {})
        except FileNotFoundError:
            present = set()
        stale = sorted(k for k in present if k not in wanted and k.partition(":")[0] in (stack_config.NAMESPACE,
                       "twilio") and k.partition(":")[2] not in kept)
        if stale:
            stack.remove_all_config(stale)
        payload = {key: ({"value": json.dumps(value), "objectValue": value, "secret": False}
                         if isinstance(value, (dict, list)) else {"value": _text(value), "secret": False})
                   for key, value in wanted.items()}
        stack.set_all_config_json(json.dumps(payload))

    def stack_env(self, target: Target) -> dict[str, str]:
        """What this target's CLI runs get on top of the process environment: the fleet's ``PULUMI_*`` settings,
        every Twilio credential variable blanked and the tenant's own set (``""`` counts as unset for the Twilio
        client)."""
        env = {name: value for name, value in self.environ.items() if name.startswith("PULUMI_")}
        env.update({name: "" for name in _AMBIENT})
        env["TWILIO_ACCOUNT_SID"] = target.account_sid
        if isinstance(target.credentials, EnvCredentials):
            for setting, variable in target.credentials.names().items():
                value = self.environ.get(variable)
                if not value:
                    raise TargetFailed(f"credentials: environment variable {variable} (tenant {target.tenant}'s "
                                       f"{setting}) is not set")
                env[CREDENTIAL_ENV[setting]] = value
        return env

    # ------------------------------------------------------------------------------------------- Twilio checks
    def _preflight(self, stack: auto.Stack, target: Target, env: Mapping[str, str], operation: str) -> str | None:
        """Read-only checks with the tenant's own credentials; returns the brand SID a resubmission will spend."""
        settings: dict[str, Any] = {k: v for k, v in target.config.items() if k.startswith("twilio:")}
        settings[ACCOUNT_KEY] = target.account_sid
        if isinstance(target.credentials, StackConfigCredentials):
            config = stack.get_all_config()  # decrypted in memory only, to build the same client the stack will
            settings.update({k: v.value for k, v in config.items() if k.partition(":")[2] in CREDENTIAL_ENV})
        try:
            client, creds = build_client(_Settings(settings), env)
        except Exception as error:  # noqa: BLE001 - TwilioConfigError and friends: the message names the key
            raise TargetFailed(f"credentials: {error}") from None
        try:
            account = client.api.v2010.accounts(target.account_sid).fetch()
        except Exception as error:  # noqa: BLE001
            raise TargetFailed(f"credentials do not act for subaccount {target.account_sid}: "
                               f"{twilio_error('fetch the account', error, creds.secrets)}") from None
        if account.status != "active":
            raise TargetFailed(f"subaccount {target.account_sid} is {account.status}")
        own_brand, status = _brand_in_state(stack)
        brands = None
        if target.registers_brand and not own_brand:
            brands = self._brands(client, creds)
            real = [b for b in brands if not b.mock]
            if real:
                listed = ", ".join(f"{b.sid} ({b.status})" for b in real)
                raise TargetFailed(
                    f"no second brand: subaccount {target.account_sid} already has brand {listed}; reference it with "
                    "flex-a2p:brand.sid or take it over with flex-a2p:brand.adoptSid instead of registering another")
        if operation == "up" and own_brand:
            if self.refresh:
                brands = brands if brands is not None else self._brands(client, creds)
                status = next((b.status for b in brands if b.sid == own_brand), status)
            if status == "FAILED":
                if not self.budget.take(target.stack):
                    raise TargetFailed(
                        f"brand {own_brand} is FAILED and `up` would resubmit it, but this run's brand resubmission "
                        f"budget ({self.registry.brand_resubmissions_per_run}) is spent; Twilio allows few "
                        f"resubmissions (error 21724): fix its Trust Hub bundles, then rerun with --resubmit-brand "
                        f"{target.stack}")
                return str(own_brand)
        return None

    @staticmethod
    def _brands(client: Any, creds: Any) -> list[Any]:
        try:
            return list(client.messaging.v1.brand_registrations.list(page_size=1000))
        except Exception as error:  # noqa: BLE001
            raise TargetFailed(str(twilio_error("list brand registrations", error, creds.secrets))) from None

    # ------------------------------------------------------------------------------------------------ results
    def _read_outputs(self, outputs: Mapping[str, Any], outcome: Outcome) -> None:
        outcome.brand_status = outputs.get("brandStatus")
        outcome.campaign_status = outputs.get("campaignStatus")
        outcome.inbound_routing = routing_verdict(outputs.get("inboundRouting"))

    def _outcome(self, operation: str, target: Target, result: str, reason: str | None = None) -> Outcome:
        return Outcome(target.tenant, target.environment, target.stack, target.account_sid, operation, result,
                       target.fingerprint(), reason=reason)

    def status(self, targets: list[Target]) -> list[Outcome]:
        return self.run("status", targets)


def _brand_in_state(stack: auto.Stack) -> tuple[str | None, str | None]:
    """The brand this stack manages and its last known status, from its state (a failed `up` records what it
    created but not the stack's outputs). The provider decides on a resubmission from this same status."""
    resources = (stack.export_stack().deployment or {}).get("resources") or []
    for resource in resources:
        if resource.get("type") == BRAND_TYPE and not resource.get("delete"):
            outputs = resource.get("outputs") or {}
            return outputs.get("sid") or resource.get("id"), outputs.get("status")
    return None, None


def routing_verdict(routing: Any) -> str:
    """The ``inboundRouting`` output (E.164 -> {status, route, reason}) in a few words; ``n/a`` where a stack does not
    export it (older program versions)."""
    if not isinstance(routing, Mapping) or not routing:
        return "n/a"
    counts: dict[str, int] = {}
    for entry in routing.values():
        status = str(entry.get("status")) if isinstance(entry, Mapping) else "unknown"
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))


class _Settings:
    """A ConfigLike (``get(key)``) over plain values, for ``build_client``."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values

    def get(self, key: str) -> Any:
        return self.values.get(key)


class _Log:
    """A target's CLI output (to ``<log_dir>/<stack>.<operation>.log``) and the error diagnostics of its engine
    events, which become the outcome's reason. The CLI masks secrets, and credentials are never in its output."""

    def __init__(self, log_dir: Path | None, stack: str, operation: str) -> None:
        self.errors: list[str] = []
        self.policy: list[str] = []
        self.summary: dict[Any, int] = {}
        self.tail: list[str] = []
        self.file = None
        if log_dir is not None:
            log_dir.mkdir(parents=True, exist_ok=True)
            self.file = (log_dir / f"{stack}.{operation}.log").open("w", encoding="utf-8")

    def write(self, line: str) -> None:
        self.tail = (self.tail + [line])[-20:]
        if self.file is not None:
            self.file.write(line + "\n")

    def event(self, event: auto.events.EngineEvent) -> None:
        diagnostic = event.diagnostic_event
        if diagnostic is not None and diagnostic.severity == "error":
            message = _diagnostic_text(diagnostic.message)
            if message and not message.lower().startswith(_GENERIC) and message not in self.errors:
                self.errors.append(message)
        if event.summary_event is not None:
            self.summary = dict(event.summary_event.resource_changes or {})
        policy = event.policy_event
        if policy is not None and policy.enforcement_level == "mandatory":
            self.policy.append(f"policy {policy.policy_name}: {' '.join(policy.message.split())}")

    def reason(self) -> str | None:
        found = self.policy + self.errors
        return "; ".join(found) if found else None

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def _diagnostic_text(message: str) -> str:
    """An engine error in one line: a provider's traceback becomes its exception's message, without the module
    path of its class; the engine's own follow-up notes are dropped."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    if any(line.startswith("Traceback (most recent call last)") for line in lines):
        lines = [next(line for line in reversed(lines) if not line.startswith(("File ", "^", "raise ", "return ")))]
        lines = [re.sub(r"^[\w.]+(Error|Exception): ", "", lines[0])]
    text = " ".join(lines)
    return re.sub(r";? ?Resource monitor has terminated, shutting down$", "", text).strip()


def _changes(summary: Mapping[Any, int]) -> dict[str, int]:
    """Resource changes by operation, without the unchanged ones (``OpType`` keys become their names)."""
    named = {str(getattr(op, "value", op)): n for op, n in summary.items()}
    return {op: n for op, n in sorted(named.items()) if n and op != "same"}


def _plain_outputs(outputs: Mapping[str, auto.OutputValue]) -> dict[str, Any]:
    """Stack outputs without secret values (none of ours is secret; a future one would show as ``[secret]``)."""
    return {key: ("[secret]" if out.secret else out.value) for key, out in outputs.items()}


def _text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _last_lines(text: str, n: int = 6) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " | ".join(lines[-n:])


Runner = Callable[[str, Target], Outcome]
