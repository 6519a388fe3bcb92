"""ConversationsAddressConfigurations against the emulator through the real twilio client: one paged list instead of
a look-up per number, writes only for what differs, adoption without a write, no duplicate after a lost answer,
bounded writes, deletes of what it created only, drift that shows and is restored, and the retired per-number
provider's delete that only forgets."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from components.conversations_address import ConversationsAddressProvider
from components.conversations_address_configurations import DIFFERS, ID, ConversationsAddressConfigurationsProvider
from components.errors import TwilioApiError
from tests.components.conftest import buy_number, checked
from tests.flex_wiring import address_of, send_to_flex_flow
from twilio_emulator.testing import RunningEmulator

NUMBERS = [f"+1415555{n:04d}" for n in range(100, 106)]
ADDRESSES = "/v1/Configuration/Addresses"


@pytest.fixture
def flows(emulator: RunningEmulator) -> list[str]:
    client = emulator.client()
    for number in NUMBERS:
        buy_number(emulator, number)
    return [client.studio.v2.flows.create(friendly_name=f"Flex {i}", status="published",
                                          definition=send_to_flex_flow()).sid for i in range(2)]


def program(flow: str, numbers: list[str] = NUMBERS, **extra: Any) -> dict[str, Any]:
    return {"addresses": numbers, "auto_creation_type": "studio", "auto_creation_studio_flow_sid": flow, **extra}


def console(emu: RunningEmulator, number: str, flow: str, **extra: Any) -> str:
    """A configuration made outside the stack (the Flex Console)."""
    return emu.client().conversations.v1.address_configurations.create(
        type="sms", address=number, auto_creation_enabled=True, auto_creation_type="studio",
        auto_creation_studio_flow_sid=flow, **extra).sid


def live(emu: RunningEmulator) -> dict[str, Any]:
    return {a.address: a for a in emu.client().conversations.v1.address_configurations.list()}


def writes(emu: RunningEmulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emu.requests() if r["method"] != "GET"]


def reads(emu: RunningEmulator) -> list[str]:
    return [r["path"] for r in emu.requests() if r["method"] == "GET"]


def test_create_lists_once_then_creates_each_address(make: Callable[..., Any], emulator: RunningEmulator,
                                                     flows: list[str]) -> None:
    provider = make(ConversationsAddressConfigurationsProvider)
    inputs = checked(provider, program(flows[0]))
    assert (inputs["type"], inputs["auto_creation_enabled"]) == ("sms", True)  # defaults the plan shows
    emulator.clear_requests()
    created = provider.create(inputs)
    assert reads(emulator) == [ADDRESSES] and writes(emulator) == [f"POST {ADDRESSES}"] * len(NUMBERS)
    found = live(emulator)
    assert created.id == ID and created.outs["address_sids"] == {n: found[n].sid for n in NUMBERS}
    assert created.outs["created_addresses"] == NUMBERS and created.outs["addresses"] == NUMBERS
    assert {found[n].auto_creation["studio_flow_sid"] for n in NUMBERS} == {flows[0]}
    assert created.outs["auto_creation_studio_flow_sid"] == flows[0] and created.outs["sms_url_blank"] is None
    assert "created_before" not in created.outs
    again = checked(provider, program(flows[0], list(reversed(NUMBERS))))
    assert provider.diff(ID, created.outs, again).changes is False, "the order of the addresses is no change"


def test_configurations_already_as_configured_are_adopted_without_a_write(
        make: Callable[..., Any], emulator: RunningEmulator, flows: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    sids = {n: console(emulator, n, flows[0]) for n in NUMBERS}
    provider = make(ConversationsAddressConfigurationsProvider)
    inputs = checked(provider, program(flows[0], created_before=NUMBERS[:2]))
    emulator.clear_requests()
    created = provider.create(inputs)
    assert writes(emulator) == [] and reads(emulator) == [ADDRESSES]
    assert created.outs["address_sids"] == sids
    # created_before: what the stack's retired per-number resources had created stays the stack's own
    assert created.outs["created_addresses"] == NUMBERS[:2]
    assert "4 of the addresses already had" in capsys.readouterr().err
    assert provider.diff(ID, created.outs, checked(provider, program(flows[0]))).changes is False, \
        "created_before is used only when adopting"


def test_only_the_addresses_that_differ_are_updated(make: Callable[..., Any], emulator: RunningEmulator,
                                                    flows: list[str]) -> None:
    sids = {n: console(emulator, n, flows[0]) for n in NUMBERS[:4]}
    emulator.client().conversations.v1.address_configurations(sids[NUMBERS[1]]).update(
        auto_creation_studio_flow_sid=flows[1])
    provider = make(ConversationsAddressConfigurationsProvider)
    emulator.clear_requests()
    created = provider.create(checked(provider, program(flows[0])))
    assert sorted(writes(emulator)) == sorted([f"POST {ADDRESSES}/{sids[NUMBERS[1]]}"] + [f"POST {ADDRESSES}"] * 2)
    assert created.outs["created_addresses"] == NUMBERS[4:]
    assert {a.auto_creation["studio_flow_sid"] for a in live(emulator).values()} == {flows[0]}

    news = checked(provider, program(flows[1], auto_creation_studio_retry_count=1))
    diff = provider.diff(ID, created.outs, news)
    assert diff.changes is True and diff.replaces == []
    emulator.clear_requests()
    updated = provider.update(ID, created.outs, news)
    assert reads(emulator) == [ADDRESSES] and len(writes(emulator)) == len(NUMBERS)
    assert updated.outs["created_addresses"] == NUMBERS[4:] and updated.outs["address_sids"] == created.outs["address_sids"]
    assert {a.auto_creation["studio_retry_count"] for a in live(emulator).values()} == {1}


def test_a_lost_create_answer_is_found_by_address_instead_of_created_twice(
        make: Callable[..., Any], emulator: RunningEmulator, flows: list[str],
        capsys: pytest.CaptureFixture[str]) -> None:
    """Processed, but its answer lost: sent again, Twilio would refuse it (an address has one configuration)."""
    emulator.add_fault(method="POST", path=ADDRESSES, count=1, answer_delay_seconds=1.0)
    provider = make(ConversationsAddressConfigurationsProvider, requestTimeout="0.3", maxConcurrency="1")
    created = provider.create(checked(provider, program(flows[0], NUMBERS[:2])))
    assert created.outs["created_addresses"] == NUMBERS[:2]
    assert created.outs["address_sids"] == {n: a.sid for n, a in live(emulator).items()}
    assert "Twilio's answer was lost" in capsys.readouterr().err
    assert 409 not in [r["status"] for r in emulator.requests() if r["path"] == ADDRESSES], "none sent twice"


def test_an_interrupted_create_is_resumed_without_duplicates(make: Callable[..., Any], emulator: RunningEmulator,
                                                            flows: list[str]) -> None:
    """Twilio refuses one create: the others are made, and the next `up` adopts them and creates only the rest."""
    late = "+14155550199"  # not the account's yet
    provider = make(ConversationsAddressConfigurationsProvider)
    with pytest.raises(TwilioApiError, match=r"\+14155550199: ") as info:
        provider.create(checked(provider, program(flows[0], [*NUMBERS, late])))
    assert str(info.value.code) in str(info.value)  # Twilio's code, with the number
    assert sorted(live(emulator)) == NUMBERS
    buy_number(emulator, late)
    emulator.clear_requests()
    provider.create(checked(provider, program(flows[0], [*NUMBERS, late])))
    assert writes(emulator) == [f"POST {ADDRESSES}"] and sorted(live(emulator)) == [*NUMBERS, late]


def test_creates_never_exceed_the_in_flight_limit(make: Callable[..., Any], emulator: RunningEmulator,
                                                  flows: list[str]) -> None:
    numbers = [f"+1415555{n:04d}" for n in range(200, 260)]  # more than one page of the list (50)
    for n in numbers:
        buy_number(emulator, n)
    provider = make(ConversationsAddressConfigurationsProvider, maxConcurrency="3")
    limit = provider.client.http_client.limit
    limit.peak = 0
    emulator.add_fault(method="POST", path=ADDRESSES, delay_seconds=0.05, count=100)
    emulator.clear_requests()
    created = provider.create(checked(provider, program(flows[0], numbers)))
    assert len(live(emulator)) == len(numbers) == len(created.outs["created_addresses"])
    assert limit.peak == 3  # used, and never passed
    emulator.clear_requests()
    provider.read(ID, created.outs)
    assert reads(emulator) == [ADDRESSES, ADDRESSES], "one list, in pages of 50"


def test_removing_addresses_and_the_resource_deletes_only_what_it_created(
        make: Callable[..., Any], emulator: RunningEmulator, flows: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    adopted = {n: console(emulator, n, flows[0]) for n in NUMBERS[:2]}
    provider = make(ConversationsAddressConfigurationsProvider)
    created = provider.create(checked(provider, program(flows[0])))
    mine = created.outs["address_sids"]

    emulator.clear_requests()
    news = checked(provider, program(flows[0], NUMBERS[1:4]))  # drops one adopted and two created
    updated = provider.update(ID, created.outs, news)
    assert sorted(writes(emulator)) == sorted(f"DELETE {ADDRESSES}/{mine[n]}" for n in NUMBERS[4:])
    assert f"of {NUMBERS[0]} left in place" in capsys.readouterr().err
    assert updated.outs["addresses"] == NUMBERS[1:4] and updated.outs["created_addresses"] == NUMBERS[2:4]

    emulator.clear_requests()
    provider.delete(ID, updated.outs)
    assert sorted(writes(emulator)) == sorted(f"DELETE {ADDRESSES}/{mine[n]}" for n in NUMBERS[2:4])
    assert {n: a.sid for n, a in live(emulator).items()} == adopted
    provider.delete(ID, updated.outs)  # already gone: a retried delete succeeds


def test_drift_shows_at_refresh_and_the_next_up_restores_only_those_addresses(
        make: Callable[..., Any], emulator: RunningEmulator, flows: list[str]) -> None:
    provider = make(ConversationsAddressConfigurationsProvider)
    inputs = checked(provider, program(flows[0]))
    created = provider.create(inputs)
    sids = created.outs["address_sids"]
    configurations = emulator.client().conversations.v1.address_configurations
    configurations(sids[NUMBERS[0]]).delete()  # out of band, in the Console
    configurations(sids[NUMBERS[1]]).update(auto_creation_studio_flow_sid=flows[1])

    refreshed = provider.read(ID, created.outs)
    assert NUMBERS[0] not in refreshed.outs["addresses"] and NUMBERS[0] not in refreshed.outs["created_addresses"]
    assert refreshed.outs["auto_creation_studio_flow_sid"] == DIFFERS
    diff = provider.diff(ID, refreshed.outs, checked(provider, program(flows[0])))
    assert diff.changes is True and diff.replaces == []

    emulator.clear_requests()
    restored = provider.update(ID, refreshed.outs, checked(provider, program(flows[0])))
    assert sorted(writes(emulator)) == sorted([f"POST {ADDRESSES}", f"POST {ADDRESSES}/{sids[NUMBERS[1]]}"])
    assert restored.outs["created_addresses"] == NUMBERS
    assert {a.auto_creation["studio_flow_sid"] for a in live(emulator).values()} == {flows[0]}
    again = provider.read(ID, restored.outs)
    assert provider.diff(ID, again.outs, checked(provider, program(flows[0]))).changes is False

    # a configuration made again out of band is not the one this resource created: it stays on delete
    configurations(restored.outs["address_sids"][NUMBERS[2]]).delete()
    replacement = console(emulator, NUMBERS[2], flows[0])
    after = provider.read(ID, restored.outs)
    assert NUMBERS[2] in after.outs["addresses"] and NUMBERS[2] not in after.outs["created_addresses"]
    provider.delete(ID, after.outs)
    assert {n: a.sid for n, a in live(emulator).items()} == {NUMBERS[2]: replacement}


def test_the_numbers_handlers_are_blanked_only_on_request_and_again_after_drift(
        make: Callable[..., Any], emulator: RunningEmulator, flows: list[str]) -> None:
    client = emulator.client()
    pns = {n.phone_number: n.sid for n in client.incoming_phone_numbers.list()}
    client.incoming_phone_numbers(pns[NUMBERS[0]]).update(sms_url="https://demo.twilio.com/welcome/sms/reply/")
    provider = make(ConversationsAddressConfigurationsProvider)
    kept = provider.create(checked(provider, program(flows[0], NUMBERS[:2])))
    assert client.incoming_phone_numbers(pns[NUMBERS[0]]).fetch().sms_url != ""
    provider.delete(ID, kept.outs)

    emulator.clear_requests()
    inputs = checked(provider, program(flows[0], NUMBERS[:2], blank_sms_url=True))
    created = provider.create(inputs)
    assert len([r for r in reads(emulator) if "IncomingPhoneNumbers" in r]) == 1
    assert [w for w in writes(emulator) if "IncomingPhoneNumbers" in w] == [
        f"POST /2010-04-01/Accounts/{emulator.account_sid}/IncomingPhoneNumbers/{pns[NUMBERS[0]]}.json"]
    assert client.incoming_phone_numbers(pns[NUMBERS[0]]).fetch().sms_url == "" and created.outs["sms_url_blank"]
    assert provider.diff(ID, created.outs, inputs).changes is False

    client.incoming_phone_numbers(pns[NUMBERS[1]]).update(sms_url="https://console.example/sms")
    refreshed = provider.read(ID, created.outs)
    assert refreshed.outs["sms_url_blank"] is False and provider.diff(ID, refreshed.outs, inputs).changes is True
    emulator.clear_requests()
    provider.update(ID, refreshed.outs, inputs)
    assert client.incoming_phone_numbers(pns[NUMBERS[1]]).fetch().sms_url == ""
    assert [w for w in writes(emulator) if ADDRESSES in w] == [], "the configurations were as configured"


def test_a_failure_names_each_number_and_twilios_code(make: Callable[..., Any], emulator: RunningEmulator,
                                                     flows: list[str]) -> None:
    provider = make(ConversationsAddressConfigurationsProvider)
    strangers = ["+14155550198", "+14155550199"]  # not numbers of the account
    with pytest.raises(TwilioApiError) as info:
        provider.create(checked(provider, program(flows[0], [NUMBERS[0], *strangers])))
    text = str(info.value)
    assert "2 phone numbers failed" in text and all(f"{n}: " in text for n in strangers)
    assert info.value.code is not None and str(info.value.code) in text
    assert sorted(live(emulator)) == [NUMBERS[0]]


@pytest.mark.parametrize(("news", "field", "words"), [
    ({"addresses": [NUMBERS[0], NUMBERS[0]], "auto_creation_type": "webhook",
      "auto_creation_webhook_url": "https://x.example"}, "addresses", "listed more than once"),
    ({"addresses": NUMBERS, "auto_creation_type": "studio"}, "auto_creation_studio_flow_sid", "is required"),
    ({"addresses": ["4155550100"], "auto_creation_type": "webhook", "auto_creation_webhook_url": "https://x.example"},
     "addresses", "E.164"),
], ids=["listed twice", "no target", "not E.164"])
def test_check_refuses_what_twilio_would(make: Callable[..., Any], news: dict[str, Any], field: str,
                                         words: str) -> None:
    provider = make(ConversationsAddressConfigurationsProvider)
    failures = provider.check({}, news).failures
    assert [f.property for f in failures] == [field] and words in failures[0].reason, failures


def test_the_retired_per_number_provider_only_forgets(make: Callable[..., Any], emulator: RunningEmulator,
                                                      flows: list[str]) -> None:
    """An older release's per-number resource, deleted by the engine once the batch resource has adopted it."""
    sid = console(emulator, NUMBERS[0], flows[0])
    old = make(ConversationsAddressProvider)
    state = {"address": NUMBERS[0], "sid": sid, "created": True, "auto_creation_type": "studio",
             "auto_creation_studio_flow_sid": flows[0]}
    assert old.read(sid, state).outs["auto_creation_studio_flow_sid"] == flows[0]  # refresh before the migration
    emulator.clear_requests()
    old.delete(sid, state)
    assert emulator.requests() == [] and address_of(emulator.client(), NUMBERS[0]).sid == sid
    assert [f.property for f in old.check({}, program(flows[0], [])).failures if f.property == "address"], \
        "declaring one is refused"
