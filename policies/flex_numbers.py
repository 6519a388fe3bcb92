"""Whether each number's inbound SMS reaches Flex, as the stack program verified it (stack output
``inboundRouting``, components/inbound_routing.py): a ``fail`` blocks, a ``warn`` is reported.

The program computes the verdicts read-only during ``preview`` and ``up``, for the route each number will have
after the update, so they are known when the preview's stack policies run: a ``pulumi up`` that would leave a number
failing stops at its preview, before anything is written. Only the ``inboundRouting`` output is read here (during
preview other stack outputs are unknown, and reading them would turn the policy into a "cannot run" note).
Messages show numbers by their last four digits, like the rest of the pack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    ReportViolation,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from components.inbound_routing import Flavour, Status
from policies.config import PolicyConfig, setting
from policies.properties import MISSING, UNKNOWN, Properties, mask_number, raise_unknown
from twilio_contract import E164

STACK = "pulumi:pulumi:Stack"
OUTPUT = "inboundRouting"
FLAVOURS = tuple(f.value for f in Flavour)
_NUMBER = re.compile(r"\+[1-9][0-9]{5,14}")


@dataclass(frozen=True)
class NumbersConfig(PolicyConfig):
    """Which numbers a flex-numbers policy judges: by flavour, minus exempt numbers."""

    exempt_numbers: tuple[str, ...] = setting(
        (), "E.164 numbers this policy skips on purpose (e.g. a number being migrated).",
        items={"pattern": E164.pattern})
    flavours: tuple[str, ...] = setting(
        FLAVOURS, "The Flex flavours judged: numbers of the others are skipped.", items={"enum": list(FLAVOURS)})

    def judges(self, number: str, verdict: Mapping[str, Any]) -> bool:
        flavour = verdict.get("flavour")
        return number not in self.exempt_numbers and (flavour is None or flavour in self.flavours)


@dataclass(frozen=True)
class ReachFlexConfig(NumbersConfig):
    """flex-numbers-reach-flex."""

    unverified_is_violation: bool = setting(
        False, "Report a number whose route could not be verified (no Twilio credentials, Twilio unreachable) at "
               "this policy's level instead of as an advisory note.")


def verdicts(args: StackValidationArgs) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """(stack URN, number, verdict) for every number the stack program verified."""
    for resource in args.resources:
        if resource.resource_type != STACK:
            continue
        value = Properties.of(resource).get(OUTPUT)
        if value is UNKNOWN:
            raise_unknown(OUTPUT)  # never in practice: the program computes it from plain values
        if value is MISSING or not isinstance(value, Mapping):
            continue  # a program without the verification
        for number, verdict in value.items():
            if isinstance(verdict, Mapping):
                yield resource.urn, number, verdict


def describe(number: str, verdict: Mapping[str, Any], what: str) -> str:
    """A violation message: the number by its last four digits, the verdict's reason and route."""
    flavour = verdict.get("flavour")
    text = (f"Inbound SMS to {mask_number(number)}{f' ({flavour})' if flavour else ''} {what}: "
            f"{verdict.get('reason')}. Route: {verdict.get('route')}.")
    return _NUMBER.sub(lambda m: mask_number(m.group()), text)


def report(args: StackValidationArgs, config: NumbersConfig, wanted: Mapping[str, str],
           report_violation: ReportViolation) -> None:
    """Report each judged number whose status is in ``wanted`` (status -> what the message says of it)."""
    for urn, number, verdict in verdicts(args):
        what = wanted.get(verdict.get("status"))  # type: ignore[arg-type]
        if what is not None and config.judges(number, verdict):
            report_violation(describe(number, verdict, what), urn)


def validate_reach_flex(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Every number's verdict is not ``fail`` (nor, if so configured, ``unverified``)."""
    config = ReachFlexConfig.read(args)
    wanted = {Status.FAIL.value: "does not reach Flex agents"}
    if config.unverified_is_violation:
        wanted[Status.UNVERIFIED.value] = "was not verified"
    report(args, config, wanted, report_violation)


def validate_warnings(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Numbers that reach Flex with a risk worth fixing, and numbers that could not be verified."""
    report(args, NumbersConfig.read(args), {Status.WARN.value: "reaches Flex, with a warning",
                                            Status.UNVERIFIED.value: "was not verified"}, report_violation)


REACH_FLEX = StackValidationPolicy(
    name="flex-numbers-reach-flex",
    description="Every number's inbound SMS reaches Flex agents: the stack program's read-only verification of its "
    "route (stack output inboundRouting) is not 'fail'.",
    validate=validate_reach_flex,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    config_schema=ReachFlexConfig.schema(),
)

REACH_FLEX_WARNINGS = StackValidationPolicy(
    name="flex-numbers-reach-flex-warnings",
    description="Numbers that reach Flex with a risk (legacy messaging past end of life, a leftover Flex Flow or "
    "address, a number webhook running next to Conversations) or that could not be verified.",
    validate=validate_warnings,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    config_schema=NumbersConfig.schema(),
)

POLICIES: tuple[Policy, ...] = (REACH_FLEX, REACH_FLEX_WARNINGS)
