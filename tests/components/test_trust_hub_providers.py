"""CustomerProfile and A2PTrustProduct providers against the emulator: the chain built, evaluated and submitted;
noncompliant bundles refused naming every config key; edits in place while draft or rejected, refused under review
or approved; adoption; what destroy keeps; and the brand's checks of its bundles."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import pytest

from components.a2p_trust_product import A2PTrustProductProvider
from components.brand_registration import BrandRegistrationProvider
from components.customer_profile import CustomerProfileProvider
from components.errors import InputError, NotCompliant, ReplacementRequired
from tests.components.conftest import api_calls, checked, configure
from tests.components.trust_hub_samples import (ADDRESS, BUSINESS, PERSONAL, REPRESENTATIVE, SECOND_REPRESENTATIVE,
                                                customer_profile, trust_product)
from twilio_emulator.testing import RunningEmulator, compliant_bundles


@pytest.fixture
def manual(emulator_factory: Callable[..., RunningEmulator]) -> RunningEmulator:
    """Reviews wait for the control API, so a test decides when a bundle is approved or rejected."""
    return emulator_factory(review_delay="manual")


def writes(emu: RunningEmulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emu.requests() if r["method"] in ("POST", "DELETE")]


def no_personal_data(text: str) -> None:
    leaked = [value for value in PERSONAL if value in text]
    assert leaked == [], f"personal data in plain text: {leaked}"


# -- create -----------------------------------------------------------------------------------------------------------


def test_a_profile_is_built_evaluated_then_submitted(make: Callable[..., Any], emulator: RunningEmulator) -> None:
    provider = make(CustomerProfileProvider)
    created = provider.create(checked(provider, customer_profile()))
    outs = created.outs
    assert created.id.startswith("BU") and outs["status"] == "pending-review"
    assert outs["policy_sid"] == "RNdfbf3fae0e1107f8aded0e7cead80bf5"
    assert outs["business_information"] == BUSINESS and outs["authorized_representatives"] == [REPRESENTATIVE]
    assert set(outs["parts"]) == {"customer_profile_business_information", "authorized_representative_1",
                                  "customer_profile_address", "address"}
    order = writes(emulator)
    evaluation = order.index(f"POST /v1/CustomerProfiles/{created.id}/Evaluations")
    assert evaluation < order.index(f"POST /v1/CustomerProfiles/{created.id}"), "evaluated before submission"
    assert len([w for w in order if w.endswith("/EntityAssignments")]) == 3

    client = emulator.client()
    address = client.addresses(outs["parts"]["address"]).fetch()
    assert (address.street, address.customer_name) == (ADDRESS["street"], BUSINESS["business_name"])
    refreshed = provider.read(created.id, outs)
    assert refreshed.outs["status"] == "twilio-approved" and refreshed.outs["valid_until"]
    assert refreshed.outs["address"] == ADDRESS, "fields the user left out (customer name) are not managed"
    assert provider.diff(created.id, refreshed.outs, checked(provider, customer_profile())).changes is False


def test_a_trust_product_holds_its_profile_and_waits_for_its_review(emulator_factory: Callable[..., Any]) -> None:
    emu = emulator_factory(review_delay=0.5)
    profile = configure(CustomerProfileProvider, emu)
    profile_sid = profile.create(checked(profile, customer_profile(wait_for_review=True))).id
    provider = configure(A2PTrustProductProvider, emu)
    created = provider.create(checked(provider, trust_product(profile_sid, wait_for_review=True)))
    assert created.outs["status"] == "twilio-approved"
    assert created.outs["parts"]["customer_profile"] == profile_sid
    assert created.outs["company_type"] == "private" and created.outs["customer_profile_sid"] == profile_sid
    news = checked(provider, trust_product("BU" + "7" * 32))
    assert provider.diff(created.id, created.outs, news).replaces == ["customer_profile_sid"]


def test_a_public_company_needs_its_listing_before_anything_is_sent(make: Callable[..., Any]) -> None:
    provider = make(A2PTrustProductProvider)
    failures = {f.property: f.reason for f in provider.check(
        {}, trust_product("BU" + "1" * 32, company_type="public", stock_exchange="NASDAQ")).failures}
    assert failures == {"stock_ticker": "stock_ticker is required when company_type is 'public'",
                        "brand_contact_email": "brand_contact_email is required when company_type is 'public'"}


def test_check_names_nested_inputs_and_never_quotes_personal_data(make: Callable[..., Any]) -> None:
    provider = make(CustomerProfileProvider)
    bad_rep = {**REPRESENTATIVE, "phone_number": "415-555-0142 ext 9", "job_position": "Intern"}
    failures = {f.property: f.reason for f in provider.check({}, customer_profile(
        business_information={k: v for k, v in BUSINESS.items() if k != "website_url"},
        authorized_representatives=[bad_rep, SECOND_REPRESENTATIVE, REPRESENTATIVE])).failures}
    assert failures["business_information.website_url"] == "business_information.website_url is required"
    assert failures["authorized_representatives"].startswith("authorized_representatives must hold 1-2")
    assert "job_position must be one of" in failures["authorized_representatives[0].job_position"]
    assert "(secret value)" in failures["authorized_representatives[0].phone_number"]
    no_personal_data(str(failures))
    assert "415-555-0142" not in str(failures)


def test_a_noncompliant_profile_fails_naming_every_config_key_and_leaves_nothing(
        make: Callable[..., Any], emulator: RunningEmulator) -> None:
    provider = make(CustomerProfileProvider)
    # What check() would refuse, as a policy stricter than our declaration would see it.
    incomplete = customer_profile(business_information={k: v for k, v in BUSINESS.items()
                                                        if k not in ("website_url", "business_industry")},
                                  authorized_representatives=[{k: v for k, v in REPRESENTATIVE.items()
                                                               if k != "email"}])
    with pytest.raises(NotCompliant) as info:
        provider.create(incomplete)
    message = str(info.value)
    for key in ("flex-a2p:trustHub.customerProfile.businessInformation.websiteUrl",
                "flex-a2p:trustHub.customerProfile.businessInformation.businessIndustry",
                "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].email"):
        assert key in message
    assert {code for _, _, code in info.value.failures} == {22215}
    assert "nothing was submitted" in message
    no_personal_data(message)
    client = emulator.client()
    assert client.trusthub.v1.customer_profiles.list() == []
    assert client.trusthub.v1.end_users.list() == [] and client.addresses.list() == []
    assert client.trusthub.v1.supporting_documents.list() == []


# -- update ------------------------------------------------------------------------------------------------------------


def test_a_rejected_profile_is_edited_in_place_and_resubmitted(manual: RunningEmulator,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    provider = configure(CustomerProfileProvider, manual)
    created = provider.create(checked(provider, customer_profile()))
    manual.review(created.id, "rejected", "Website does not match the business name")
    refreshed = provider.read(created.id, created.outs)
    assert refreshed.outs["status"] == "twilio-rejected"
    changed = customer_profile(business_information={**BUSINESS, "website_url": "https://www.acme.example.com"},
                               authorized_representatives=[REPRESENTATIVE, SECOND_REPRESENTATIVE])
    news = checked(provider, changed)
    diff = provider.diff(created.id, refreshed.outs, news)
    assert diff.changes is True and diff.replaces == []
    manual.clear_requests()
    updated = provider.update(created.id, refreshed.outs, news)
    assert updated.outs["status"] == "pending-review"
    assert updated.outs["authorized_representatives"] == [REPRESENTATIVE, SECOND_REPRESENTATIVE]
    client = manual.client()
    business = client.trusthub.v1.end_users(updated.outs["parts"]["customer_profile_business_information"]).fetch()
    assert business.attributes["website_url"] == "https://www.acme.example.com"
    assert "authorized_representative_2" in updated.outs["parts"]
    assert "resubmitting it with the changed stack config" in capsys.readouterr().err
    assert not any("/v1/EndUsers/" in w and w.startswith("DELETE") for w in writes(manual))

    # Back to one representative, while rejected again: the second is unassigned and deleted.
    manual.review(created.id, "rejected", "Representative unreachable")
    again = provider.read(created.id, updated.outs)
    fewer = provider.update(created.id, again.outs, checked(provider, customer_profile(
        business_information={**BUSINESS, "website_url": "https://www.acme.example.com"})))
    assert "authorized_representative_2" not in fewer.outs["parts"]
    assert len(client.trusthub.v1.end_users.list()) == 2


def test_an_unchanged_rejected_profile_is_resubmitted_by_the_next_update(manual: RunningEmulator) -> None:
    provider = configure(CustomerProfileProvider, manual)
    created = provider.create(checked(provider, customer_profile()))
    manual.review(created.id, "rejected", "Try again")
    refreshed = provider.read(created.id, created.outs)
    news = checked(provider, customer_profile())
    assert provider.diff(created.id, refreshed.outs, news).changes is True
    assert provider.update(created.id, refreshed.outs, news).outs["status"] == "pending-review"


def test_a_new_country_gets_a_new_address(manual: RunningEmulator) -> None:
    provider = configure(CustomerProfileProvider, manual)
    created = provider.create(checked(provider, customer_profile()))
    manual.review(created.id, "rejected", "Address not verified")
    refreshed = provider.read(created.id, created.outs)
    moved = {"street": "1 King St W", "city": "Toronto", "region": "ON", "postal_code": "M5H 1A1", "iso_country": "CA"}
    updated = provider.update(created.id, refreshed.outs, checked(provider, customer_profile(address=moved)))
    client = manual.client()
    [address] = client.addresses.list()
    assert address.sid == updated.outs["parts"]["address"] != created.outs["parts"]["address"]
    assert address.iso_country == "CA"
    document = client.trusthub.v1.supporting_documents(updated.outs["parts"]["customer_profile_address"]).fetch()
    assert document.attributes == {"address_sids": address.sid}


@pytest.mark.parametrize("review", ["in-review", "approved"])
def test_an_edit_of_a_bundle_under_review_or_approved_is_refused_before_any_write(
        manual: RunningEmulator, review: str) -> None:
    provider = configure(CustomerProfileProvider, manual)
    created = provider.create(checked(provider, customer_profile()))
    manual.review(created.id, review)
    refreshed = provider.read(created.id, created.outs)
    changed = checked(provider, customer_profile(
        address={**ADDRESS, "postal_code": "94107"},
        authorized_representatives=[{**REPRESENTATIVE, "email": "robin@acme.example.com"}]))
    manual.clear_requests()
    with pytest.raises(ReplacementRequired) as info:
        provider.update(created.id, refreshed.outs, changed)
    message = str(info.value)
    assert "flex-a2p:trustHub.customerProfile.address.postalCode" in message
    assert "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].email" in message
    assert "60711" in message and ("--replace" in message if review == "approved" else "review ends" in message)
    assert info.value.would_be == 60711
    assert writes(manual) == [], "refused before any write"
    no_personal_data(message)
    assert "robin@acme.example.com" not in message


def test_waiting_gives_up_at_the_timeout_with_a_warning(manual: RunningEmulator,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    provider = configure(CustomerProfileProvider, manual)
    created = provider.create(checked(provider, customer_profile(wait_for_review=True, review_timeout_seconds=1)))
    assert created.outs["status"] == "pending-review"
    err = capsys.readouterr().err
    assert "waiting for Twilio's review (0s of at most 1s)" in err
    assert "review not finished after 1s (status pending-review)" in err and "`pulumi up --refresh`" in err


def test_waiting_on_a_profile_that_gets_rejected_warns_with_twilios_errors(
        manual: RunningEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    provider = configure(CustomerProfileProvider, manual)
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(provider.create, checked(provider, customer_profile(wait_for_review=True)))
        deadline = time.monotonic() + 20
        while not manual.client().trusthub.v1.customer_profiles.list(status="pending-review"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        [bundle] = manual.client().trusthub.v1.customer_profiles.list()
        manual.review(bundle.sid, "rejected", "Business name does not match the EIN", error_code=18601)
        created = future.result(timeout=20)
    assert created.outs["status"] == "twilio-rejected"
    err = capsys.readouterr().err
    assert "review ended twilio-rejected" in err
    assert f"Customer Profile {bundle.sid} was rejected by Twilio's review (18601: Business name does not match" in err


# -- adopt -------------------------------------------------------------------------------------------------------------


def test_adopting_an_approved_profile_without_data_manages_it_as_it_is(make: Callable[..., Any],
                                                                        emulator: RunningEmulator) -> None:
    profile_sid, _ = compliant_bundles(emulator.client())
    provider = make(CustomerProfileProvider)
    adopted = provider.create(checked(provider, {"adopt_sid": profile_sid}))
    assert adopted.id == profile_sid and adopted.outs["status"] == "twilio-approved"
    assert set(adopted.outs["parts"]) >= {"customer_profile_business_information", "authorized_representative_1",
                                          "customer_profile_address", "address"}
    assert provider.diff(adopted.id, adopted.outs, checked(provider, {"adopt_sid": profile_sid})).changes is False
    with pytest.raises(ReplacementRequired, match=r"Changed: .*businessInformation.businessRegistrationNumber, "
                                                  r".*authorizedRepresentatives\[0\].email") as info:
        provider.create(checked(provider, customer_profile(adopt_sid=profile_sid)))  # other data than Twilio has
    assert "websiteUrl" not in str(info.value), "the same website is no change"


def test_adopting_a_draft_completes_it_and_submits_it(make: Callable[..., Any], emulator: RunningEmulator) -> None:
    client = emulator.client()
    draft = client.trusthub.v1.customer_profiles.create(friendly_name="Console draft", email="ops@acme.example.com",
                                                        policy_sid="RNdfbf3fae0e1107f8aded0e7cead80bf5")
    provider = make(CustomerProfileProvider)
    adopted = provider.create(checked(provider, customer_profile(adopt_sid=draft.sid)))
    assert adopted.id == draft.sid and adopted.outs["status"] == "pending-review"
    assert adopted.outs["authorized_representatives"] == [REPRESENTATIVE]
    assert provider.read(draft.sid, adopted.outs).outs["status"] == "twilio-approved"
    starter = client.trusthub.v1.customer_profiles.create(friendly_name="x", email="ops@acme.example.com",
                                                          policy_sid="RN806dd6cd175f314e1f96a9727ee271f4")
    with pytest.raises(InputError, match="under policy RN806dd6cd175f314e1f96a9727ee271f4, not RNdfbf"):
        provider.create(checked(provider, {"adopt_sid": starter.sid}))


# -- delete ------------------------------------------------------------------------------------------------------------


def test_destroy_removes_an_unused_bundle_with_its_parts(make: Callable[..., Any], emulator: RunningEmulator,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    provider = make(CustomerProfileProvider)
    created = provider.create(checked(provider, customer_profile(wait_for_review=True)))
    provider.delete(created.id, created.outs)
    client = emulator.client()
    assert client.trusthub.v1.customer_profiles.list() == []
    assert client.trusthub.v1.end_users.list() == [] and client.addresses.list() == []
    assert "deleted, with the objects it held" in capsys.readouterr().err


def test_destroy_keeps_what_a_brand_uses_and_says_so(make: Callable[..., Any], emulator: RunningEmulator,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    profile = make(CustomerProfileProvider)
    profile_out = profile.create(checked(profile, customer_profile(wait_for_review=True)))
    product = make(A2PTrustProductProvider)
    product_out = product.create(checked(product, trust_product(profile_out.id, wait_for_review=True)))
    brand = make(BrandRegistrationProvider)
    brand_out = brand.create(checked(brand, {"customer_profile_bundle_sid": profile_out.id,
                                             "a2p_profile_bundle_sid": product_out.id, "mock": True}))
    emulator.clear_requests()
    product.delete(product_out.id, product_out.outs)
    profile.delete(profile_out.id, profile_out.outs)
    err = capsys.readouterr().err
    assert f"A2P Trust Product {product_out.id} is kept" in err and f"Brand Registration {brand_out.id}" in err
    assert f"Customer Profile {profile_out.id} is kept, with the 4 objects it holds, because it is still in use by " \
           f"Brand Registration {brand_out.id}, Trust Product {product_out.id}" in err
    assert [w for w in writes(emulator) if w.startswith("DELETE")] == []


def test_destroy_keeps_a_bundle_twilio_will_not_delete(manual: RunningEmulator,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    provider = configure(CustomerProfileProvider, manual)
    created = provider.create(checked(provider, customer_profile()))
    provider.delete(created.id, created.outs)  # pending-review: Twilio refuses
    assert "Twilio refused to delete it" in capsys.readouterr().err
    assert manual.client().trusthub.v1.customer_profiles(created.id).fetch().status == "pending-review"


# -- the brand's view of its bundles -------------------------------------------------------------------------------


def test_a_brand_is_not_registered_with_a_rejected_or_missing_bundle(manual: RunningEmulator) -> None:
    profile_sid, product_sid = compliant_bundles(manual.client())
    manual.review(product_sid, "rejected", "Stock ticker not found")
    brand = configure(BrandRegistrationProvider, manual)
    with pytest.raises(InputError, match=r"a2p_profile_bundle_sid: A2P Trust Product .* is twilio-rejected .*30793"):
        brand.create(checked(brand, {"customer_profile_bundle_sid": profile_sid, "a2p_profile_bundle_sid": product_sid}))
    with pytest.raises(InputError, match="does not exist"):
        brand.create(checked(brand, {"customer_profile_bundle_sid": "BU" + "4" * 32,
                                     "a2p_profile_bundle_sid": product_sid}))
    assert manual.client().messaging.v1.brand_registrations.list() == []


def test_a_brand_can_wait_for_its_own_review(emulator_factory: Callable[..., RunningEmulator]) -> None:
    emu = emulator_factory(review_delay=0.5)
    profile_sid, product_sid = compliant_bundles(emu.client())
    brand = configure(BrandRegistrationProvider, emu)
    created = brand.create(checked(brand, {"customer_profile_bundle_sid": profile_sid,
                                           "a2p_profile_bundle_sid": product_sid, "wait_for_review": True}))
    assert created.outs["status"] == "APPROVED" and created.outs["wait_for_review"] is True
    assert len(api_calls(emu, "POST", "/v1/a2p/BrandRegistrations")) == 1
