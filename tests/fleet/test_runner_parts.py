"""The runner's pure parts: what a stack's CLI is given, and how outcomes are worded."""
from __future__ import annotations

from pathlib import Path

import pytest

from fleet.registry import parse
from fleet.runner import Fleet, TargetFailed, _diagnostic_text, routing_verdict

from .test_registry import SUB_A, SUB_B, registry, tenant


def fleet(environ: dict[str, str]) -> tuple[Fleet, list]:
    doc = registry(acme=tenant(SUB_A), globex=tenant(SUB_B, credentials={"from": "stackConfig"}))
    reg = parse(doc)
    return Fleet(reg, Path("."), environ=environ), reg.targets


def test_a_stack_gets_only_its_own_tenants_credentials() -> None:
    ambient = {"TWILIO_AUTH_TOKEN": "parent-token", "TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_API_KEY": "SKp",
               "ACME_KEY": "SKacme", "ACME_SECRET": "acme-secret", "PULUMI_BACKEND_URL": "file:///x", "HOME": "/h"}
    runner, (acme, globex) = fleet(ambient)
    assert runner.stack_env(acme) == {
        "PULUMI_BACKEND_URL": "file:///x", "TWILIO_ACCOUNT_SID": SUB_A, "TWILIO_AUTH_TOKEN": "",
        "TWILIO_API_KEY": "SKacme", "TWILIO_API_SECRET": "acme-secret"}
    # credentials kept as stack secrets: every variable blanked, so nothing ambient can stand in for them
    assert runner.stack_env(globex) == {
        "PULUMI_BACKEND_URL": "file:///x", "TWILIO_ACCOUNT_SID": SUB_B, "TWILIO_AUTH_TOKEN": "",
        "TWILIO_API_KEY": "", "TWILIO_API_SECRET": ""}


def test_a_missing_variable_is_named_never_a_value() -> None:
    runner, (acme, _) = fleet({"ACME_KEY": "SKacme"})
    with pytest.raises(TargetFailed, match="environment variable ACME_SECRET .tenant acme's apiSecret. is not set"):
        runner.stack_env(acme)


def test_inbound_routing_verdicts() -> None:
    assert routing_verdict(None) == "n/a" and routing_verdict({}) == "n/a"
    assert routing_verdict({"+14155550100": {"status": "ok", "route": "flex"},
                            "+14155550101": {"status": "ok"}}) == "ok 2"
    assert routing_verdict({"+1": {"status": "ok"}, "+2": {"status": "overridden", "reason": "x"}}) == \
        "ok 1, overridden 1"


def test_a_provider_traceback_becomes_its_message() -> None:
    message = ("Traceback (most recent call last):\n  File \"x.py\", line 1, in create\n    raise twilio_error()\n"
               "components.errors.TwilioApiError: create A2P campaign failed: Twilio error 21717 (HTTP 400): no\n")
    assert _diagnostic_text(message) == "create A2P campaign failed: Twilio error 21717 (HTTP 400): no"
    assert _diagnostic_text("flex-a2p: one line\n") == "flex-a2p: one line"
