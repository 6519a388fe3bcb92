"""MessagingService provider CRUD against the emulator through the real twilio client."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from components.messaging_service import MessagingServiceProvider
from components.errors import TwilioApiError
from tests.components.conftest import api_calls, checked
from twilio_emulator.testing import RunningEmulator

PROGRAM = {"friendly_name": "flex-dev", "inbound_method": "post", "status_callback": "https://flex.example.com/status",
           "validity_period": 600}


def test_create_defers_to_the_number_webhook_and_mirrors_inputs(make: Callable[..., Any],
                                                               emulator: RunningEmulator) -> None:
    provider = make(MessagingServiceProvider)
    created = provider.create(checked(provider, PROGRAM))
    live = emulator.client().messaging.v1.services(created.id).fetch()
    assert live.use_inbound_webhook_on_number is True and live.friendly_name == "flex-dev"
    assert live.inbound_method == "POST" and live.validity_period == 600
    outs = created.outs
    assert outs["sid"] == created.id and created.id.startswith("MG")
    assert outs["account_sid"] == emulator.account_sid and outs["url"].endswith(created.id)
    assert outs["use_inbound_webhook_on_number"] is True and outs["inbound_method"] == "POST"
    assert outs["date_created"].endswith("Z") and outs["us_app_to_person_registered"] is False
    assert "sticky_sender" not in outs  # not managed: not in the program
    # a second `up` with the same program plans nothing
    assert provider.diff(created.id, outs, checked(provider, PROGRAM)).changes is False


def test_update_in_place_keeps_the_sid(make: Callable[..., Any], emulator: RunningEmulator) -> None:
    provider = make(MessagingServiceProvider)
    created = provider.create(checked(provider, PROGRAM))
    news = checked(provider, {**PROGRAM, "friendly_name": "flex-dev-2", "sticky_sender": False},
                   olds=checked(provider, PROGRAM))
    diff = provider.diff(created.id, created.outs, news)
    assert diff.changes is True and not diff.replaces
    updated = provider.update(created.id, created.outs, news)
    live = emulator.client().messaging.v1.services(created.id).fetch()
    assert (live.friendly_name, live.sticky_sender) == ("flex-dev-2", False)
    assert updated.outs["sid"] == created.id and updated.outs["friendly_name"] == "flex-dev-2"
    assert len(emulator.client().messaging.v1.services.list()) == 1


def test_refresh_finds_out_of_band_changes_and_up_restores_the_program(make: Callable[..., Any],
                                                                        emulator: RunningEmulator) -> None:
    provider = make(MessagingServiceProvider)
    created = provider.create(checked(provider, PROGRAM))
    emulator.client().messaging.v1.services(created.id).update(use_inbound_webhook_on_number=False,
                                                              friendly_name="clicked-in-console")
    refreshed = provider.read(created.id, created.outs)
    assert refreshed.id == created.id
    assert refreshed.outs["use_inbound_webhook_on_number"] is False
    assert refreshed.inputs["friendly_name"] == "clicked-in-console"  # so ignore_changes sees the live value
    news = checked(provider, PROGRAM)
    diff = provider.diff(created.id, refreshed.outs, news)
    assert diff.changes is True and not diff.replaces
    provider.update(created.id, refreshed.outs, news)
    live = emulator.client().messaging.v1.services(created.id).fetch()
    assert live.use_inbound_webhook_on_number is True and live.friendly_name == "flex-dev"


def test_deleted_out_of_band_reads_as_gone_and_delete_is_idempotent(make: Callable[..., Any],
                                                                    emulator: RunningEmulator) -> None:
    provider = make(MessagingServiceProvider)
    created = provider.create(checked(provider, PROGRAM))
    provider.delete(created.id, created.outs)
    assert emulator.client().messaging.v1.services.list() == []
    gone = provider.read(created.id, created.outs)
    assert gone.id == "" and gone.outs == {}
    provider.delete(created.id, created.outs)  # already gone: nothing to do, no error


def test_adopt_sid_manages_an_existing_service_without_recreating_it(make: Callable[..., Any],
                                                                      emulator: RunningEmulator) -> None:
    existing = emulator.client().messaging.v1.services.create(friendly_name="made in console",
                                                              use_inbound_webhook_on_number=False)
    provider = make(MessagingServiceProvider)
    created = provider.create(checked(provider, {**PROGRAM, "adopt_sid": existing.sid}))
    assert created.id == existing.sid and created.outs["adopt_sid"] == existing.sid
    services = emulator.client().messaging.v1.services.list()
    assert [s.sid for s in services] == [existing.sid]
    assert services[0].friendly_name == "flex-dev" and services[0].use_inbound_webhook_on_number is True
    creates = [c for c in api_calls(emulator, "POST", "/v1/Services") if c["path"] == "/v1/Services"]
    assert len(creates) == 1  # only the console's own create, none by the provider


def test_adopting_a_missing_service_names_adopt_sid(make: Callable[..., Any]) -> None:
    provider = make(MessagingServiceProvider)
    missing = "MG" + "0" * 32
    with pytest.raises(TwilioApiError, match=f"adopt_sid: Messaging Service {missing} does not exist"):
        provider.create(checked(provider, {"adopt_sid": missing}))


def test_twilio_errors_carry_code_status_message_and_what_was_done(make: Callable[..., Any]) -> None:
    provider = make(MessagingServiceProvider)
    created = provider.create(checked(provider, PROGRAM))
    provider.delete(created.id, created.outs)
    with pytest.raises(TwilioApiError) as info:
        provider.update(created.id, created.outs, checked(provider, {**PROGRAM, "friendly_name": "again"}))
    text = str(info.value)
    assert info.value.code == 20404 and info.value.status == 404
    assert f"update Messaging Service {created.id} failed: Twilio error 20404 (HTTP 404)" in text
    assert "was not found" in text and "https://www.twilio.com/docs/errors/20404" in text


def test_adopting_a_service_as_it_is_writes_nothing_and_otherwise_only_what_differs(
        make: Callable[..., Any], emulator: RunningEmulator) -> None:
    client = emulator.client()
    existing = client.messaging.v1.services.create(friendly_name="made in console", sticky_sender=False,
                                                   use_inbound_webhook_on_number=True)
    provider = make(MessagingServiceProvider)
    as_it_is = {"friendly_name": "made in console", "sticky_sender": False, "inbound_method": "post",
                "adopt_sid": existing.sid}  # "post": Twilio reports POST, the same value
    emulator.clear_requests()
    adopted = provider.create(checked(provider, as_it_is))
    assert [r["method"] for r in emulator.requests()] == ["GET"]  # the fetch of the service, and no write
    assert adopted.id == existing.sid and provider.diff(existing.sid, adopted.outs,
                                                        checked(provider, as_it_is)).changes is False

    emulator.clear_requests()
    provider.create(checked(provider, {**as_it_is, "sticky_sender": True}))
    assert [r["method"] for r in emulator.requests()] == ["GET", "POST"]
    live = client.messaging.v1.services(existing.sid).fetch()
    assert (live.sticky_sender, live.friendly_name) == (True, "made in console")
