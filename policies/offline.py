"""The pack's policies run on resources no engine has seen yet: the planned inputs of a stack whose config was just
written (``python -m discover``), so what ``pulumi preview --policy-pack policies`` will refuse can be said before
anyone runs it.

Each policy of :data:`policies.pack.POLICIES` runs its own validation functions, with its own enforcement level and
its default config, on plain ``ResourceValidationArgs`` / ``StackValidationArgs``: the rules are the pack's, not a
copy. A policy that cannot judge a value (unknown, not applicable) is left out, as the engine leaves it out of a
verdict.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.policy import _NotApplicableError
from pulumi_policy.proxy import UnknownValueError

from policies.pack import POLICIES

STACK_TYPE = "pulumi:pulumi:Stack"


def urn(resource_type: str, name: str, stack: str = "dev", project: str = "flex-a2p") -> str:
    """A resource's URN as the engine writes it (the stack as parent)."""
    return f"urn:pulumi:{stack}::{project}::{STACK_TYPE}${resource_type}::{name}"


def options() -> PolicyResourceOptions:
    """The options of a resource declared without any (what the stack program's resources have)."""
    return PolicyResourceOptions(protect=False, ignore_changes=[], delete_before_replace=None, aliases=[],
                                 custom_timeouts=PolicyCustomTimeouts(0, 0, 0), additional_secret_outputs=[])


def drive(result: Any) -> None:
    """Run a validation's awaitable to its end (pulumi_policy validations may be async)."""
    if result is not None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(result)
        finally:
            loop.close()


@dataclass(frozen=True)
class Planned:
    """A resource as the stack will declare it: its type token, name and properties (inputs, with the SID it will
    have where it adopts an existing object)."""

    resource_type: str
    name: str
    props: Mapping[str, Any]


@dataclass(frozen=True)
class Finding:
    """One violation a policy reports, at the level it is enforced (``mandatory`` stops an ``up``)."""

    policy: str
    level: str
    message: str
    urn: str | None = None

    @property
    def blocks(self) -> bool:
        return self.level in (EnforcementLevel.MANDATORY.value, EnforcementLevel.REMEDIATE.value)


@dataclass
class _Collector:
    policy: Policy
    found: list[Finding] = field(default_factory=list)

    def __call__(self, message: str, urn_: str | None = None) -> None:
        level = (self.policy.enforcement_level or EnforcementLevel.ADVISORY).value
        self.found.append(Finding(self.policy.name, level, message, urn_))


def evaluate(resources: Sequence[Planned], stack_outputs: Mapping[str, Any], *, stack: str = "dev",
             policies: Sequence[Policy] = POLICIES) -> list[Finding]:
    """What every enabled policy of the pack reports on the planned ``resources`` and ``stack_outputs``, each
    violation once (a rule checked on both inputs and outputs says the same thing twice)."""
    urns = {r.name: urn(r.resource_type, r.name, stack) for r in resources}
    stack_urn = f"urn:pulumi:{stack}::flex-a2p::{STACK_TYPE}::flex-a2p-{stack}"
    in_stack = [PolicyResource(r.resource_type, dict(r.props), urns[r.name], r.name, options(), None, None, [], {})
                for r in resources]
    in_stack.append(PolicyResource(STACK_TYPE, dict(stack_outputs), stack_urn, f"flex-a2p-{stack}", options(), None,
                                   None, [], {}))
    found: list[Finding] = []
    for policy in policies:
        if policy.enforcement_level == EnforcementLevel.DISABLED:
            continue
        report = _Collector(policy)
        if isinstance(policy, ResourceValidationPolicy):
            for r in resources:
                _judge(policy.validate, ResourceValidationArgs(r.resource_type, dict(r.props), urns[r.name], r.name,
                                                               options(), None, config={}), report)
        elif isinstance(policy, StackValidationPolicy):
            _judge(policy.validate, StackValidationArgs(in_stack, {}), report)
        found += report.found
    unique: dict[str, Finding] = {}
    for finding in found:
        unique.setdefault(finding.message, finding)
    return list(unique.values())


def _judge(validate: Any, args: Any, report: _Collector) -> None:
    try:
        drive(validate(args, report))
    except (UnknownValueError, _NotApplicableError):
        pass  # the engine leaves such a policy out of the verdict too
