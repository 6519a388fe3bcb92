"""The emulator as a process: command line, restart with --state, concurrent requests, atomic transactions."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from twilio.base.exceptions import TwilioRestException

from twilio_emulator import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN
from twilio_emulator.store import Store
from twilio_emulator.testing import run_emulator

from .conftest import CAMPAIGN, Raw, approved_brand, buy_number
from .test_bad_input import snapshot


def test_first_line_and_default_account(emulator: Any) -> None:
    assert emulator.base_url.startswith("http://127.0.0.1:")
    assert emulator.account_sid == DEFAULT_ACCOUNT_SID
    assert any(DEFAULT_ACCOUNT_SID in line for line in emulator.output)


def test_custom_credentials_are_not_printed(emulator_factory: Any) -> None:
    account, token = "AC" + "ab" * 16, "s3cret-token-value"
    emulator = emulator_factory(account_sid=account, auth_token=token)
    assert emulator.client().messaging.v1.services.create(friendly_name="x").account_sid == account
    with pytest.raises(TwilioRestException):
        emulator.client(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN).messaging.v1.services(
            "MG" + "0" * 32).fetch()
    emulator.stop()
    assert not any(token in line for line in emulator.output)


@pytest.mark.parametrize("args", [["--review-delay", "soon"], ["--account-sid", "AC123"],
                                  ["--api-key", "SK" + "1" * 32], ["--latency-ms", "-5"]])
def test_bad_command_lines_exit_with_an_error(args: list[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "twilio_emulator", "--port", "0", *args],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "listening on" not in result.stdout


def portable_snapshot(emulator: Any) -> Any:
    """The snapshot with the emulator's own base URL (a new port after restart) taken out of absolute URLs."""
    return json.loads(json.dumps(snapshot(Raw(emulator), emulator.account_sid)).replace(emulator.base_url, "BASE"))


def test_restart_with_the_same_state_keeps_every_resource(tmp_path: Path) -> None:
    state = tmp_path / "emulator.sqlite"
    with run_emulator(state=state, review_delay=0) as first:
        client = first.client()
        a2p = approved_brand(client)
        service = client.messaging.v1.services.create(friendly_name="Flex", use_inbound_webhook_on_number=True)
        number = buy_number(client)
        client.messaging.v1.services(service.sid).phone_numbers.create(phone_number_sid=number.sid)
        client.messaging.v1.services(service.sid).us_app_to_person.create(
            brand_registration_sid=a2p.brand_sid, **CAMPAIGN)
        key = client.new_keys.create(friendly_name="kept")
        sub = client.api.v2010.accounts.create(friendly_name="tenant")
        first.client(sub.sid, sub.auth_token, sub.sid).incoming_phone_numbers.create(area_code="718")
        before = portable_snapshot(first)
    assert all(before[k] for k in ("services", "numbers", "brands", "profiles", "products"))
    assert before["senders"][service.sid] and before["campaigns"][service.sid]

    with run_emulator(state=state, review_delay=0) as second:
        assert portable_snapshot(second) == before
        client = second.client()
        assert client.messaging.v1.services(service.sid).fetch().us_app_to_person_registered is True
        assert second.client(key.sid, key.secret, second.account_sid).messaging.v1.services.list()[0].sid == service.sid
        tenant = second.client(sub.sid, sub.auth_token, sub.sid)
        assert len(tenant.incoming_phone_numbers.list()) == 1
        with pytest.raises(TwilioRestException) as err:  # the rules still see the persisted association
            client.messaging.v1.services.create(friendly_name="Other").phone_numbers.create(phone_number_sid=number.sid)
        assert err.value.code == 21712


def test_pending_reviews_survive_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "emulator.sqlite"
    with run_emulator(state=state, review_delay="manual") as first:
        brand = first.client().messaging.v1.brand_registrations.create(
            customer_profile_bundle_sid="BU" + "1" * 32, a2p_profile_bundle_sid="BU" + "2" * 32)
    with run_emulator(state=state, review_delay="manual") as second:
        assert second.client().messaging.v1.brand_registrations(brand.sid).fetch().status == "PENDING"
        second.review(brand.sid, "approved")
        assert second.client().messaging.v1.brand_registrations(brand.sid).fetch().status == "APPROVED"


def test_concurrent_requests_are_safe(client: Any, emulator: Any) -> None:
    services = [client.messaging.v1.services.create(friendly_name=f"svc {i}").sid for i in range(8)]
    number = buy_number(client)

    def claim(service_sid: str) -> int | None:
        try:
            emulator.client().messaging.v1.services(service_sid).phone_numbers.create(phone_number_sid=number.sid)
            return None
        except TwilioRestException as exc:
            return exc.code

    def buy(i: int) -> str:
        return emulator.client().incoming_phone_numbers.create(area_code="305").phone_number

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(claim, services))
        bought = list(pool.map(buy, range(16)))
    assert outcomes.count(None) == 1 and outcomes.count(21712) == 7  # exactly one service won the number
    assert len(set(bought)) == 16  # no number sold twice
    holders = [s for s in services if client.messaging.v1.services(s).phone_numbers.list()]
    assert len(holders) == 1


def test_a_failing_unit_of_work_changes_nothing(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.sqlite"))
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.insert("service", "MG" + "1" * 32, DEFAULT_ACCOUNT_SID, {"sid": "MG" + "1" * 32})
            raise RuntimeError("rule broken after a write")
    with store.transaction() as tx:
        assert tx.list("service") == []
    store.close()
