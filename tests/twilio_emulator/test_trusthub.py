"""Trust Hub's chain: end users, supporting documents, addresses, entity assignments, evaluations against the A2P
policies, the review that evaluates a submitted bundle, and what a bundle under review or approved refuses (60711)."""

from __future__ import annotations

import json
import time
from typing import Any

from twilio_contract.trusthub import (A2P_MESSAGING_PROFILE_POLICY, POLICIES, SECONDARY_CUSTOMER_PROFILE_POLICY,
                                      SOLE_PROPRIETOR_TRUST_PRODUCT_POLICY, STARTER_CUSTOMER_PROFILE_POLICY)
from twilio_emulator.testing import BUSINESS_INFORMATION, REPRESENTATIVE, compliant_bundles

from .conftest import Raw, assert_twilio_error


def failures(evaluation: Any) -> dict[str, set[str]]:
    """requirement name -> the fields it names as invalid (or {"*"} when the requirement failed as a whole)."""
    return {r["requirement_name"]: {i["object_field"] for i in r["invalid"]} or {"*"}
            for r in evaluation.results if not r["passed"]}


def new_profile(client: Any) -> Any:
    return client.trusthub.v1.customer_profiles.create(friendly_name="Acme", email="ops@acme.example.com",
                                                       policy_sid=SECONDARY_CUSTOMER_PROFILE_POLICY)


def assign(client: Any, profile_sid: str, *sids: str) -> None:
    for sid in sids:
        client.trusthub.v1.customer_profiles(profile_sid).customer_profiles_entity_assignments.create(object_sid=sid)


def evaluate(client: Any, profile_sid: str) -> Any:
    return client.trusthub.v1.customer_profiles(profile_sid).customer_profiles_evaluations.create(
        policy_sid=SECONDARY_CUSTOMER_PROFILE_POLICY)


def end_user(client: Any, type_: str, attributes: dict[str, Any]) -> str:
    return client.trusthub.v1.end_users.create(friendly_name=type_, type=type_, attributes=attributes).sid


# -- policies ------------------------------------------------------------------------------------------------


def test_the_four_a2p_policies_are_served_with_their_requirements(client: Any, raw: Raw) -> None:
    listed = {p.sid: p for p in client.trusthub.v1.policies.list()}
    assert set(listed) == {SECONDARY_CUSTOMER_PROFILE_POLICY, A2P_MESSAGING_PROFILE_POLICY,
                           STARTER_CUSTOMER_PROFILE_POLICY, SOLE_PROPRIETOR_TRUST_PRODUCT_POLICY}
    secondary = client.trusthub.v1.policies(SECONDARY_CUSTOMER_PROFILE_POLICY).fetch().requirements
    assert [u["type"] for u in secondary["end_user"]] == [
        "customer_profile_business_information", "authorized_representative_1", "authorized_representative_2"]
    assert "website_url" in secondary["end_user"][0]["fields"]
    assert secondary["supporting_document"][0][0]["requirement_name"] == "customer_profile_address"
    a2p = listed[A2P_MESSAGING_PROFILE_POLICY].requirements
    assert a2p["end_user"][0]["fields"] == ["company_type", "stock_exchange", "stock_ticker", "brand_contact_email"]
    assert a2p["supporting_customer_profiles"][0]["requirement_name"] == "customer_profile"
    assert_twilio_error(raw("GET", "/v1/Policies/RN" + "0" * 32), 404, 20404, "/Policies/RN")


# -- end users, documents, addresses -----------------------------------------------------------------------------


def test_end_users_take_a_policy_type_and_only_its_attributes(raw: Raw, client: Any) -> None:
    assert_twilio_error(raw("POST", "/v1/EndUsers", data={"FriendlyName": "x", "Type": "individual"}),
                        400, 20001, "Type", "customer_profile_business_information")
    body = assert_twilio_error(raw("POST", "/v1/EndUsers", data={
        "FriendlyName": "x", "Type": "authorized_representative_1",
        "Attributes": json.dumps({"first_name": "Alex", "date_of_birth": "1990-01-01"})}), 400, 20001, "date_of_birth")
    assert "1990" not in body["message"], "attribute values are personal data"
    assert_twilio_error(raw("POST", "/v1/EndUsers", data={"FriendlyName": "x", "Type": "authorized_representative_1",
                                                         "Attributes": "[1, 2]"}), 400, 20001, "JSON object")
    sid = end_user(client, "authorized_representative_1", REPRESENTATIVE)
    fetched = client.trusthub.v1.end_users(sid).fetch()
    assert fetched.attributes == REPRESENTATIVE and fetched.type == "authorized_representative_1"
    updated = client.trusthub.v1.end_users(sid).update(attributes={**REPRESENTATIVE, "job_position": "CEO"})
    assert updated.attributes["job_position"] == "CEO"


def test_addresses_are_v2010_resources_of_the_account(client: Any, raw: Raw, emulator: Any) -> None:
    address = client.addresses.create(customer_name="Acme Inc", street="1 Main St", city="San Francisco",
                                      region="CA", postal_code="94105", iso_country="US")
    assert address.sid.startswith("AD") and address.validated is False and address.street_secondary is None
    assert address.uri == f"/2010-04-01/Accounts/{emulator.account_sid}/Addresses/{address.sid}.json"
    assert client.addresses(address.sid).update(city="Oakland").city == "Oakland"
    assert [a.sid for a in client.addresses.list(iso_country="US")] == [address.sid]
    path = f"/2010-04-01/Accounts/{emulator.account_sid}/Addresses.json"
    assert_twilio_error(raw("POST", path, data={"CustomerName": "x", "Street": "1 Main St", "City": "SF",
                                                "Region": "CA", "PostalCode": "94105", "IsoCountry": "USA"}),
                        400, 20001, "IsoCountry")
    assert_twilio_error(raw("POST", path, data={"CustomerName": "x"}), 400, 20001, "Street")
    assert client.addresses(address.sid).delete() is True
    assert client.addresses.list() == []


# -- evaluations ---------------------------------------------------------------------------------------------------


def test_an_empty_profile_fails_every_requirement_at_once(client: Any) -> None:
    evaluation = evaluate(client, new_profile(client).sid)
    assert evaluation.status == "noncompliant" and evaluation.sid.startswith("EL")
    found = failures(evaluation)
    assert found["customer_profile_business_information"] == set(POLICIES[SECONDARY_CUSTOMER_PROFILE_POLICY]
                                                                   .end_users[0].required)
    assert found["authorized_representative_1"] >= {"first_name", "email", "phone_number"}
    assert found["customer_profile_address"] == {"address_sids"}
    assert "authorized_representative_2" not in found and "primary_customer_profile" not in found  # optional
    codes = {r["requirement_name"]: r["error_code"] for r in evaluation.results}
    assert codes["customer_profile_business_information"] == 22214
    assert codes["customer_profile_address"] == 22216


def test_an_evaluation_names_each_missing_or_invalid_attribute(client: Any) -> None:
    profile = new_profile(client).sid
    business = {k: v for k, v in BUSINESS_INFORMATION.items() if k != "website_url"}
    address = client.addresses.create(customer_name="Acme", street="1 Main St", city="SF", region="CA",
                                      postal_code="94105", iso_country="US").sid
    document = client.trusthub.v1.supporting_documents.create(
        friendly_name="HQ", type="customer_profile_address", attributes={"address_sids": "AD" + "9" * 32}).sid
    assign(client, profile, end_user(client, "customer_profile_business_information",
                                     {**business, "business_industry": "SPACE_TRAVEL"}),
           end_user(client, "authorized_representative_1", {**REPRESENTATIVE, "email": ""}), document)
    found = failures(evaluate(client, profile))
    assert found == {"customer_profile_business_information": {"website_url", "business_industry"},
                     "authorized_representative_1": {"email"}, "customer_profile_address": {"address_sids"}}
    client.trusthub.v1.supporting_documents(document).update(attributes={"address_sids": address})
    assert "customer_profile_address" not in failures(evaluate(client, profile))


def test_a_public_company_needs_its_stock_listing(client: Any) -> None:
    profile_sid, _ = compliant_bundles(client, submit=False)
    product = client.trusthub.v1.trust_products.create(friendly_name="A2P", email="ops@acme.example.com",
                                                       policy_sid=A2P_MESSAGING_PROFILE_POLICY)
    evaluations = client.trusthub.v1.trust_products(product.sid).trust_products_evaluations
    assert failures(evaluations.create(policy_sid=A2P_MESSAGING_PROFILE_POLICY)) == {
        "us_a2p_messaging_profile_information": {"company_type"}, "customer_profile": {"*"}}
    info = end_user(client, "us_a2p_messaging_profile_information", {"company_type": "public"})
    for sid in (info, profile_sid):
        client.trusthub.v1.trust_products(product.sid).trust_products_entity_assignments.create(object_sid=sid)
    assert failures(evaluations.create(policy_sid=A2P_MESSAGING_PROFILE_POLICY)) == {
        "us_a2p_messaging_profile_information": {"stock_exchange", "stock_ticker", "brand_contact_email"}}
    assert evaluations.list()[0].status == "noncompliant"


# -- assignments and locks -----------------------------------------------------------------------------------------


def test_assignments_name_objects_of_the_account_once(client: Any, raw: Raw) -> None:
    profile = new_profile(client).sid
    path = f"/v1/CustomerProfiles/{profile}/EntityAssignments"
    assert_twilio_error(raw("POST", path, data={"ObjectSid": "IT" + "1" * 32}), 400, 20001, "ObjectSid")
    sid = end_user(client, "authorized_representative_1", REPRESENTATIVE)
    assign(client, profile, sid)
    assert_twilio_error(raw("POST", path, data={"ObjectSid": sid}), 409, 20409, "already assigned")
    [held] = client.trusthub.v1.customer_profiles(profile).customer_profiles_entity_assignments.list(
        object_type="authorized_representative_1")
    assert held.object_sid == sid and held.customer_profile_sid == profile


def test_a_bundle_under_review_or_approved_and_what_it_holds_are_frozen(emulator_factory: Any) -> None:
    emulator = emulator_factory(review_delay="manual")
    client = emulator.client()
    raw = Raw(emulator)
    profile_sid, product_sid = compliant_bundles(client)
    profile = client.trusthub.v1.customer_profiles(profile_sid)
    assignments = profile.customer_profiles_entity_assignments.list()
    user = next(a.object_sid for a in assignments if a.object_sid.startswith("IT"))
    spare = end_user(client, "authorized_representative_2", REPRESENTATIVE)

    for method, path, data in (
        ("POST", f"/v1/CustomerProfiles/{profile_sid}/EntityAssignments", {"ObjectSid": spare}),
        ("DELETE", f"/v1/CustomerProfiles/{profile_sid}/EntityAssignments/{assignments[0].sid}", None),
        ("POST", f"/v1/EndUsers/{user}", {"FriendlyName": "renamed"}),
        ("DELETE", f"/v1/EndUsers/{user}", None),
        ("DELETE", f"/v1/CustomerProfiles/{profile_sid}", None),
    ):
        assert_twilio_error(raw(method, path, data=data), 400, 60711)
    emulator.review(profile_sid, "approved")
    assert_twilio_error(raw("POST", f"/v1/EndUsers/{user}", data={"FriendlyName": "renamed"}), 400, 60711,
                        "twilio-approved")
    emulator.review(product_sid, "rejected", "Ticker does not match")
    assert client.trusthub.v1.trust_products(product_sid).update(friendly_name="Fixed").friendly_name == "Fixed"
    assert profile.delete() is True  # an approved bundle may be deleted; its assignments go with it
    assert client.trusthub.v1.end_users(user).update(friendly_name="free again").friendly_name == "free again"


# -- review ----------------------------------------------------------------------------------------------------------


def test_a_submitted_bundle_that_fails_its_evaluation_is_rejected_naming_the_fields(emulator_factory: Any) -> None:
    emulator = emulator_factory(review_delay=1.0)
    client = emulator.client()
    profile = new_profile(client)
    assign(client, profile.sid, end_user(client, "authorized_representative_1", REPRESENTATIVE))
    assert profile.update(status="pending-review").status == "pending-review"
    time.sleep(0.6)
    rejected = profile.fetch()
    assert rejected.status == "twilio-rejected", "a noncompliant bundle is rejected without going in review"
    fields = {(e["requirement_name"], e["object_field"]) for e in rejected.errors}
    assert ("customer_profile_business_information", "website_url") in fields
    assert ("customer_profile_address", "address_sids") in fields
    assert all(REPRESENTATIVE["email"] not in json.dumps(e) for e in rejected.errors)

    compliant, _ = compliant_bundles(client, submit=False)
    submitted = client.trusthub.v1.customer_profiles(compliant).update(status="pending-review")
    assert submitted.status == "pending-review"
    time.sleep(0.6)
    assert submitted.fetch().status == "in-review"
    time.sleep(0.6)
    assert submitted.fetch().status == "twilio-approved"


def test_a_brand_whose_bundle_was_rejected_fails_with_30793(emulator_factory: Any) -> None:
    emulator = emulator_factory(review_delay=0.3)
    client = emulator.client()
    profile_sid, product_sid = compliant_bundles(client)
    time.sleep(0.35)
    assert client.trusthub.v1.trust_products(product_sid).fetch().status == "twilio-approved"
    emulator.review(product_sid, "rejected", "Stock ticker not found")
    brand = client.messaging.v1.brand_registrations.create(customer_profile_bundle_sid=profile_sid,
                                                           a2p_profile_bundle_sid=product_sid)
    time.sleep(0.35)
    failed = brand.fetch()
    assert failed.status == "FAILED" and failed.errors[0]["error_code"] == 30793
    assert product_sid in failed.failure_reason and "twilio-rejected" in failed.failure_reason
