"""Messaging Services, their PhoneNumbers, and 2010 IncomingPhoneNumbers through the official twilio client."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from twilio.base.exceptions import TwilioException, TwilioRestException

from .conftest import Raw, assert_twilio_error, buy_number

V1_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
RFC2822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                     r"\d{4} \d\d:\d\d:\d\d \+0000$")


def test_service_create_fetch_update_delete(client: Any, emulator: Any) -> None:
    service = client.messaging.v1.services.create(
        friendly_name="Flex SMS", inbound_request_url="https://flex.example/in", inbound_method="GET",
        sticky_sender=False, validity_period=600, usecase="discussion", use_inbound_webhook_on_number=True)
    assert re.fullmatch(r"MG[0-9a-f]{32}", service.sid)
    assert service.account_sid == emulator.account_sid
    assert isinstance(service.date_created, datetime)  # the client parsed Twilio's exact date format
    assert service.inbound_method == "GET" and service.sticky_sender is False and service.validity_period == 600
    assert service.url == f"https://messaging.twilio.com/v1/Services/{service.sid}"  # D28
    assert service.links["phone_numbers"] == f"{service.url}/PhoneNumbers"
    assert service.us_app_to_person_registered is False

    updated = client.messaging.v1.services(service.sid).update(friendly_name="Renamed", use_inbound_webhook_on_number=False)
    assert updated.friendly_name == "Renamed"
    assert updated.use_inbound_webhook_on_number is False
    assert updated.inbound_request_url == "https://flex.example/in"  # partial update keeps the rest
    assert updated.usecase == "discussion"

    cleared = client.messaging.v1.services(service.sid).update(inbound_request_url="")
    assert cleared.inbound_request_url is None

    assert client.messaging.v1.services(service.sid).delete() is True
    with pytest.raises(TwilioRestException) as err:
        client.messaging.v1.services(service.sid).fetch()
    assert (err.value.status, err.value.code) == (404, 20404)
    assert f"/Services/{service.sid}" in err.value.msg


def test_service_defaults_follow_the_decisions_note(client: Any) -> None:
    service = client.messaging.v1.services.create(friendly_name="Defaults")
    assert service.use_inbound_webhook_on_number is True
    assert service.validity_period == 36000
    assert service.usecase == "undeclared"
    assert service.inbound_request_url is None and service.inbound_method == "POST"
    assert (service.sticky_sender, service.mms_converter, service.smart_encoding) == (True, True, False)
    assert service.scan_message_content == "inherit"


def test_service_list_paginates_with_absolute_next_page_url(client: Any, raw: Raw, emulator: Any) -> None:
    sids = [client.messaging.v1.services.create(friendly_name=f"svc {i}").sid for i in range(5)]
    assert [s.sid for s in client.messaging.v1.services.list(page_size=2)] == sids

    first = raw("GET", "/v1/Services", params={"PageSize": 2}).json()
    meta = first["meta"]
    assert meta["key"] == "services" and meta["page"] == 0 and meta["page_size"] == 2
    assert meta["next_page_url"].startswith(f"{emulator.base_url}/v1/Services?")
    assert meta["previous_page_url"] is None
    assert all(V1_DATE.match(s["date_created"]) and V1_DATE.match(s["date_updated"]) for s in first["services"])
    last = raw("GET", meta["next_page_url"].removeprefix(emulator.base_url)).json()
    last = raw("GET", last["meta"]["next_page_url"].removeprefix(emulator.base_url)).json()
    assert [s["sid"] for s in last["services"]] == sids[4:]
    assert last["meta"]["next_page_url"] is None and last["meta"]["page"] == 2
    assert last["meta"]["previous_page_url"] is not None


def test_page_size_above_1000_is_capped(raw: Raw) -> None:
    assert raw("GET", "/v1/Services", params={"PageSize": 5000}).json()["meta"]["page_size"] == 1000


def test_service_validation_errors_name_the_parameter(raw: Raw) -> None:
    assert_twilio_error(raw("POST", "/v1/Services", data={}), 400, 20001, "FriendlyName")
    assert_twilio_error(raw("POST", "/v1/Services", data={"FriendlyName": "x", "InboundMethod": "PUT"}),
                        400, 20001, "InboundMethod", "GET, POST")
    assert_twilio_error(raw("POST", "/v1/Services", data={"FriendlyName": "x", "StickySender": "yes"}),
                        400, 20001, "StickySender", "true or false")
    assert_twilio_error(raw("POST", "/v1/Services", data={"FriendlyName": "x", "InboundRequestUrl": "not a url"}),
                        400, 20001, "InboundRequestUrl")
    assert_twilio_error(raw("POST", "/v1/Services", data={"FriendlyName": "x", "ValidityPeriod": "ten"}),
                        400, 20001, "ValidityPeriod", "integer")
    assert_twilio_error(raw("POST", "/v1/Services", data={"FriendlyName": "x", "ValidityPeriod": "0"}),
                        400, 21624)
    assert_twilio_error(raw("POST", "/v1/Services", data={"FriendlyName": "x", "Usecase": "spam"}), 400, 21713)
    assert_twilio_error(raw("POST", "/v1/Services", data={"FriendlyName": "x" * 65}), 400, 20001, "64")
    assert raw("GET", "/v1/Services").json()["services"] == []


def test_service_usecases_catalogue(client: Any) -> None:
    usecases = client.messaging.v1.usecases.fetch().usecases
    assert {u["usecase"] for u in usecases} >= {"notifications", "marketing", "undeclared"}


def test_incoming_phone_number_lifecycle(client: Any, raw: Raw, emulator: Any) -> None:
    number = client.incoming_phone_numbers.create(phone_number="+14155550100", sms_url="https://flex.example/sms")
    assert re.fullmatch(r"PN[0-9a-f]{32}", number.sid)
    assert number.account_sid == emulator.account_sid
    assert number.friendly_name == "(415) 555-0100"
    assert number.capabilities == {"voice": True, "sms": True, "mms": True, "fax": False}
    assert number.uri == f"/2010-04-01/Accounts/{emulator.account_sid}/IncomingPhoneNumbers/{number.sid}.json"
    assert isinstance(number.date_created, datetime)
    body = raw("GET", number.uri).json()
    assert RFC2822.match(body["date_created"]) and RFC2822.match(body["date_updated"])
    assert body["sms_url"] == "https://flex.example/sms" and body["sms_method"] == "POST"

    updated = client.incoming_phone_numbers(number.sid).update(sms_url="https://other.example/sms", sms_method="GET")
    assert (updated.sms_url, updated.sms_method) == ("https://other.example/sms", "GET")
    assert client.incoming_phone_numbers(number.sid).fetch().sms_url == "https://other.example/sms"

    with pytest.raises(TwilioRestException) as err:
        client.incoming_phone_numbers.create(phone_number="+14155550100")
    assert (err.value.status, err.value.code) == (400, 21422)

    assert client.incoming_phone_numbers(number.sid).delete() is True
    with pytest.raises(TwilioRestException) as err:
        client.incoming_phone_numbers(number.sid).fetch()
    assert (err.value.status, err.value.code) == (404, 20404)


def test_incoming_phone_number_by_area_code_and_filters(client: Any, raw: Raw, emulator: Any) -> None:
    a = client.incoming_phone_numbers.create(area_code="212")
    b = client.incoming_phone_numbers.create(area_code="212")
    c = client.incoming_phone_numbers.create(phone_number="+13105550199")
    assert a.phone_number.startswith("+1212") and a.phone_number != b.phone_number
    assert [n.sid for n in client.incoming_phone_numbers.list(phone_number=c.phone_number)] == [c.sid]
    assert {n.sid for n in client.incoming_phone_numbers.list(phone_number="+1212")} == {a.sid, b.sid}
    assert [n.sid for n in client.incoming_phone_numbers.list(page_size=1)] == [a.sid, b.sid, c.sid]

    page = raw("GET", f"/2010-04-01/Accounts/{emulator.account_sid}/IncomingPhoneNumbers.json",
               params={"PageSize": 2}).json()
    assert page["next_page_uri"].startswith(f"/2010-04-01/Accounts/{emulator.account_sid}/IncomingPhoneNumbers.json?")
    assert (page["page"], page["page_size"], page["start"], page["end"]) == (0, 2, 0, 1)
    assert page["previous_page_uri"] is None
    second = raw("GET", page["next_page_uri"]).json()
    assert [n["sid"] for n in second["incoming_phone_numbers"]] == [c.sid]
    assert second["next_page_uri"] is None and second["start"] == 2


def test_number_needs_phone_number_or_area_code(raw: Raw, emulator: Any) -> None:
    path = f"/2010-04-01/Accounts/{emulator.account_sid}/IncomingPhoneNumbers.json"
    assert_twilio_error(raw("POST", path, data={"SmsUrl": "https://x.example"}), 400, 21421, "PhoneNumber")
    assert_twilio_error(raw("POST", path, data={"PhoneNumber": "+4420794601"}), 400, 21421)
    assert_twilio_error(raw("POST", path, data={"PhoneNumber": "415-555"}), 400, 20001, "E.164")


def test_service_phone_numbers_add_fetch_list_remove(client: Any, emulator: Any) -> None:
    service = client.messaging.v1.services.create(friendly_name="Senders")
    number = buy_number(client)
    added = client.messaging.v1.services(service.sid).phone_numbers.create(phone_number_sid=number.sid)
    assert added.sid == number.sid and added.service_sid == service.sid
    assert added.phone_number == number.phone_number and added.country_code == "US"
    assert added.capabilities == ["MMS", "SMS", "Voice"]
    assert added.url == f"https://messaging.twilio.com/v1/Services/{service.sid}/PhoneNumbers/{number.sid}"
    assert client.messaging.v1.services(service.sid).phone_numbers(number.sid).fetch().phone_number == number.phone_number
    assert [p.sid for p in client.messaging.v1.services(service.sid).phone_numbers.list()] == [number.sid]

    assert client.messaging.v1.services(service.sid).phone_numbers(number.sid).delete() is True
    assert client.messaging.v1.services(service.sid).phone_numbers.list() == []
    assert client.incoming_phone_numbers(number.sid).fetch().sid == number.sid  # the number stays on the account
    with pytest.raises(TwilioRestException) as err:
        client.messaging.v1.services(service.sid).phone_numbers(number.sid).delete()
    assert (err.value.status, err.value.code) == (404, 20404)
    assert f"/Services/{service.sid}/PhoneNumbers/{number.sid}" in err.value.msg


def test_number_in_this_service_is_21710_and_in_another_is_21712(client: Any) -> None:
    first = client.messaging.v1.services.create(friendly_name="First")
    second = client.messaging.v1.services.create(friendly_name="Second")
    number = buy_number(client)
    client.messaging.v1.services(first.sid).phone_numbers.create(phone_number_sid=number.sid)
    with pytest.raises(TwilioRestException) as err:
        client.messaging.v1.services(first.sid).phone_numbers.create(phone_number_sid=number.sid)
    assert (err.value.status, err.value.code) == (409, 21710)
    with pytest.raises(TwilioRestException) as err:
        client.messaging.v1.services(second.sid).phone_numbers.create(phone_number_sid=number.sid)
    assert (err.value.status, err.value.code) == (409, 21712)
    assert client.messaging.v1.services(second.sid).phone_numbers.list() == []


def test_number_pool_limit_is_21714(emulator_factory: Any) -> None:
    emulator = emulator_factory(extra_args=("--number-pool-limit", "2"))
    client = emulator.client()
    service = client.messaging.v1.services.create(friendly_name="Small pool")
    for _ in range(2):
        client.messaging.v1.services(service.sid).phone_numbers.create(phone_number_sid=buy_number(client).sid)
    with pytest.raises(TwilioRestException) as err:
        client.messaging.v1.services(service.sid).phone_numbers.create(phone_number_sid=buy_number(client).sid)
    assert err.value.code == 21714
    assert len(client.messaging.v1.services(service.sid).phone_numbers.list()) == 2


def test_unknown_or_foreign_number_is_21421(client: Any, raw: Raw) -> None:
    service = client.messaging.v1.services.create(friendly_name="Senders")
    with pytest.raises(TwilioRestException) as err:
        client.messaging.v1.services(service.sid).phone_numbers.create(phone_number_sid="PN" + "0" * 32)
    assert (err.value.status, err.value.code) == (400, 21421)
    assert_twilio_error(raw("POST", f"/v1/Services/{service.sid}/PhoneNumbers", data={"PhoneNumberSid": "+14155550100"}),
                        400, 21421, "PhoneNumberSid")


def test_releasing_a_number_removes_it_from_its_service(client: Any) -> None:
    service = client.messaging.v1.services.create(friendly_name="Senders")
    number = buy_number(client)
    client.messaging.v1.services(service.sid).phone_numbers.create(phone_number_sid=number.sid)
    client.incoming_phone_numbers(number.sid).delete()
    assert client.messaging.v1.services(service.sid).phone_numbers.list() == []


def test_deleting_a_service_releases_its_senders(client: Any) -> None:
    service = client.messaging.v1.services.create(friendly_name="Old")
    number = buy_number(client)
    client.messaging.v1.services(service.sid).phone_numbers.create(phone_number_sid=number.sid)
    client.messaging.v1.services(service.sid).delete()
    other = client.messaging.v1.services.create(friendly_name="New")
    assert client.messaging.v1.services(other.sid).phone_numbers.create(phone_number_sid=number.sid).sid == number.sid


def test_list_of_unknown_service_fails_as_the_client_expects(client: Any) -> None:
    with pytest.raises(TwilioException):
        client.messaging.v1.services("MG" + "1" * 32).phone_numbers.list()
