"""Retries and duplicate-free creates, driven by the emulator's fault injection (`/_emulator/faults`)."""

from __future__ import annotations

import socket
import time
from typing import Any, Callable

import pytest
from pulumi.dynamic import Config, ConfigureRequest

from components.a2p_campaign import A2PCampaignProvider
from components.messaging_service import MessagingServiceProvider
from components.messaging_service_phone_number import MessagingServicePhoneNumberProvider
from components.errors import TwilioApiError
from tests.components.conftest import api_calls, approved_brand, buy_number, campaign_program, checked, configure
from twilio_emulator.testing import RunningEmulator

PROGRAM = {"friendly_name": "flex-dev"}


def creates(emu: RunningEmulator) -> list[dict[str, Any]]:
    return [r for r in api_calls(emu, "POST", "/v1/Services") if r["path"] == "/v1/Services"]


def test_429_on_create_is_retried_after_retry_after(make: Callable[..., Any], emulator: RunningEmulator) -> None:
    emulator.add_fault(method="POST", path="/v1/Services", count=1, status=429, code=20429, retry_after=1)
    provider = make(MessagingServiceProvider)
    started = time.monotonic()
    created = provider.create(checked(provider, PROGRAM))
    assert time.monotonic() - started >= 1.0  # Retry-After honoured
    assert [r["status"] for r in creates(emulator)] == [429, 201]
    assert [s.sid for s in emulator.client().messaging.v1.services.list()] == [created.id]


@pytest.mark.parametrize("fault", [{"status": 500, "code": 20500}, {"status": 503, "code": 20503}, {"drop": True}],
                         ids=["500", "503", "connection-dropped"])
def test_failed_create_is_reconciled_then_retried_once(make: Callable[..., Any], emulator: RunningEmulator,
                                                       fault: dict[str, Any]) -> None:
    """The request was not processed: the provider looks, finds nothing new, and creates once more."""
    emulator.add_fault(method="POST", path="/v1/Services", count=1, **fault)
    provider = make(MessagingServiceProvider)
    created = provider.create(checked(provider, PROGRAM))
    assert len(creates(emulator)) == 2
    assert [s.sid for s in emulator.client().messaging.v1.services.list()] == [created.id]


def test_create_processed_after_the_client_gave_up_is_not_duplicated(emulator: RunningEmulator,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The emulator sleeps, then creates: the client times out first. A blind retry would make a second
    service; the provider finds the one the lost request made instead."""
    emulator.add_fault(method="POST", path="/v1/Services", count=1, delay_seconds=1.0)
    provider = configure(MessagingServiceProvider, emulator, requestTimeout="0.3")
    created = provider.create(checked(provider, PROGRAM))
    services = emulator.client().messaging.v1.services.list()
    assert [s.sid for s in services] == [created.id]
    assert len(creates(emulator)) == 1
    assert "request had been processed" in capsys.readouterr().err


def test_number_added_after_the_client_gave_up_is_found(emulator: RunningEmulator) -> None:
    service = emulator.client().messaging.v1.services.create(friendly_name="flex-dev").sid
    pn = buy_number(emulator, "+14155550100")
    emulator.add_fault(method="POST", path=f"/v1/Services/{service}/PhoneNumbers", count=1, delay_seconds=1.0)
    provider = configure(MessagingServicePhoneNumberProvider, emulator, requestTimeout="0.3")
    created = provider.create(checked(provider, {"service_sid": service, "phone_number": "+14155550100"}))
    assert created.id == pn
    assert len(api_calls(emulator, "POST", f"/v1/Services/{service}/PhoneNumbers")) == 1


def test_reads_retry_5xx_and_updates_are_retried_as_idempotent(make: Callable[..., Any],
                                                               emulator: RunningEmulator) -> None:
    provider = make(MessagingServiceProvider)
    created = provider.create(checked(provider, PROGRAM))
    emulator.clear_requests()
    emulator.add_fault(method="GET", path=f"/v1/Services/{created.id}", count=2, status=503, code=20503)
    assert provider.read(created.id, created.outs).id == created.id
    reads = [r for r in api_calls(emulator, "GET", f"/v1/Services/{created.id}")
             if r["path"] == f"/v1/Services/{created.id}"]  # not its sender pool, which refresh verifies too
    assert [r["status"] for r in reads] == [503, 503, 200]
    emulator.add_fault(method="POST", path=f"/v1/Services/{created.id}", count=1, status=500, code=20500)
    news = checked(provider, {"friendly_name": "flex-dev-2"})
    assert provider.update(created.id, created.outs, news).outs["friendly_name"] == "flex-dev-2"
    assert [r["status"] for r in api_calls(emulator, "POST", f"/v1/Services/{created.id}")] == [500, 200]


def test_retries_are_bounded_in_count(make: Callable[..., Any], emulator: RunningEmulator) -> None:
    provider = make(MessagingServiceProvider, maxRetries="2")
    created = provider.create(checked(provider, PROGRAM))
    emulator.clear_requests()
    emulator.add_fault(method="GET", path=f"/v1/Services/{created.id}", count=50, status=500, code=20500)
    with pytest.raises(TwilioApiError) as info:
        provider.read(created.id, created.outs)
    assert (info.value.code, info.value.status) == (20500, 500)
    assert f"read Messaging Service {created.id} failed: Twilio error 20500 (HTTP 500)" in str(info.value)
    assert len(api_calls(emulator, "GET", f"/v1/Services/{created.id}")) == 3


def test_retries_are_bounded_in_time(make: Callable[..., Any], emulator: RunningEmulator) -> None:
    """A Retry-After beyond the time budget is not waited for."""
    provider = make(MessagingServiceProvider, retryTimeout="2")
    emulator.add_fault(method="POST", path="/v1/Services", count=5, status=429, code=20429, retry_after=30)
    started = time.monotonic()
    with pytest.raises(TwilioApiError) as info:
        provider.create(checked(provider, PROGRAM))
    assert time.monotonic() - started < 5
    assert (info.value.code, info.value.status) == (20429, 429)
    assert len(creates(emulator)) == 1 and emulator.client().messaging.v1.services.list() == []


def test_unreachable_twilio_fails_after_bounded_retries() -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    provider = MessagingServiceProvider()
    provider.configure(ConfigureRequest(Config({
        "twilio:accountSid": "AC" + "0" * 32, "twilio:authToken": "t", "twilio:apiBaseUrl": f"http://127.0.0.1:{port}",
        "twilio:maxRetries": "2", "twilio:retryTimeout": "5"}, "flex-a2p")))
    started = time.monotonic()
    with pytest.raises(TwilioApiError, match="read Messaging Service MG0+ failed: could not reach Twilio"):
        provider.read("MG" + "0" * 32, {})
    assert time.monotonic() - started < 6


def test_campaign_registered_after_the_client_gave_up_is_not_registered_twice(emulator: RunningEmulator) -> None:
    """A second registration would be refused (one per service) or, worse, pay twice; the lost one is found."""
    service = emulator.client().messaging.v1.services.create(friendly_name="flex-dev").sid
    brand = approved_brand(emulator)
    path = f"/v1/Services/{service}/Compliance/Usa2p"
    emulator.add_fault(method="POST", path=path, count=1, delay_seconds=1.0)
    provider = configure(A2PCampaignProvider, emulator, requestTimeout="0.3")
    created = provider.create(checked(provider, campaign_program(service, brand)))
    assert [c.sid for c in emulator.client().messaging.v1.services(service).us_app_to_person.list()] == [created.id]
    assert len(api_calls(emulator, "POST", path)) == 1


def test_a_create_answered_after_the_timeout_is_found_not_repeated(emulator: RunningEmulator) -> None:
    """Processed at once, answered 3 s late: the client gave up after 0.3 s; the service exists already."""
    emulator.add_fault(method="POST", path="/v1/Services", count=1, answer_delay_seconds=3)
    provider = configure(MessagingServiceProvider, emulator, requestTimeout="0.3")
    created = provider.create(checked(provider, PROGRAM))
    assert [s.sid for s in emulator.client().messaging.v1.services.list()] == [created.id]
    time.sleep(3)  # the emulator logs the request when its answer goes out
    assert len(creates(emulator)) == 1


def test_a_create_that_takes_effect_long_after_the_timeout_is_waited_for(emulator: RunningEmulator) -> None:
    """Processed 4 s after it was sent, past the quick look-ups (2.2 s): the provider keeps looking for
    twilio:retryTimeout instead of creating a second service."""
    emulator.add_fault(method="POST", path="/v1/Services", count=1, delay_seconds=4)
    provider = configure(MessagingServiceProvider, emulator, requestTimeout="0.3", retryTimeout="8")
    provider.lookup_interval = 0.5
    created = provider.create(checked(provider, PROGRAM))
    assert [s.sid for s in emulator.client().messaging.v1.services.list()] == [created.id]
    assert len(creates(emulator)) == 1


def test_an_unanswered_service_create_that_has_not_taken_effect_is_not_sent_again(emulator: RunningEmulator) -> None:
    emulator.add_fault(method="POST", path="/v1/Services", count=1, delay_seconds=5)
    provider = configure(MessagingServiceProvider, emulator, requestTimeout="0.3", retryTimeout="1")
    provider.lookup_interval = 0.5
    with pytest.raises(TwilioApiError, match="so it is not sent twice"):
        provider.create(checked(provider, PROGRAM))
    time.sleep(5)
    assert len(emulator.client().messaging.v1.services.list()) == 1  # the late one, and only it


def test_an_unanswered_brand_registration_is_never_sent_twice(emulator: RunningEmulator) -> None:
    from components.brand_registration import BrandRegistrationProvider
    from tests.components.conftest import approved_bundles

    profile, product = approved_bundles(emulator)
    emulator.add_fault(method="POST", path="/v1/a2p/BrandRegistrations", count=1, delay_seconds=6)
    provider = configure(BrandRegistrationProvider, emulator, requestTimeout="0.3", retryTimeout="1")
    provider.lookup_interval = 0.5
    with pytest.raises(TwilioApiError, match="it may still take effect, so it is not sent twice. Run `pulumi up` "
                                             "again"):
        provider.create(checked(provider, {"customer_profile_bundle_sid": profile, "a2p_profile_bundle_sid": product}))
    time.sleep(6)
    assert len(emulator.client().messaging.v1.brand_registrations.list()) == 1
    assert len(api_calls(emulator, "POST", "/v1/a2p/BrandRegistrations")) == 1


def test_a_campaign_resent_after_a_lost_answer_adopts_the_one_it_made(emulator: RunningEmulator) -> None:
    """The first request is processed but answered 500 and the look-ups miss it (as a lagging list would), so the
    create is sent again and meets 409: the campaign it conflicts with is the one the first request made."""
    from twilio.base.exceptions import TwilioRestException

    service = emulator.client().messaging.v1.services.create(friendly_name="flex-dev").sid
    brand = approved_brand(emulator)
    provider = configure(A2PCampaignProvider, emulator)
    create_once = provider.create_once

    def first_answer_lost(action: str, create: Any, find: Any, describe: Any, **kw: Any) -> Any:
        sent: list[Any] = []

        def send() -> Any:
            made = create()
            if not sent:
                sent.append(made)
                raise TwilioRestException(500, "/Compliance/Usa2p", "Internal Server Error", 20500)
            return made
        return create_once(action, send, lambda: [], describe, **kw)

    provider.create_once = first_answer_lost  # type: ignore[method-assign]
    created = provider.create(checked(provider, campaign_program(service, brand)))
    assert [c.sid for c in emulator.client().messaging.v1.services(service).us_app_to_person.list()] == [created.id]
    assert len(api_calls(emulator, "POST", f"/v1/Services/{service}/Compliance/Usa2p")) == 2  # the second met 409
