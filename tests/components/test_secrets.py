"""The auth token never shows in errors, in the traceback the plugin sends to the CLI, or in logs, even at DEBUG."""

from __future__ import annotations

import base64
import logging
import traceback

import pytest

from components.messaging_service import MessagingServiceProvider
from components.errors import TwilioApiError
from tests.components.conftest import checked, configure
from twilio_emulator.testing import RunningEmulator

SECRET_TOKEN = "do-not-leak-0123456789abcdef0123"


def leaks(text: str, emu: RunningEmulator, token: str) -> list[str]:
    basic = base64.b64encode(f"{emu.account_sid}:{token}".encode()).decode()
    return [needle for needle in (token, basic) if needle in text]


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)  # root: twilio.http_client, urllib3, components.*
    return caplog


def everything(exc: BaseException, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> str:
    out = capsys.readouterr()
    return "\n".join([str(exc), "".join(traceback.format_exception(exc)), caplog.text, out.out, out.err])


def test_rejected_credentials_error_names_the_failure_not_the_token(
    emulator: RunningEmulator, debug_logs: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    provider = configure(MessagingServiceProvider, emulator, authToken=SECRET_TOKEN)
    with pytest.raises(TwilioApiError) as info:
        provider.create(checked(provider, {"friendly_name": "flex"}))
    assert (info.value.code, info.value.status) == (20003, 401)
    assert "Twilio error 20003 (HTTP 401)" in str(info.value)
    assert debug_logs.records  # DEBUG logging really was on
    assert leaks(everything(info.value, debug_logs, capsys), emulator, SECRET_TOKEN) == []


def test_failing_call_with_valid_credentials_logs_no_token(
    emulator: RunningEmulator, debug_logs: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    provider = configure(MessagingServiceProvider, emulator)
    emulator.add_fault(method="GET", path="/v1/Services/*", count=10, status=500, code=20500)
    with pytest.raises(TwilioApiError) as info:
        provider.read("MG" + "1" * 32, {})
    assert any("retry" in r.getMessage() for r in debug_logs.records)  # the retry warnings were logged
    assert leaks(everything(info.value, debug_logs, capsys), emulator, emulator.auth_token) == []


def test_lost_answer_error_has_no_token(emulator: RunningEmulator, debug_logs: pytest.LogCaptureFixture,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    provider = configure(MessagingServiceProvider, emulator, maxRetries="0")
    provider.reconcile_delays = (0.0,)
    emulator.add_fault(method="POST", path="/v1/Services", count=10, drop=True)
    with pytest.raises(TwilioApiError) as info:
        provider.create(checked(provider, {"friendly_name": "flex"}))
    assert "no response from Twilio" in str(info.value)
    assert leaks(everything(info.value, debug_logs, capsys), emulator, emulator.auth_token) == []
