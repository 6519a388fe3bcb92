"""MessagingServicePhoneNumber provider against the emulator: resolving, adopting (21710), refusing or taking over
(21712), and the four-threads-one-instance way the plugin calls it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest

from components.messaging_service_phone_number import MessagingServicePhoneNumberProvider
from components.errors import InputError, TwilioApiError
from tests.components.conftest import buy_number, checked
from twilio_emulator.testing import RunningEmulator

E164 = "+14155550100"


@pytest.fixture
def service(emulator: RunningEmulator) -> str:
    return emulator.client().messaging.v1.services.create(friendly_name="flex-dev").sid


def members(emu: RunningEmulator, service_sid: str) -> list[str]:
    return [n.sid for n in emu.client().messaging.v1.services(service_sid).phone_numbers.list()]


def test_create_by_e164_resolves_the_pn_sid(make: Callable[..., Any], emulator: RunningEmulator, service: str) -> None:
    pn = buy_number(emulator, E164)
    provider = make(MessagingServicePhoneNumberProvider)
    created = provider.create(checked(provider, {"service_sid": service, "phone_number": E164}))
    assert created.id == pn and members(emulator, service) == [pn]
    outs = created.outs
    assert (outs["sid"], outs["phone_number"], outs["country_code"], outs["service_sid"]) == (pn, E164, "US", service)
    assert "SMS" in outs["capabilities"]
    assert provider.diff(pn, outs, checked(provider, {"service_sid": service, "phone_number": E164})).changes is False


def test_create_by_phone_number_sid(make: Callable[..., Any], emulator: RunningEmulator, service: str) -> None:
    pn = buy_number(emulator, E164)
    provider = make(MessagingServicePhoneNumberProvider)
    created = provider.create(checked(provider, {"service_sid": service, "phone_number_sid": pn}))
    assert created.outs["phone_number"] == E164 and members(emulator, service) == [pn]


def test_number_already_in_this_service_is_adopted(make: Callable[..., Any], emulator: RunningEmulator,
                                                   service: str) -> None:
    pn = buy_number(emulator, E164)
    emulator.client().messaging.v1.services(service).phone_numbers.create(phone_number_sid=pn)
    provider = make(MessagingServicePhoneNumberProvider)
    created = provider.create(checked(provider, {"service_sid": service, "phone_number": E164}))
    assert created.id == pn and members(emulator, service) == [pn]


def test_number_in_another_service_fails_naming_that_service(make: Callable[..., Any], emulator: RunningEmulator,
                                                             service: str) -> None:
    pn = buy_number(emulator, E164)
    other = emulator.client().messaging.v1.services.create(friendly_name="marketing")
    emulator.client().messaging.v1.services(other.sid).phone_numbers.create(phone_number_sid=pn)
    provider = make(MessagingServicePhoneNumberProvider)
    with pytest.raises(TwilioApiError) as info:
        provider.create(checked(provider, {"service_sid": service, "phone_number": E164}))
    text = str(info.value)
    assert f"already in Messaging Service {other.sid} ('marketing')" in text
    assert "21712" in text and "take_over=True" in text and info.value.code == 21712
    assert members(emulator, other.sid) == [pn] and members(emulator, service) == []


def test_take_over_moves_the_number(make: Callable[..., Any], emulator: RunningEmulator, service: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    pn = buy_number(emulator, E164)
    other = emulator.client().messaging.v1.services.create(friendly_name="marketing")
    emulator.client().messaging.v1.services(other.sid).phone_numbers.create(phone_number_sid=pn)
    provider = make(MessagingServicePhoneNumberProvider)
    created = provider.create(checked(provider, {"service_sid": service, "phone_number": E164, "take_over": True}))
    assert created.id == pn and members(emulator, service) == [pn] and members(emulator, other.sid) == []
    assert f"moving phone number {E164}" in capsys.readouterr().err


def test_number_not_on_the_account_names_phone_number(make: Callable[..., Any], service: str) -> None:
    provider = make(MessagingServicePhoneNumberProvider)
    with pytest.raises(InputError, match=r"phone_number: \+14155550199 is not an IncomingPhoneNumber of account") as info:
        provider.create(checked(provider, {"service_sid": service, "phone_number": "+14155550199"}))
    assert info.value.would_be == 21421  # refused locally, before Twilio would say 21421


def test_removed_out_of_band_reads_as_gone_and_delete_keeps_the_number(make: Callable[..., Any],
                                                                       emulator: RunningEmulator,
                                                                       service: str) -> None:
    pn = buy_number(emulator, E164)
    provider = make(MessagingServicePhoneNumberProvider)
    created = provider.create(checked(provider, {"service_sid": service, "phone_number": E164}))
    assert provider.read(pn, created.outs).id == pn
    provider.delete(pn, created.outs)
    assert members(emulator, service) == []
    assert provider.read(pn, created.outs).id == ""
    provider.delete(pn, created.outs)  # idempotent
    assert emulator.client().incoming_phone_numbers(pn).fetch().phone_number == E164  # still on the account


def test_take_over_changes_in_place_without_calls(make: Callable[..., Any], emulator: RunningEmulator,
                                                  service: str) -> None:
    buy_number(emulator, E164)
    provider = make(MessagingServicePhoneNumberProvider)
    created = provider.create(checked(provider, {"service_sid": service, "phone_number": E164}))
    emulator.clear_requests()
    news = checked(provider, {"service_sid": service, "phone_number": E164, "take_over": True})
    assert provider.diff(created.id, created.outs, news).replaces == []
    updated = provider.update(created.id, created.outs, news)
    assert updated.outs["take_over"] is True and updated.outs["sid"] == created.id
    assert emulator.requests() == []


def test_four_threads_share_one_provider(make: Callable[..., Any], emulator: RunningEmulator, service: str) -> None:
    """The plugin runs CRUD on 4 threads against one cached provider instance."""
    numbers = [f"+1415555{n:04d}" for n in range(200, 208)]
    sids = {e164: buy_number(emulator, e164) for e164 in numbers}
    provider = make(MessagingServicePhoneNumberProvider)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(
            lambda e164: provider.create(checked(provider, {"service_sid": service, "phone_number": e164})), numbers))
    assert {r.outs["phone_number"]: r.id for r in results} == sids
    assert sorted(members(emulator, service)) == sorted(sids.values())


def test_numbers_already_in_the_service_are_adopted_from_one_listing_without_a_write(
        make: Callable[..., Any], emulator: RunningEmulator, service: str) -> None:
    numbers = [f"+1415555{n:04d}" for n in range(300, 304)]
    sids = {e164: buy_number(emulator, e164) for e164 in numbers}
    for pn in list(sids.values())[:3]:
        emulator.client().messaging.v1.services(service).phone_numbers.create(phone_number_sid=pn)
    provider = make(MessagingServicePhoneNumberProvider)
    emulator.clear_requests()
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(
            lambda e164: provider.create(checked(provider, {"service_sid": service, "phone_number": e164})), numbers))
    assert {r.outs["phone_number"]: r.id for r in results} == sids
    writes = [(r["method"], r["path"]) for r in emulator.requests() if r["method"] != "GET"]
    assert writes == [("POST", f"/v1/Services/{service}/PhoneNumbers")]  # only the number that was not in it
    listings = [r for r in emulator.requests() if r["path"] == f"/v1/Services/{service}/PhoneNumbers"
                and r["method"] == "GET"]
    assert len(listings) == 1  # the pool is listed once, whatever the number of numbers
    assert results[0].outs["country_code"] == "US" and "SMS" in results[0].outs["capabilities"]


def test_a_number_removed_and_added_again_in_one_run_is_really_added(
        make: Callable[..., Any], emulator: RunningEmulator, service: str) -> None:
    """A replacement deletes first: the listed pool must not make the new create believe the number is still in."""
    pn = buy_number(emulator, E164)
    provider = make(MessagingServicePhoneNumberProvider)
    created = provider.create(checked(provider, {"service_sid": service, "phone_number": E164}))
    provider.delete(pn, created.outs)
    assert members(emulator, service) == []
    provider.create(checked(provider, {"service_sid": service, "phone_number": E164}))
    assert members(emulator, service) == [pn]
