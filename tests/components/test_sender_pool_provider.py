"""MessagingServiceSenderPool provider against the emulator: one list per side instead of a call per number,
adoption of numbers already in the service (no write), 21712 refused or taken over, every failure named, bounded
adds and removes, and the retired per-number provider's delete that only forgets."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from components.errors import InputError, TwilioApiError
from components.messaging_service_phone_number import MessagingServicePhoneNumberProvider
from components.messaging_service_sender_pool import MessagingServiceSenderPoolProvider
from tests.components.conftest import buy_number, checked
from twilio_emulator.testing import RunningEmulator

NUMBERS = [f"+1415555{n:04d}" for n in range(100, 106)]


@pytest.fixture
def service(emulator: RunningEmulator) -> str:
    return emulator.client().messaging.v1.services.create(friendly_name="flex-dev").sid


def members(emu: RunningEmulator, service_sid: str) -> dict[str, str]:
    return {n.phone_number: n.sid for n in emu.client().messaging.v1.services(service_sid).phone_numbers.list()}


def writes(emu: RunningEmulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emu.requests() if r["method"] in ("POST", "DELETE")]


def reads(emu: RunningEmulator) -> list[str]:
    return [r["path"] for r in emu.requests() if r["method"] == "GET"]


def test_create_lists_twice_then_adds_each_number_once(make: Callable[..., Any], emulator: RunningEmulator,
                                                       service: str) -> None:
    sids = {n: buy_number(emulator, n) for n in NUMBERS}
    provider = make(MessagingServiceSenderPoolProvider)
    emulator.clear_requests()
    created = provider.create(checked(provider, {"service_sid": service, "phone_numbers": NUMBERS}))
    # one list of the service's senders, one of the account's numbers: no look-up per number
    assert len(reads(emulator)) == 2 and len(writes(emulator)) == len(NUMBERS)
    assert created.id == service and members(emulator, service) == sids
    assert created.outs["phone_number_sids"] == sids and created.outs["phone_numbers"] == NUMBERS
    same = checked(provider, {"service_sid": service, "phone_numbers": list(reversed(NUMBERS))})
    assert provider.diff(service, created.outs, same).changes is False, "the order of the numbers is no change"


def test_numbers_already_in_the_service_are_adopted_without_a_write(make: Callable[..., Any],
                                                                    emulator: RunningEmulator, service: str) -> None:
    """What an interrupted or failed `up` (or the per-number resources of an older release) left in the service."""
    sids = {n: buy_number(emulator, n) for n in NUMBERS}
    for pn in list(sids.values())[:4]:
        emulator.client().messaging.v1.services(service).phone_numbers.create(phone_number_sid=pn)
    provider = make(MessagingServiceSenderPoolProvider)
    emulator.clear_requests()
    created = provider.create(checked(provider, {"service_sid": service, "phone_numbers": NUMBERS}))
    assert len(writes(emulator)) == 2, writes(emulator)  # only the two missing numbers
    assert created.outs["phone_number_sids"] == sids and members(emulator, service) == sids
    emulator.clear_requests()
    provider.create(checked(provider, {"service_sid": service, "phone_numbers": NUMBERS}))
    assert writes(emulator) == [] and len(reads(emulator)) == 1  # all in: one list, nothing else


def test_update_adds_and_removes_only_the_difference(make: Callable[..., Any], emulator: RunningEmulator,
                                                     service: str) -> None:
    sids = {n: buy_number(emulator, n) for n in NUMBERS}
    provider = make(MessagingServiceSenderPoolProvider)
    created = provider.create(checked(provider, {"service_sid": service, "phone_numbers": NUMBERS[:4]}))
    news = checked(provider, {"service_sid": service, "phone_numbers": NUMBERS[2:]})
    diff = provider.diff(service, created.outs, news)
    assert diff.changes and diff.replaces == []
    emulator.clear_requests()
    updated = provider.update(service, created.outs, news)
    assert members(emulator, service) == {n: sids[n] for n in NUMBERS[2:]}
    assert sorted(writes(emulator)) == sorted(
        [f"DELETE /v1/Services/{service}/PhoneNumbers/{sids[n]}" for n in NUMBERS[:2]]
        + [f"POST /v1/Services/{service}/PhoneNumbers"] * 2)
    assert updated.outs["phone_number_sids"] == {n: sids[n] for n in NUMBERS[2:]}


def test_number_in_another_service_fails_naming_that_service(make: Callable[..., Any], emulator: RunningEmulator,
                                                             service: str) -> None:
    pns = {n: buy_number(emulator, n) for n in NUMBERS[:3]}
    other = emulator.client().messaging.v1.services.create(friendly_name="marketing")
    emulator.client().messaging.v1.services(other.sid).phone_numbers.create(phone_number_sid=pns[NUMBERS[1]])
    provider = make(MessagingServiceSenderPoolProvider)
    with pytest.raises(TwilioApiError) as info:
        provider.create(checked(provider, {"service_sid": service, "phone_numbers": NUMBERS[:3]}))
    text = str(info.value)
    assert f"{NUMBERS[1]}: phone number {NUMBERS[1]}" in text and f"already in Messaging Service {other.sid}" in text
    assert "21712" in text and "take_over=True" in text and info.value.code == 21712
    # the others were added, and the next create adopts them
    assert set(members(emulator, service)) == {NUMBERS[0], NUMBERS[2]}


def test_take_over_moves_the_number(make: Callable[..., Any], emulator: RunningEmulator, service: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    pn = buy_number(emulator, NUMBERS[0])
    other = emulator.client().messaging.v1.services.create(friendly_name="marketing")
    emulator.client().messaging.v1.services(other.sid).phone_numbers.create(phone_number_sid=pn)
    provider = make(MessagingServiceSenderPoolProvider)
    provider.create(checked(provider, {"service_sid": service, "phone_numbers": NUMBERS[:1], "take_over": True}))
    assert members(emulator, service) == {NUMBERS[0]: pn} and members(emulator, other.sid) == {}
    assert f"moving phone number {NUMBERS[0]}" in capsys.readouterr().err


def test_numbers_not_on_the_account_are_named_before_any_write(make: Callable[..., Any], emulator: RunningEmulator,
                                                               service: str) -> None:
    buy_number(emulator, NUMBERS[0])
    provider = make(MessagingServiceSenderPoolProvider)
    emulator.clear_requests()
    with pytest.raises(InputError, match=r"phone_numbers: not IncomingPhoneNumbers of account .*\+14155550199") as info:
        provider.create(checked(provider, {"service_sid": service, "phone_numbers": [NUMBERS[0], "+14155550199"]}))
    assert info.value.would_be == 21421 and writes(emulator) == []


def test_a_number_listed_twice_is_refused_by_check(make: Callable[..., Any], service: str) -> None:
    provider = make(MessagingServiceSenderPoolProvider)
    result = provider.check({}, {"service_sid": service, "phone_numbers": [NUMBERS[0], NUMBERS[0]]})
    assert [f.property for f in result.failures] == ["phone_numbers"]


def test_refresh_shows_a_number_removed_out_of_band_and_delete_keeps_the_numbers(
        make: Callable[..., Any], emulator: RunningEmulator, service: str) -> None:
    sids = {n: buy_number(emulator, n) for n in NUMBERS[:3]}
    provider = make(MessagingServiceSenderPoolProvider)
    created = provider.create(checked(provider, {"service_sid": service, "phone_numbers": NUMBERS[:3]}))
    emulator.client().messaging.v1.services(service).phone_numbers(sids[NUMBERS[0]]).delete()
    read = provider.read(service, created.outs)
    assert read.outs["phone_numbers"] == NUMBERS[1:3] and read.inputs["phone_numbers"] == NUMBERS[1:3]
    assert provider.diff(service, read.outs, checked(provider, {"service_sid": service,
                                                                "phone_numbers": NUMBERS[:3]})).changes
    provider.delete(service, created.outs)
    assert members(emulator, service) == {}
    provider.delete(service, created.outs)  # idempotent
    assert emulator.client().incoming_phone_numbers(sids[NUMBERS[0]]).fetch().phone_number == NUMBERS[0]


def test_adds_never_exceed_the_in_flight_limit(make: Callable[..., Any], emulator: RunningEmulator,
                                               service: str) -> None:
    numbers = [f"+1415555{n:04d}" for n in range(200, 224)]
    for n in numbers:
        buy_number(emulator, n)
    provider = make(MessagingServiceSenderPoolProvider, maxConcurrency="3")
    limit = provider.client.http_client.limit
    limit.peak = 0
    emulator.add_fault(method="POST", path="/v1/Services/*/PhoneNumbers", delay_seconds=0.05, count=100)
    provider.create(checked(provider, {"service_sid": service, "phone_numbers": numbers}))
    assert len(members(emulator, service)) == len(numbers)
    assert limit.peak == 3  # used, and never passed


def test_429s_slow_the_adds_down_instead_of_failing_them(make: Callable[..., Any], emulator: RunningEmulator,
                                                         service: str, caplog: pytest.LogCaptureFixture) -> None:
    numbers = [f"+1415555{n:04d}" for n in range(300, 308)]
    for n in numbers:
        buy_number(emulator, n)
    provider = make(MessagingServiceSenderPoolProvider, maxConcurrency="8", maxRetries="5")
    limit = provider.client.http_client.limit
    emulator.add_fault(method="POST", path="/v1/Services/*/PhoneNumbers", status=429, code=20429, retry_after=0,
                       count=6)
    provider.create(checked(provider, {"service_sid": service, "phone_numbers": numbers}))
    assert len(members(emulator, service)) == len(numbers)
    assert sum(r["status"] == 429 for r in emulator.requests()) == 6
    assert limit.allowed < 8, "a 429 lowers the requests allowed in flight"
    assert "HTTP 429" in caplog.text


def test_the_retired_per_number_provider_only_forgets(make: Callable[..., Any], emulator: RunningEmulator,
                                                      service: str) -> None:
    """An older release's per-number resource, deleted by the engine once the pool has adopted its number."""
    pn = buy_number(emulator, NUMBERS[0])
    emulator.client().messaging.v1.services(service).phone_numbers.create(phone_number_sid=pn)
    old = make(MessagingServicePhoneNumberProvider)
    state = {"service_sid": service, "phone_number": NUMBERS[0], "sid": pn}
    assert old.read(pn, state).id == pn  # refresh before the migration still reads it
    emulator.clear_requests()
    old.delete(pn, state)
    assert emulator.requests() == [] and members(emulator, service) == {NUMBERS[0]: pn}
    assert old.check({}, {"service_sid": service, "phone_number": NUMBERS[0]}).failures, "declaring one is refused"
