"""--fixtures: what an account owns before any stack runs (bought numbers, approved bundles), applied once."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from twilio_emulator.testing import RunningEmulator

DEV_FIXTURES = Path(__file__).resolve().parents[2] / "twilio_emulator" / "fixtures" / "dev_account.json"


def test_dev_fixtures_give_numbers_only(emulator_factory: Callable[..., RunningEmulator]) -> None:
    """The dev account owns numbers; the dev stack registers its bundles, brand and campaign itself."""
    fixtures: dict[str, Any] = json.loads(DEV_FIXTURES.read_text())
    emulator = emulator_factory(extra_args=("--fixtures", str(DEV_FIXTURES)))
    client = emulator.client()

    numbers = sorted(n.phone_number for n in client.api.v2010.account.incoming_phone_numbers.list())
    assert numbers == sorted(fixtures["incoming_phone_numbers"])
    assert client.trusthub.v1.customer_profiles.list() == [] and client.trusthub.v1.trust_products.list() == []


def test_fixture_bundles_are_approved_as_if_in_the_console(tmp_path: Path,
                                                           emulator_factory: Callable[..., RunningEmulator]) -> None:
    profile = {"sid": "BU" + "c" * 32, "friendly_name": "Console profile", "email": "ops@acme.example.com",
               "policy_sid": "RNdfbf3fae0e1107f8aded0e7cead80bf5"}
    product = {"sid": "BU" + "a" * 32, "friendly_name": "Console A2P profile", "email": "ops@acme.example.com",
               "policy_sid": "RNb0d4771c2c98518d916a3d4cd70a8f8b"}
    fixtures = tmp_path / "account.json"
    fixtures.write_text(json.dumps({"incoming_phone_numbers": [], "customer_profiles": [profile],
                                    "trust_products": [product]}))
    client = emulator_factory(extra_args=("--fixtures", str(fixtures))).client()
    assert client.trusthub.v1.customer_profiles(profile["sid"]).fetch().status == "twilio-approved"
    assert client.trusthub.v1.trust_products(product["sid"]).fetch().status == "twilio-approved"

    brand = client.messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid=profile["sid"], a2p_profile_bundle_sid=product["sid"]
    )
    assert client.messaging.v1.brand_registrations(brand.sid).fetch().status == "APPROVED"  # review delay 0


def test_fixtures_are_applied_once_across_restarts(
    tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]
) -> None:
    state = tmp_path / "state.db"
    first = emulator_factory(state=state, extra_args=("--fixtures", str(DEV_FIXTURES)))
    sids_before = sorted(n.sid for n in first.client().api.v2010.account.incoming_phone_numbers.list())
    first.process.terminate()
    first.process.wait(timeout=10)

    second = emulator_factory(state=state, extra_args=("--fixtures", str(DEV_FIXTURES)))
    sids_after = sorted(n.sid for n in second.client().api.v2010.account.incoming_phone_numbers.list())
    assert sids_after == sids_before and len(sids_after) == 2
