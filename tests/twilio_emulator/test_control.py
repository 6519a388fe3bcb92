"""The /_emulator/ control API: faults, the request log, reset, and the --latency-ms option."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests
from twilio.base.exceptions import TwilioRestException

from twilio_emulator.testing import EmulatorError, EmulatorHttpClient

from .conftest import Raw, assert_twilio_error


def test_status_fault_fails_the_next_matching_requests_then_stops(client: Any, emulator: Any, raw: Raw) -> None:
    fault = emulator.add_fault(method="POST", path="/v1/Services", count=2, status=429, code=20429, retry_after=3)
    assert fault["count"] == 2
    for _ in range(2):
        with pytest.raises(TwilioRestException) as err:
            client.messaging.v1.services.create(friendly_name="throttled")
        assert (err.value.status, err.value.code) == (429, 20429)
    response = raw("GET", "/v1/Services")
    assert response.status_code == 200 and response.json()["services"] == []  # GET did not match; nothing created
    assert client.messaging.v1.services.create(friendly_name="third time").friendly_name == "third time"
    assert emulator.control("GET", "/_emulator/faults")["faults"] == []


def test_status_fault_carries_retry_after_and_globs_match_paths(emulator: Any, raw: Raw) -> None:
    emulator.add_fault(path="/v1/Services/*/PhoneNumbers", status=503, code=20503, retry_after=1.5)
    response = raw("GET", "/v1/Services/MG" + "0" * 32 + "/PhoneNumbers")
    assert_twilio_error(response, 503, 20503)
    assert response.headers["retry-after"] == "1.5"
    assert raw("GET", "/v1/Services").status_code == 200


def test_delay_fault_slows_the_request_but_it_succeeds(client: Any, emulator: Any) -> None:
    emulator.add_fault(method="GET", path="/v1/Services", delay_seconds=0.5)
    started = time.monotonic()
    assert client.messaging.v1.services.list() == []
    assert time.monotonic() - started >= 0.5
    started = time.monotonic()
    client.messaging.v1.services.list()
    assert time.monotonic() - started < 0.5


def test_answer_delay_fault_processes_at_once_and_answers_late(client: Any, emulator: Any) -> None:
    emulator.add_fault(method="POST", path="/v1/Services", answer_delay_seconds=3)
    impatient = emulator.client(http_client=EmulatorHttpClient(emulator.base_url, timeout=0.5))
    with pytest.raises(requests.exceptions.Timeout):
        impatient.messaging.v1.services.create(friendly_name="answered late")
    # The create was committed before the answer was held back: the object exists while the answer is lost.
    assert [s.friendly_name for s in client.messaging.v1.services.list()] == ["answered late"]
    time.sleep(3)
    [post] = [r for r in emulator.requests() if r["method"] == "POST"]
    assert {"path": "/v1/Services", "status": 201, "fault": "answer_delay"}.items() <= post.items()
    started = time.monotonic()
    emulator.add_fault(method="GET", path="/v1/Services", answer_delay_seconds=0.5)
    assert len(client.messaging.v1.services.list()) == 1  # a patient client gets the late answer
    assert time.monotonic() - started >= 0.5


def test_a_fault_with_a_probability_hits_about_that_share_of_matching_requests(emulator: Any, raw: Raw) -> None:
    emulator.add_fault(method="GET", path="/v1/Services", count=1000, status=503, code=20503, probability=0.25)
    statuses = [raw("GET", "/v1/Services").status_code for _ in range(200)]
    assert 20 <= statuses.count(503) <= 80 and statuses.count(200) + statuses.count(503) == 200
    assert raw("GET", "/v1/a2p/BrandRegistrations").status_code == 200  # other paths untouched


def test_drop_fault_closes_the_connection_without_a_response(client: Any, emulator: Any) -> None:
    emulator.add_fault(method="POST", path="/v1/Services", drop=True)
    with pytest.raises(requests.exceptions.ConnectionError):
        client.messaging.v1.services.create(friendly_name="lost")
    assert client.messaging.v1.services.list() == []  # the dropped request was not processed
    assert client.messaging.v1.services.create(friendly_name="kept").friendly_name == "kept"
    log = emulator.requests()
    assert {"method": "POST", "path": "/v1/Services", "status": None, "fault": "drop"}.items() <= log[0].items()


def test_bad_faults_are_rejected(emulator: Any) -> None:
    for fault in ({"path": "/v1/Services"}, {"path": "/v1/Services", "status": 429, "drop": True},
                  {"path": "/v1/Services", "status": 200}, {"path": "/v1/Services", "count": 0, "drop": True},
                  {"path": "/v1/Services", "delay_seconds": "slow"}, {"path": "/x", "drop": True, "color": "red"},
                  {"path": "/v1/Services", "answer_delay_seconds": 601},
                  {"path": "/v1/Services", "answer_delay_seconds": 1, "delay_seconds": 1},
                  {"path": "/v1/Services", "drop": True, "probability": 0}):
        with pytest.raises(EmulatorError, match="400"):
            emulator.add_fault(**fault)
    emulator.add_fault(path="/v1/*", drop=True)
    emulator.clear_faults()
    assert emulator.control("GET", "/_emulator/faults")["faults"] == []


def test_request_log_counts_api_calls_and_can_be_cleared(client: Any, emulator: Any) -> None:
    service = client.messaging.v1.services.create(friendly_name="counted")
    client.messaging.v1.services(service.sid).fetch()
    with pytest.raises(TwilioRestException):
        client.messaging.v1.services("MG" + "0" * 32).fetch()
    log = emulator.requests()
    assert [(r["method"], r["path"], r["status"]) for r in log] == [
        ("POST", "/v1/Services", 201), ("GET", f"/v1/Services/{service.sid}", 200),
        ("GET", "/v1/Services/MG" + "0" * 32, 404)]
    emulator.clear_requests()
    client.messaging.v1.services.list(page_size=5)
    assert [(r["method"], r["query"]) for r in emulator.requests()] == [("GET", "PageSize=5")]


def test_reset_clears_state_faults_and_log_but_keeps_credentials(client: Any, emulator: Any) -> None:
    client.messaging.v1.services.create(friendly_name="gone soon")
    client.incoming_phone_numbers.create(area_code="415")
    emulator.add_fault(path="/v1/a2p/*", drop=True)
    emulator.reset()
    assert client.messaging.v1.services.list() == []
    assert client.incoming_phone_numbers.list() == []
    assert client.messaging.v1.brand_registrations.list() == []  # the drop fault is gone too
    assert [r["path"] for r in emulator.requests()] == ["/v1/Services", f"/2010-04-01/Accounts/{emulator.account_sid}"
                                                        "/IncomingPhoneNumbers.json", "/v1/a2p/BrandRegistrations"]


def test_latency_option_adds_to_every_api_request(emulator_factory: Any) -> None:
    emulator = emulator_factory(latency_ms=150)
    client = emulator.client()
    started = time.monotonic()
    for _ in range(3):
        client.messaging.v1.services.list()
    assert time.monotonic() - started >= 0.45
    started = time.monotonic()
    emulator.requests()  # the control API is not slowed down
    assert time.monotonic() - started < 0.15
