"""The program's read-only checks (components/preflight.py) against the emulator: what an interrupted create made
is adopted only when the stack's state records that create; otherwise an object the update would make twice stops
the run, naming the adoptSid to set."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import stack_config
from bench.run import BUNDLES, dev_config, write_fixtures
from components import preflight
from components.a2p_trust_product import TYPE as TRUST_PRODUCT
from components.brand_registration import TYPE as BRAND
from components.customer_profile import TYPE as CUSTOMER_PROFILE
from components.messaging_service import TYPE as SERVICE
from components.stack_state import StackState
from tests.components.trust_hub_samples import as_config, customer_profile
from twilio_emulator.testing import RunningEmulator

#: the dev stack's config with the brand on two approved bundles of the account (no Trust Hub chain)
DEV = {k: v for k, v in dev_config().items() if k.startswith("flex-a2p:")}
NAME = DEV["flex-a2p:messagingService"]["friendlyName"]
URN = "urn:pulumi:dev::flex-a2p::flex-a2p:index:FlexA2PMessaging$"
#: the dev stack's Trust Hub chain (personal data decrypted, as the program sees it), which the brand takes its
#: bundles from
TRUST_HUB = {"customerProfile": as_config(customer_profile()),
             "a2pProfile": {"friendlyName": "Acme A2P", "email": "compliance@acme.example.com", "companyType": "private"}}
MISSING_BUNDLE = "BU" + "0" * 32


@pytest.fixture
def emulator(emulator_factory: Any, tmp_path: Path) -> RunningEmulator:
    fixtures = write_fixtures(tmp_path / "fixtures.json", ["+14155550100", "+14155550101"])
    return emulator_factory(review_delay=0, extra_args=("--fixtures", str(fixtures)))


def deployment(resources: list[dict[str, Any]] = (), pending: list[dict[str, Any]] = ()) -> StackState:  # type: ignore[assignment]
    return StackState.from_deployment({
        "resources": [{"urn": URN + f"{r['type']}::{r['name']}", "type": r["type"], "id": r.get("id")}
                      for r in resources],
        "pending_operations": [{"type": "creating", "resource": {"urn": URN + f"{p['type']}::{p['name']}",
                                                                  "type": p["type"]}} for p in pending],
    })


def check(emulator: RunningEmulator, state: StackState, **overrides: Any) -> preflight.Findings:
    raw = {**DEV, **{f"flex-a2p:{k}": v for k, v in overrides.items()}, "twilio:apiBaseUrl": emulator.base_url}
    environ = {"TWILIO_ACCOUNT_SID": emulator.account_sid, "TWILIO_AUTH_TOKEN": emulator.auth_token}
    return preflight.run(stack_config.load(raw, environ), raw, lambda: state, "flex", environ)


def test_a_clean_account_passes_with_nothing_to_adopt(emulator: RunningEmulator) -> None:
    findings = check(emulator, StackState())
    assert (findings.problems, findings.adopt) == ([], {})


def test_what_an_interrupted_create_made_is_adopted_when_the_state_records_that_create(
    emulator: RunningEmulator,
) -> None:
    client = emulator.client()
    service = client.messaging.v1.services.create(friendly_name=NAME)
    brand = client.messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid=DEV["flex-a2p:brand"]["customerProfileBundleSid"],
        a2p_profile_bundle_sid=DEV["flex-a2p:brand"]["a2pProfileBundleSid"])
    state = deployment(pending=[{"type": SERVICE, "name": "flex-service"}, {"type": BRAND, "name": "flex-brand"}])
    findings = check(emulator, state)
    assert findings.problems == []
    assert findings.adopt == {"messaging_service": service.sid, "brand": brand.sid}
    assert any("instead of creating another" in n for n in findings.notices)


def test_without_that_record_an_object_with_the_same_key_stops_the_run_naming_the_adopt_sid(
    emulator: RunningEmulator,
) -> None:
    service = emulator.client().messaging.v1.services.create(friendly_name=NAME)
    findings = check(emulator, StackState())
    assert findings.adopt == {}
    assert findings.problems == [
        f"flex-a2p:messagingService.friendlyName: {service.sid} is already named {NAME!r} and not managed by this "
        "stack; a second service with the same name is how duplicates hide. To manage it set "
        f"flex-a2p:messagingService.adoptSid: {service.sid}; otherwise choose another friendlyName"]


def test_two_candidates_for_one_interrupted_create_stop_the_run(emulator: RunningEmulator) -> None:
    first, second = (emulator.client().messaging.v1.services.create(friendly_name=NAME) for _ in range(2))
    findings = check(emulator, deployment(pending=[{"type": SERVICE, "name": "flex-service"}]))
    assert findings.adopt == {}
    assert len(findings.problems) == 1 and "flex-a2p:messagingService.adoptSid" in findings.problems[0]
    assert first.sid in findings.problems[0] and second.sid in findings.problems[0]


def test_a_managed_service_is_not_a_duplicate_and_a_record_left_behind_is_named_with_its_command(
    emulator: RunningEmulator,
) -> None:
    service = emulator.client().messaging.v1.services.create(friendly_name=NAME)
    state = deployment(resources=[{"type": SERVICE, "name": "flex-service", "id": service.sid}],
                       pending=[{"type": SERVICE, "name": "flex-service"}])
    findings = check(emulator, state)
    assert findings.problems == [] and findings.adopt == {}
    assert any("pulumi refresh --clear-pending-creates --yes" in n for n in findings.notices)


def test_an_unreadable_state_adopts_nothing_and_says_why(emulator: RunningEmulator) -> None:
    emulator.client().messaging.v1.services.create(friendly_name=NAME)
    findings = check(emulator, StackState.unreadable("no `pulumi` CLI on PATH"))
    assert findings.adopt == {} and len(findings.problems) == 1
    assert any("could not be read (no `pulumi` CLI on PATH)" in n for n in findings.notices)


def test_bundles_the_trust_hub_makes_are_not_looked_up_and_named_ones_must_exist(emulator: RunningEmulator) -> None:
    findings = check(emulator, StackState(), trustHub=TRUST_HUB, brand={"mock": True})
    assert (findings.problems, findings.adopt) == ([], {})
    reads = [r["path"] for r in emulator.requests() if r["method"] == "GET"]
    assert not any(path.startswith(("/v1/CustomerProfiles/", "/v1/TrustProducts/")) for path in reads)
    findings = check(emulator, StackState(),
                     brand={"mock": True, "customerProfileBundleSid": BUNDLES["customer_profiles"][0]["sid"]},
                     trustHub={"a2pProfile": {**TRUST_HUB["a2pProfile"], "customerProfileSid": MISSING_BUNDLE}})
    assert findings.problems == [f"flex-a2p:trustHub.a2pProfile.customerProfileSid: Trust Hub CustomerProfile bundle "
                                 f"{MISSING_BUNDLE} does not exist in account {emulator.account_sid} (Twilio error "
                                 "20404)"]


def test_a_brand_interrupted_on_managed_bundles_is_adopted_by_their_sids_in_state(emulator: RunningEmulator) -> None:
    profile, product = BUNDLES["customer_profiles"][0]["sid"], BUNDLES["trust_products"][0]["sid"]
    brand = emulator.client().messaging.v1.brand_registrations.create(customer_profile_bundle_sid=profile,
                                                                      a2p_profile_bundle_sid=product)
    state = deployment(resources=[{"type": CUSTOMER_PROFILE, "name": "flex-customer-profile", "id": profile},
                                  {"type": TRUST_PRODUCT, "name": "flex-a2p-profile", "id": product}],
                       pending=[{"type": BRAND, "name": "flex-brand"}])
    findings = check(emulator, state, trustHub=TRUST_HUB, brand={"mock": True})
    assert findings.problems == [] and findings.adopt == {"brand": brand.sid}


def test_the_address_configurations_the_retired_per_number_resources_created_are_named() -> None:
    """What the migration to one address configurations resource needs from state: created ones only."""
    old = "pulumi-python:dynamic/twilio:ConversationsAddressConfiguration"
    state = StackState.from_deployment({"resources": [
        {"urn": URN + f"{old}::flex-address-{n[1:]}", "type": old, "id": "IG" + str(i) * 32,
         "outputs": {"address": n, "created": created}}
        for i, (n, created) in enumerate((("+14155550101", True), ("+14155550100", False), ("+14155550102", True)))
    ] + [{"urn": URN + f"{SERVICE}::flex-service", "type": SERVICE, "id": "MG" + "1" * 32,
          "outputs": {"created": True, "address": "+14155550199"}}]})
    assert preflight.created_addresses(state) == ["+14155550101", "+14155550102"]
    assert preflight.created_addresses(StackState()) == []
