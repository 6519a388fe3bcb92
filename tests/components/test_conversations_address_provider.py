"""ConversationsAddressConfiguration against the emulator through the real twilio client: created or adopted,
updated in place, removed only when it was created here, and the number's own handler blanked only on request."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from components.conversations_address import ConversationsAddressProvider
from tests.components.conftest import api_calls, checked
from tests.flex_wiring import address_of, send_to_flex_flow
from twilio_emulator.testing import RunningEmulator

NUMBER = "+14155550100"


@pytest.fixture
def flows(emulator: RunningEmulator) -> list[str]:
    client = emulator.client()
    client.incoming_phone_numbers.create(phone_number=NUMBER)
    return [client.studio.v2.flows.create(friendly_name=f"Flex {i}", status="published",
                                          definition=send_to_flex_flow()).sid for i in range(2)]


def program(flow: str, **extra: Any) -> dict[str, Any]:
    return {"address": NUMBER, "auto_creation_type": "studio", "auto_creation_studio_flow_sid": flow, **extra}


def test_create_sets_auto_creation_and_a_second_up_plans_nothing(make: Callable[..., Any], emulator: RunningEmulator,
                                                                 flows: list[str]) -> None:
    provider = make(ConversationsAddressProvider)
    inputs = checked(provider, program(flows[0]))
    assert (inputs["type"], inputs["auto_creation_enabled"]) == ("sms", True)  # defaults the plan shows
    created = provider.create(inputs)
    live = address_of(emulator.client(), NUMBER)
    assert created.id == live.sid and created.outs["created"] is True
    assert live.auto_creation == {"enabled": True, "type": "studio", "conversation_service_sid": None,
                                  "studio_flow_sid": flows[0], "studio_retry_count": 3}
    assert created.outs["auto_creation_studio_flow_sid"] == flows[0] and created.outs["sms_url_blank"] is None
    assert provider.diff(created.id, created.outs, checked(provider, program(flows[0]))).changes is False


def test_an_existing_configuration_is_adopted_updated_in_place_and_left_on_delete(
        make: Callable[..., Any], emulator: RunningEmulator, flows: list[str]) -> None:
    client = emulator.client()
    console = client.conversations.v1.address_configurations.create(
        type="sms", address=NUMBER, auto_creation_enabled=True, auto_creation_type="webhook",
        auto_creation_webhook_url="https://old.example/in")
    provider = make(ConversationsAddressProvider)
    created = provider.create(checked(provider, program(flows[0])))
    assert created.id == console.sid and created.outs["created"] is False
    assert address_of(client, NUMBER).auto_creation["studio_flow_sid"] == flows[0]

    news = checked(provider, program(flows[1], auto_creation_studio_retry_count=1))
    diff = provider.diff(created.id, created.outs, news)
    assert diff.changes is True and diff.replaces == []
    updated = provider.update(created.id, created.outs, news)
    assert updated.outs["created"] is False and updated.outs["auto_creation_studio_flow_sid"] == flows[1]
    assert address_of(client, NUMBER).auto_creation["studio_retry_count"] == 1

    provider.delete(created.id, updated.outs)
    assert address_of(client, NUMBER).sid == console.sid  # not ours: left in place


def test_an_existing_configuration_already_as_configured_is_adopted_without_a_write(
        make: Callable[..., Any], emulator: RunningEmulator, flows: list[str]) -> None:
    console = emulator.client().conversations.v1.address_configurations.create(
        type="sms", address=NUMBER, auto_creation_enabled=True, auto_creation_type="studio",
        auto_creation_studio_flow_sid=flows[0], auto_creation_studio_retry_count=2)
    provider = make(ConversationsAddressProvider)
    inputs = checked(provider, program(flows[0], auto_creation_studio_retry_count=2))
    emulator.clear_requests()
    created = provider.create(inputs)
    assert created.id == console.sid and created.outs["created"] is False
    assert [r for r in emulator.requests() if r["method"] != "GET"] == []
    assert provider.diff(created.id, created.outs, inputs).changes is False


def test_delete_removes_what_it_created_and_the_address_replaces(make: Callable[..., Any],
                                                                 emulator: RunningEmulator, flows: list[str]) -> None:
    provider = make(ConversationsAddressProvider)
    created = provider.create(checked(provider, program(flows[0])))
    other = checked(provider, {**program(flows[0]), "address": "+14155550101"})
    assert provider.diff(created.id, created.outs, other).replaces == ["address"]
    provider.delete(created.id, created.outs)
    provider.delete(created.id, created.outs)  # already gone: a retried delete succeeds
    assert emulator.client().conversations.v1.address_configurations.list() == []
    assert provider.read(created.id, created.outs).id == ""  # refresh drops it; the next up creates it again


def test_the_number_handler_is_blanked_only_on_request_and_again_after_drift(
        make: Callable[..., Any], emulator: RunningEmulator, flows: list[str]) -> None:
    client = emulator.client()
    [pn] = client.incoming_phone_numbers.list(phone_number=NUMBER)
    app = client.applications.create(friendly_name="bot", sms_url="https://bot.example/sms")
    client.incoming_phone_numbers(pn.sid).update(sms_url="https://demo.twilio.com/welcome/sms/reply/",
                                                 sms_application_sid=app.sid)
    provider = make(ConversationsAddressProvider)
    kept = provider.create(checked(provider, program(flows[0])))
    assert client.incoming_phone_numbers(pn.sid).fetch().sms_url != ""
    provider.delete(kept.id, kept.outs)

    created = provider.create(checked(provider, program(flows[0], blank_sms_url=True)))
    number = client.incoming_phone_numbers(pn.sid).fetch()
    assert (number.sms_url, number.sms_application_sid, created.outs["sms_url_blank"]) == ("", None, True)
    assert provider.diff(created.id, created.outs, checked(provider, program(flows[0], blank_sms_url=True))
                         ).changes is False

    client.incoming_phone_numbers(pn.sid).update(sms_url="https://console.example/sms")  # set again in the Console
    refreshed = provider.read(created.id, created.outs)
    assert refreshed.outs["sms_url_blank"] is False
    news = checked(provider, program(flows[0], blank_sms_url=True))
    assert provider.diff(created.id, refreshed.outs, news).changes is True
    provider.update(created.id, refreshed.outs, news)
    assert client.incoming_phone_numbers(pn.sid).fetch().sms_url == ""


def test_a_lost_create_answer_is_found_by_address_instead_of_created_twice(
        make: Callable[..., Any], emulator: RunningEmulator, flows: list[str]) -> None:
    emulator.add_fault(method="POST", path="/v1/Configuration/Addresses", count=1, delay_seconds=1.0)
    provider = make(ConversationsAddressProvider, requestTimeout="0.3")
    created = provider.create(checked(provider, program(flows[0])))
    assert created.outs["created"] is True
    assert len(emulator.client().conversations.v1.address_configurations.list()) == 1
    assert len(api_calls(emulator, "POST", "/v1/Configuration/Addresses")) == 1


@pytest.mark.parametrize(("news", "field", "words"), [
    ({"address": NUMBER, "auto_creation_type": "studio"}, "auto_creation_studio_flow_sid", "is required"),
    ({"address": NUMBER, "auto_creation_type": "webhook", "auto_creation_webhook_url": "https://x.example",
      "auto_creation_studio_retry_count": 2}, "auto_creation_studio_retry_count", "goes with"),
    ({"address": NUMBER, "auto_creation_type": "webhook", "auto_creation_webhook_url": "http://x.example"},
     "auto_creation_webhook_url", "https"),
    ({"address": "4155550100", "auto_creation_type": "webhook", "auto_creation_webhook_url": "https://x.example"},
     "address", "E.164"),
], ids=["no target", "other type's input", "http webhook", "not E.164"])
def test_check_refuses_what_twilio_would(make: Callable[..., Any], news: dict[str, Any], field: str,
                                         words: str) -> None:
    provider = make(ConversationsAddressProvider)
    failures = provider.check({}, news).failures
    assert [f.property for f in failures] == [field] and words in failures[0].reason, failures
