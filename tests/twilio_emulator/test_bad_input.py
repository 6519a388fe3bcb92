"""Bad input gets a Twilio-shaped 4xx, the server keeps serving, and state is unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from .conftest import CAMPAIGN, Raw, approved_brand, assert_twilio_error, buy_number


def snapshot(raw: Raw, account_sid: str) -> dict[str, Any]:
    """Every modelled resource of the account, as the API shows it."""
    services = raw("GET", "/v1/Services").json()["services"]
    return {
        "services": services,
        "senders": {s["sid"]: raw("GET", f"/v1/Services/{s['sid']}/PhoneNumbers").json()["phone_numbers"]
                    for s in services},
        "campaigns": {s["sid"]: raw("GET", f"/v1/Services/{s['sid']}/Compliance/Usa2p").json()["compliance"]
                      for s in services},
        "numbers": raw("GET", f"/2010-04-01/Accounts/{account_sid}/IncomingPhoneNumbers.json").json()[
            "incoming_phone_numbers"],
        "brands": raw("GET", "/v1/a2p/BrandRegistrations").json()["data"],
        "profiles": raw("GET", "/v1/CustomerProfiles").json()["results"],
        "products": raw("GET", "/v1/TrustProducts").json()["results"],
    }


@pytest.fixture
def world(client: Any, emulator: Any, raw: Raw) -> Iterator[dict[str, str]]:
    """One of everything, and a check afterwards that bad requests changed none of it."""
    a2p = approved_brand(client)
    service = client.messaging.v1.services.create(friendly_name="Flex")
    number = buy_number(client)
    client.messaging.v1.services(service.sid).phone_numbers.create(phone_number_sid=number.sid)
    client.messaging.v1.services(service.sid).us_app_to_person.create(
        brand_registration_sid=a2p.brand_sid, **CAMPAIGN)
    before = snapshot(raw, emulator.account_sid)
    yield {"service": service.sid, "number": number.sid, "brand": a2p.brand_sid, "profile": a2p.customer_profile_sid}
    assert snapshot(raw, emulator.account_sid) == before
    assert raw("GET", f"/v1/Services/{service.sid}").status_code == 200  # still serving


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_malformed_bodies(raw: Raw, world: dict[str, str]) -> None:
    svc = f"/v1/Services/{world['service']}"
    assert_twilio_error(raw("POST", svc, data=b"FriendlyName=%FF%FE", headers=FORM), 400, 20001, "Malformed")
    assert_twilio_error(raw("POST", svc, data=b"\xff\xfe\x00garbage", headers=FORM), 400, 20001, "Malformed")
    assert_twilio_error(raw("POST", svc, data=b"FriendlyName", headers=FORM), 400, 20001, "Malformed")
    assert_twilio_error(raw("POST", svc, json={"FriendlyName": "json"}), 400, 20001, "Content-Type")
    assert_twilio_error(raw("POST", svc, data=b"FriendlyName=x", headers={"Content-Type": "text/plain"}),
                        400, 20001, "Content-Type")
    assert_twilio_error(raw("GET", svc, data=b"FriendlyName=x", headers=FORM), 400, 20001, "body")
    assert_twilio_error(raw("GET", "/v1/Services?PageSize=%FF"), 400, 20001, "Malformed")


def test_unknown_and_repeated_parameters(raw: Raw, world: dict[str, str]) -> None:
    svc = f"/v1/Services/{world['service']}"
    assert_twilio_error(raw("POST", svc, data={"FriendlyName": "x", "FriendlyNam": "y"}), 400, 20001, "FriendlyNam")
    assert_twilio_error(raw("POST", svc, data={"friendly_name": "x"}), 400, 20001, "friendly_name")
    assert_twilio_error(raw("POST", svc, data=[("FriendlyName", "a"), ("FriendlyName", "b")]), 400, 20001, "once")
    assert_twilio_error(raw("GET", "/v1/Services", params={"Foo": "1"}), 400, 20001, "Foo")
    assert_twilio_error(raw("POST", f"/v1/a2p/BrandRegistrations/{world['brand']}", data={"Status": "FAILED"}),
                        400, 20001, "Status")


def test_wrongly_typed_parameters(raw: Raw, world: dict[str, str], emulator: Any) -> None:
    svc = f"/v1/Services/{world['service']}"
    for data, word in (({"StickySender": "1"}, "StickySender"), ({"ValidityPeriod": "12.5"}, "ValidityPeriod"),
                       ({"ScanMessageContent": "ENABLE"}, "ScanMessageContent"),
                       ({"StatusCallback": "ftp://x.example"}, "StatusCallback")):
        assert_twilio_error(raw("POST", svc, data=data), 400, 20001, word)
    number = f"/2010-04-01/Accounts/{emulator.account_sid}/IncomingPhoneNumbers/{world['number']}.json"
    assert_twilio_error(raw("POST", number, data={"SmsMethod": "PATCH"}), 400, 20001, "SmsMethod")
    assert_twilio_error(raw("POST", number, data={"SmsApplicationSid": "AP123"}), 400, 20001, "SmsApplicationSid")
    campaign = f"{svc}/Compliance/Usa2p/QE2c6890da8086d771620e9b13fadeba0b"
    assert_twilio_error(raw("POST", campaign, data={"HasEmbeddedLinks": "maybe"}), 400, 20001, "HasEmbeddedLinks")
    for params in ({"PageSize": "0"}, {"Page": "-1"}, {"PageSize": "many"}):
        assert_twilio_error(raw("GET", "/v1/Services", params=params), 400, 20001)
    assert_twilio_error(raw("GET", "/v1/Services", params={"PageToken": "bogus"}), 400, 21481)


def test_invalid_sids(raw: Raw, world: dict[str, str], emulator: Any) -> None:
    assert_twilio_error(raw("GET", "/v1/Services/not-a-sid"), 404, 20404, "/Services/not-a-sid")
    assert_twilio_error(raw("DELETE", "/v1/Services/MG123"), 404, 20404)
    assert_twilio_error(raw("GET", "/v1/a2p/BrandRegistrations/" + world["profile"]), 404, 20404)
    assert_twilio_error(raw("DELETE", f"/v1/Services/{world['service']}/Compliance/Usa2p/QE" + "0" * 32), 404, 20404)
    assert_twilio_error(raw("POST", f"/v1/Services/{world['service']}/PhoneNumbers", data={"PhoneNumberSid": "PN1"}),
                        400, 21421)
    assert_twilio_error(raw("POST", "/v1/Services/" + "MG" + "f" * 32 + "/PhoneNumbers",
                            data={"PhoneNumberSid": world["number"]}), 404, 20404)
    assert_twilio_error(raw("GET", f"/2010-04-01/Accounts/{emulator.account_sid}/IncomingPhoneNumbers/PNxyz.json"),
                        404, 20404, "IncomingPhoneNumbers/PNxyz.json")
    assert_twilio_error(raw("GET", "/2010-04-01/Accounts/ACnope/IncomingPhoneNumbers.json"), 401, 20003)


def test_oversized_bodies(raw: Raw, world: dict[str, str]) -> None:
    svc = f"/v1/Services/{world['service']}"
    big = {"FriendlyName": "x" * (200 * 1024)}
    assert_twilio_error(raw("POST", svc, data=big), 413, 20001, "too large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit applies while streaming
        yield b"FriendlyName="
        for _ in range(200):
            yield b"y" * 1024

    assert_twilio_error(raw("POST", svc, data=chunks(), headers=FORM), 413, 20001)


def test_wrong_credentials_unknown_paths_and_methods(raw: Raw, world: dict[str, str], emulator: Any) -> None:
    svc = f"/v1/Services/{world['service']}"
    assert_twilio_error(requests.post(emulator.base_url + svc, data={"FriendlyName": "hijack"},
                                      auth=(emulator.account_sid, "nope"), timeout=10), 401, 20003)
    assert_twilio_error(requests.delete(emulator.base_url + svc, auth=("SK" + "1" * 32, "nope"), timeout=10),
                        401, 20003)
    assert_twilio_error(raw("GET", "/v1/NoSuchThing"), 404, 20404, "/v1/NoSuchThing")
    assert_twilio_error(raw("PUT", svc, data={"FriendlyName": "x"}), 405, 20004, "PUT")
    assert_twilio_error(raw("DELETE", f"/v1/a2p/BrandRegistrations/{world['brand']}"), 405, 20004)


def test_failing_requests_inside_the_model_roll_back(client: Any, raw: Raw, world: dict[str, str]) -> None:
    """Requests that pass parsing but break a rule (after reads) leave no partial writes."""
    other = client.messaging.v1.services.create(friendly_name="Other")
    assert_twilio_error(raw("POST", f"/v1/Services/{other.sid}/PhoneNumbers", data={"PhoneNumberSid": world["number"]}),
                        409, 21712)
    assert_twilio_error(raw("POST", f"/v1/Services/{world['service']}/Compliance/Usa2p",
                            data={"BrandRegistrationSid": world["brand"], "Description": "d" * 40,
                                  "MessageFlow": "f" * 40, "MessageSamples": ["s" * 20, "t" * 20],
                                  "UsAppToPersonUsecase": "MIXED", "HasEmbeddedLinks": "false",
                                  "HasEmbeddedPhone": "false"}), 409, 20409)
    client.messaging.v1.services(other.sid).delete()
