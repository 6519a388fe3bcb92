"""Trust Hub inputs for the provider tests: a customer profile and an A2P trust product that comply with their
policies (fictitious business and people)."""

from __future__ import annotations

import copy
from typing import Any

from components.inputs import to_camel
from twilio_emulator.testing import BUSINESS_INFORMATION
from twilio_emulator.testing import REPRESENTATIVE as EMULATOR_REPRESENTATIVE

#: The emulator helper's compliant data, with other personal data (an adopted bundle's data then differs from it).
BUSINESS = {**BUSINESS_INFORMATION, "business_registration_number": "98-7654321"}
REPRESENTATIVE = {**EMULATOR_REPRESENTATIVE, "first_name": "Robin", "last_name": "Doe",
                  "email": "robin.doe@acme.example.com", "phone_number": "+14155550142"}
SECOND_REPRESENTATIVE = {**EMULATOR_REPRESENTATIVE, "first_name": "Kim", "last_name": "Lee",
                         "email": "kim.lee@acme.example.com", "phone_number": "+14155550143", "job_position": "CFO"}
ADDRESS = {"street": "1 Main St", "city": "San Francisco", "region": "CA", "postal_code": "94105",
           "iso_country": "US"}
#: Personal data in the samples: none of it may appear in plain text anywhere.
PERSONAL = (BUSINESS["business_registration_number"], REPRESENTATIVE["email"], REPRESENTATIVE["phone_number"],
            SECOND_REPRESENTATIVE["email"], SECOND_REPRESENTATIVE["phone_number"])


def customer_profile(**overrides: Any) -> dict[str, Any]:
    inputs: dict[str, Any] = {"friendly_name": "Acme secondary profile", "email": "compliance@acme.example.com",
                              "business_information": copy.deepcopy(BUSINESS),
                              "authorized_representatives": [dict(REPRESENTATIVE)], "address": dict(ADDRESS)}
    inputs.update(overrides)
    return inputs


def trust_product(customer_profile_sid: str, **overrides: Any) -> dict[str, Any]:
    return {"friendly_name": "Acme A2P profile", "email": "compliance@acme.example.com",
            "customer_profile_sid": customer_profile_sid, "company_type": "private", **overrides}


def as_config(value: Any) -> Any:
    """Inputs as stack config writes them: camelCase keys at every depth."""
    if isinstance(value, dict):
        return {to_camel(k): as_config(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_config(v) for v in value]
    return value
