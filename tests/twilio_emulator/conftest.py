"""Helpers for the emulator's own tests: raw HTTP access and A2P prerequisites built through the real client."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import requests

from twilio_contract.trusthub import A2P_MESSAGING_PROFILE_POLICY, SECONDARY_CUSTOMER_PROFILE_POLICY
from twilio_emulator.testing import RunningEmulator, compliant_bundles

CUSTOMER_PROFILE_POLICY = SECONDARY_CUSTOMER_PROFILE_POLICY
A2P_TRUST_PRODUCT_POLICY = A2P_MESSAGING_PROFILE_POLICY

CAMPAIGN = {
    "description": "Customer care conversations between our contact-center agents and customers.",
    "message_flow": "Customers opt in by texting START to our number or ticking the SMS box on example.com/contact.",
    "message_samples": ["Hi Sam, this is Alex from Acme support. How can I help?",
                        "Your ticket 1234 is resolved. Reply HELP for help or STOP to opt out."],
    "us_app_to_person_usecase": "CUSTOMER_CARE",
    "has_embedded_links": False,
    "has_embedded_phone": False,
    "privacy_policy_url": "https://acme.example/privacy",  # required for campaigns created since 2026-06-30 (D36)
    "terms_and_conditions_url": "https://acme.example/terms",
}


class Raw:
    """Plain HTTP to the emulator with the default credentials, for exact wire checks and bad input."""

    def __init__(self, emulator: RunningEmulator) -> None:
        self.emulator = emulator
        self.session = requests.Session()
        self.session.auth = (emulator.account_sid, emulator.auth_token)

    def __call__(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.emulator.base_url + path, timeout=30, **kwargs)


@pytest.fixture
def raw(emulator: RunningEmulator) -> Raw:
    return Raw(emulator)


@pytest.fixture
def client(emulator: RunningEmulator) -> Any:
    return emulator.client()


def assert_twilio_error(response: requests.Response, status: int, code: int, *words: str) -> dict[str, Any]:
    """A Twilio-shaped error body: exactly {code, message, more_info, status}."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "more_info", "status"}, body
    assert body["code"] == code and body["status"] == status, body
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    for word in words:
        assert word in body["message"], body
    return body


@dataclass
class A2P:
    customer_profile_sid: str
    trust_product_sid: str
    brand_sid: str


def approved_bundles(client: Any) -> tuple[str, str]:
    """A customer profile and an A2P trust product that comply with their policies, submitted for review (they
    pass at once with delay 0)."""
    return compliant_bundles(client)


def approved_brand(client: Any, **brand_args: Any) -> A2P:
    profile_sid, product_sid = approved_bundles(client)
    brand = client.messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid=profile_sid, a2p_profile_bundle_sid=product_sid, **brand_args)
    assert brand.fetch().status == "APPROVED"
    return A2P(profile_sid, product_sid, brand.sid)


def buy_number(client: Any, phone_number: str | None = None) -> Any:
    if phone_number:
        return client.incoming_phone_numbers.create(phone_number=phone_number)
    return client.incoming_phone_numbers.create(area_code="415")
