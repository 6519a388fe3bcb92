"""A bounded schemathesis run over every modelled operation: generated requests (valid by Twilio's documents)
never produce a server error, and every 2xx response conforms to the documents."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from twilio_emulator.testing import RunningEmulator, run_emulator

from .contract import patched_document
from .test_contract import modelled as modelled_operations

EXAMPLES_PER_OPERATION = 10


def modelled(host: str) -> schemathesis.schemas.BaseSchema:
    schema = schemathesis.openapi.from_dict(patched_document(host))
    return schema.include(operation_id=modelled_operations(host))


@pytest.fixture(scope="module")
def shared_emulator() -> Iterator[RunningEmulator]:
    with run_emulator(review_delay=0) as emulator:
        yield emulator
        statuses = [r["status"] for r in emulator.requests()]
        assert len(statuses) >= 10 and any(200 <= s < 300 for s in statuses), "the run reached no operation"
        assert not any(s >= 500 for s in statuses)


def auth_header(emulator: RunningEmulator) -> dict[str, str]:
    token = base64.b64encode(f"{emulator.account_sid}:{emulator.auth_token}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def check(case: schemathesis.Case, emulator: RunningEmulator, host: str) -> None:
    if "AccountSid" in (case.path_parameters or {}):
        case.path_parameters["AccountSid"] = emulator.account_sid  # else every call is another account's 401
    # The Twilio host in `Host`, as the product's client sends it: hosts share paths (/v1/Configuration).
    case.call_and_validate(base_url=emulator.base_url, headers={**auth_header(emulator), "Host": f"{host}.twilio.com"},
                           checks=[not_a_server_error, response_schema_conformance])


SETTINGS = settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None,
                    suppress_health_check=list(HealthCheck))


@modelled("messaging").parametrize()
@SETTINGS
def test_messaging(case: schemathesis.Case, shared_emulator: RunningEmulator) -> None:
    check(case, shared_emulator, "messaging")


@modelled("trusthub").parametrize()
@SETTINGS
def test_trusthub(case: schemathesis.Case, shared_emulator: RunningEmulator) -> None:
    check(case, shared_emulator, "trusthub")


@modelled("api").parametrize()
@SETTINGS
def test_api(case: schemathesis.Case, shared_emulator: RunningEmulator) -> None:
    check(case, shared_emulator, "api")


@modelled("conversations").parametrize()
@SETTINGS
def test_conversations(case: schemathesis.Case, shared_emulator: RunningEmulator) -> None:
    check(case, shared_emulator, "conversations")


@modelled("flex-api").parametrize()
@SETTINGS
def test_flex(case: schemathesis.Case, shared_emulator: RunningEmulator) -> None:
    check(case, shared_emulator, "flex-api")


@modelled("studio").parametrize()
@SETTINGS
def test_studio(case: schemathesis.Case, shared_emulator: RunningEmulator) -> None:
    check(case, shared_emulator, "studio")


@modelled("proxy").parametrize()
@SETTINGS
def test_proxy(case: schemathesis.Case, shared_emulator: RunningEmulator) -> None:
    check(case, shared_emulator, "proxy")
