"""The named errors: each is a Twilio-shaped body with a code from `twilio_contract.ErrorCode`, and the emulator's
sources spell no Twilio error code as a bare number (a code is written once, in the contract)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from twilio_contract import ErrorCode
from twilio_emulator import exceptions
from twilio_emulator.exceptions import AuthenticationFailed, InjectedFault, SenderPoolFull, TwilioError

EMULATOR = Path(exceptions.__file__).resolve().parent


def test_every_named_error_has_a_contract_code() -> None:
    named = [c for _, c in inspect.getmembers(exceptions, inspect.isclass)
             if issubclass(c, TwilioError) and c not in (TwilioError, InjectedFault)]
    assert len(named) > 30
    for cls in named:
        assert isinstance(cls.code, ErrorCode), cls.__name__
        assert 400 <= cls.status <= 599, cls.__name__


def test_the_body_is_twilios_legacy_error_shape() -> None:
    assert SenderPoolFull(400).body() == {
        "code": 21714, "message": "Messaging Service Number Pool size limit reached (400 senders).",
        "more_info": "https://www.twilio.com/docs/errors/21714", "status": 400}
    assert AuthenticationFailed().headers == {"WWW-Authenticate": 'Basic realm="Twilio API"'}
    fault = InjectedFault(503, 20503, 1.5)
    assert (fault.status, fault.code, fault.headers) == (503, 20503, {"Retry-After": "1.5"})


def test_no_bare_error_code_in_the_emulator_sources() -> None:
    codes = {str(int(c)) for c in ErrorCode}
    found = [f"{path.relative_to(EMULATOR)}:{n}: {line.strip()}"
             for path in sorted(EMULATOR.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if codes & set(re.findall(r"(?<![\w.])\d{5}(?![\w.])", line))]
    assert found == []
