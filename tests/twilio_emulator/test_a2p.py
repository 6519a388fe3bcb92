"""Trust Hub bundles, A2P brands and Usa2p campaigns: lifecycles, review control and Twilio's rules."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from typing import Any

import pytest
from twilio.base import values
from twilio.base.exceptions import TwilioRestException

from twilio_emulator import CAMPAIGN_SID, DEFAULT_ACCOUNT_SID as ACCOUNT
from twilio_emulator.models import Backend, Settings
from twilio_emulator.store import Store
from twilio_emulator.testing import EmulatorError, compliant_bundles

from .conftest import CAMPAIGN, A2P_TRUST_PRODUCT_POLICY, CUSTOMER_PROFILE_POLICY, Raw, approved_brand, \
    approved_bundles, assert_twilio_error


def create_campaign(client: Any, service_sid: str, brand_sid: str, **overrides: Any) -> Any:
    return client.messaging.v1.services(service_sid).us_app_to_person.create(
        brand_registration_sid=brand_sid, **{**CAMPAIGN, **overrides})


def test_bundle_lifecycle_draft_to_approved(client: Any, emulator: Any) -> None:
    profile_sid, _ = compliant_bundles(client, submit=False)
    profile = client.trusthub.v1.customer_profiles(profile_sid).fetch()
    assert re.fullmatch(r"BU[0-9a-f]{32}", profile.sid)
    assert profile.status == "draft" and profile.valid_until is None
    assert profile.url == f"https://trusthub.twilio.com/v1/CustomerProfiles/{profile.sid}"  # D28
    assert profile.links["customer_profiles_evaluations"].endswith(f"/CustomerProfiles/{profile.sid}/Evaluations")
    renamed = profile.update(friendly_name="Acme Inc")
    assert renamed.friendly_name == "Acme Inc" and renamed.status == "draft"
    submitted = profile.update(status="pending-review")
    assert submitted.status == "pending-review"
    approved = profile.fetch()
    assert approved.status == "twilio-approved" and approved.valid_until is not None
    with pytest.raises(TwilioRestException) as err:
        profile.update(email="new@acme.example")
    assert err.value.code == 60711  # approved profiles are not editable
    assert [p.sid for p in client.trusthub.v1.customer_profiles.list(status="twilio-approved")] == [profile.sid]
    assert client.trusthub.v1.customer_profiles.list(status="draft") == []  # the trust product is a trust product
    with pytest.raises(TwilioRestException) as err:
        client.trusthub.v1.trust_products(profile.sid).fetch()  # a profile is not a trust product
    assert err.value.code == 20404


def test_bundle_client_may_only_submit(raw: Raw, client: Any) -> None:
    product = client.trusthub.v1.trust_products.create(
        friendly_name="A2P", email="ops@acme.example", policy_sid=A2P_TRUST_PRODUCT_POLICY)
    assert_twilio_error(raw("POST", f"/v1/TrustProducts/{product.sid}", data={"Status": "twilio-approved"}),
                        400, 20001, "Status")
    assert_twilio_error(raw("POST", "/v1/TrustProducts", data={"FriendlyName": "x", "Email": "nope",
                                                               "PolicySid": A2P_TRUST_PRODUCT_POLICY}),
                        400, 20001, "Email")
    assert product.fetch().status == "draft"
    assert product.delete() is True
    assert client.trusthub.v1.trust_products.list() == []


def test_brand_passes_review_after_the_delay(emulator_factory: Any) -> None:
    emulator = emulator_factory(review_delay=1.0)
    client = emulator.client()
    profile_sid, product_sid = approved_bundles(client)
    time.sleep(1.1)
    brand = client.messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid=profile_sid, a2p_profile_bundle_sid=product_sid, mock=True)
    assert brand.status == "PENDING" and brand.tcr_id is None and brand.identity_status is None
    assert brand.mock is True and brand.brand_type == "STANDARD"
    assert brand.fetch().status == "PENDING"
    time.sleep(1.1)
    approved = brand.fetch()
    assert approved.status == "APPROVED"
    assert re.fullmatch(r"B[0-9A-Z]{6}", approved.tcr_id)
    assert approved.identity_status == "VERIFIED"


def test_campaign_and_bundle_pass_through_in_review_steps(emulator_factory: Any) -> None:
    emulator = emulator_factory(review_delay=1.0)
    client = emulator.client()
    profile = client.trusthub.v1.customer_profiles(compliant_bundles(client, submit=False)[0])
    profile.update(status="pending-review")
    time.sleep(0.6)
    assert profile.fetch().status == "in-review"
    time.sleep(0.6)
    assert profile.fetch().status == "twilio-approved"


def test_brand_with_unapproved_bundles_fails_with_30793(client: Any) -> None:
    draft = client.trusthub.v1.customer_profiles.create(
        friendly_name="Draft", email="ops@acme.example", policy_sid=CUSTOMER_PROFILE_POLICY)
    brand = client.messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid=draft.sid, a2p_profile_bundle_sid="BU" + "a" * 32)
    failed = brand.fetch()
    assert failed.status == "FAILED"
    assert failed.errors[0]["error_code"] == 30793
    assert failed.failure_reason


def test_manual_review_waits_and_control_api_decides(emulator_factory: Any) -> None:
    emulator = emulator_factory(review_delay="manual")
    client = emulator.client()
    profile_sid, product_sid = approved_bundles(client)
    assert client.trusthub.v1.customer_profiles(profile_sid).fetch().status == "pending-review"
    emulator.review(profile_sid, "approved")
    emulator.review(product_sid, "twilio-approved")
    assert client.trusthub.v1.trust_products(product_sid).fetch().status == "twilio-approved"
    brand = client.messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid=profile_sid, a2p_profile_bundle_sid=product_sid)
    time.sleep(0.2)
    assert brand.fetch().status == "PENDING"

    result = emulator.review(brand.sid, "failed", "Tax ID does not match the legal name", error_code=30701,
                             fields=["ein"])
    assert result["status"] == "FAILED"
    failed = brand.fetch()
    assert failed.status == "FAILED" and failed.failure_reason == "Tax ID does not match the legal name"
    assert failed.errors == [{"url": "https://www.twilio.com/docs/api/errors/30701", "error_code": 30701,
                              "description": "Tax ID does not match the legal name", "fields": ["ein"]}]

    resubmitted = client.messaging.v1.brand_registrations(brand.sid).update()
    assert resubmitted.status == "PENDING" and resubmitted.errors == []
    emulator.review(brand.sid, "approved")
    assert brand.fetch().status == "APPROVED"

    with pytest.raises(EmulatorError, match="400"):
        emulator.review(brand.sid, "VERIFIED")  # a campaign status, not a brand status
    with pytest.raises(EmulatorError, match="404"):
        emulator.review("BN" + "0" * 32, "approved")


def test_brand_resubmission_only_when_failed_and_limited(emulator_factory: Any) -> None:
    emulator = emulator_factory(review_delay="manual")
    client = emulator.client()
    brand = client.messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid="BU" + "1" * 32, a2p_profile_bundle_sid="BU" + "2" * 32)
    with pytest.raises(TwilioRestException) as err:
        client.messaging.v1.brand_registrations(brand.sid).update()
    assert (err.value.status, err.value.code) == (400, 21725)
    for _ in range(3):
        emulator.review(brand.sid, "failed", "bad data")
        assert client.messaging.v1.brand_registrations(brand.sid).update().status == "PENDING"
    emulator.review(brand.sid, "failed", "bad data")
    with pytest.raises(TwilioRestException) as err:
        client.messaging.v1.brand_registrations(brand.sid).update()
    assert err.value.code == 21724
    assert brand.fetch().status == "FAILED"


def test_brand_list_and_validation(client: Any, raw: Raw) -> None:
    assert_twilio_error(raw("POST", "/v1/a2p/BrandRegistrations", data={"CustomerProfileBundleSid": "BU" + "1" * 32}),
                        400, 20001, "A2PProfileBundleSid")
    assert_twilio_error(raw("POST", "/v1/a2p/BrandRegistrations",
                            data={"CustomerProfileBundleSid": "BN" + "1" * 32, "A2PProfileBundleSid": "BU" + "1" * 32}),
                        400, 20001, "CustomerProfileBundleSid", "BU")
    assert_twilio_error(raw("POST", "/v1/a2p/BrandRegistrations",
                            data={"CustomerProfileBundleSid": "BU" + "1" * 32, "A2PProfileBundleSid": "BU" + "1" * 32,
                                  "BrandType": "STARTER"}), 400, 20001, "BrandType")
    assert client.messaging.v1.brand_registrations.list() == []
    a2p = approved_brand(client)
    body = raw("GET", "/v1/a2p/BrandRegistrations").json()
    assert body["meta"]["key"] == "data" and [b["sid"] for b in body["data"]] == [a2p.brand_sid]


def test_campaign_lifecycle(client: Any, emulator: Any, raw: Raw) -> None:
    a2p = approved_brand(client)
    service = client.messaging.v1.services.create(friendly_name="Flex")
    campaign = create_campaign(client, service.sid, a2p.brand_sid, opt_in_keywords=["START"])
    assert campaign.sid == CAMPAIGN_SID
    assert campaign.campaign_status == "PENDING" and campaign.campaign_id is None
    assert campaign.messaging_service_sid == service.sid and campaign.brand_registration_sid == a2p.brand_sid
    assert campaign.message_samples == CAMPAIGN["message_samples"] and campaign.opt_in_keywords == ["START"]
    assert campaign.url == f"https://messaging.twilio.com/v1/Services/{service.sid}/Compliance/Usa2p/{CAMPAIGN_SID}"

    verified = client.messaging.v1.services(service.sid).us_app_to_person(CAMPAIGN_SID).fetch()
    assert verified.campaign_status == "VERIFIED"
    assert re.fullmatch(r"C[0-9A-Z]{6}", verified.campaign_id)
    assert verified.rate_limits["att"]["mps"] == 600
    assert client.messaging.v1.services(service.sid).fetch().us_app_to_person_registered is True
    listed = raw("GET", f"/v1/Services/{service.sid}/Compliance/Usa2p").json()
    assert listed["meta"]["key"] == "compliance" and len(listed["compliance"]) == 1
    assert "privacy_policy_url" not in listed["compliance"][0]

    updated = client.messaging.v1.services(service.sid).us_app_to_person(CAMPAIGN_SID).update(
        has_embedded_links=True, has_embedded_phone=False, message_samples=CAMPAIGN["message_samples"],
        message_flow=CAMPAIGN["message_flow"], description="Updated: " + CAMPAIGN["description"],
        age_gated=False, direct_lending=False, privacy_policy_url="https://acme.example/privacy-2026",
        x_twilio_api_version="v1.2")
    assert updated.has_embedded_links is True and updated.description.startswith("Updated: ")
    assert updated.campaign_status == "VERIFIED" and updated.privacy_policy_url == "https://acme.example/privacy-2026"
    v2 = raw("GET", f"/v1/Services/{service.sid}/Compliance/Usa2p/{CAMPAIGN_SID}",
             headers={"X-Twilio-Api-Version": "v1.2"}).json()
    assert v2["privacy_policy_url"] == "https://acme.example/privacy-2026"
    assert v2["terms_and_conditions_url"] == CAMPAIGN["terms_and_conditions_url"]  # kept: not sent on update

    assert client.messaging.v1.services(service.sid).us_app_to_person(CAMPAIGN_SID).delete() is True
    assert client.messaging.v1.services(service.sid).us_app_to_person.list() == []
    assert client.messaging.v1.services(service.sid).fetch().us_app_to_person_registered is False


def test_campaign_needs_an_approved_brand(emulator_factory: Any) -> None:
    emulator = emulator_factory(review_delay="manual")
    client = emulator.client()
    service = client.messaging.v1.services.create(friendly_name="Flex")
    brand = client.messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid="BU" + "1" * 32, a2p_profile_bundle_sid="BU" + "2" * 32)
    with pytest.raises(TwilioRestException) as err:
        create_campaign(client, service.sid, brand.sid)
    assert (err.value.status, err.value.code) == (400, 21717)
    assert "PENDING" in err.value.msg
    with pytest.raises(TwilioRestException) as err:
        create_campaign(client, service.sid, "BN" + "9" * 32)
    assert err.value.code == 21717
    assert client.messaging.v1.services(service.sid).us_app_to_person.list() == []


def test_one_campaign_per_service(client: Any) -> None:
    a2p = approved_brand(client)
    service = client.messaging.v1.services.create(friendly_name="Flex")
    create_campaign(client, service.sid, a2p.brand_sid)
    with pytest.raises(TwilioRestException) as err:
        create_campaign(client, service.sid, a2p.brand_sid, us_app_to_person_usecase="MARKETING")
    assert (err.value.status, err.value.code) == (409, 20409)
    other = client.messaging.v1.services.create(friendly_name="Other")
    assert create_campaign(client, other.sid, a2p.brand_sid).sid == CAMPAIGN_SID  # same constant SID elsewhere
    campaigns = client.messaging.v1.services(service.sid).us_app_to_person.list()
    assert [c.us_app_to_person_usecase for c in campaigns] == ["CUSTOMER_CARE"]


def test_campaign_content_rules(client: Any) -> None:
    a2p = approved_brand(client)
    service = client.messaging.v1.services.create(friendly_name="Flex")
    cases = [({"description": "too short"}, 21728), ({"message_samples": ["only one sample is here"]}, 21728),
             ({"opt_in_keywords": ["START NOW"]}, 21728), ({"us_app_to_person_usecase": "NOT_A_USECASE"}, 21720),
             ({"us_app_to_person_usecase": "SOLE_PROPRIETOR"}, 21717)]
    for overrides, code in cases:
        with pytest.raises(TwilioRestException) as err:
            create_campaign(client, service.sid, a2p.brand_sid, **overrides)
        assert err.value.code == code, overrides
    assert client.messaging.v1.services(service.sid).us_app_to_person.list() == []


def test_sole_proprietor_brand_has_one_sole_proprietor_campaign(client: Any) -> None:
    a2p = approved_brand(client, brand_type="SOLE_PROPRIETOR")
    first = client.messaging.v1.services.create(friendly_name="One")
    second = client.messaging.v1.services.create(friendly_name="Two")
    with pytest.raises(TwilioRestException) as err:
        create_campaign(client, first.sid, a2p.brand_sid)  # CUSTOMER_CARE is not for sole proprietors
    assert err.value.code == 21717
    create_campaign(client, first.sid, a2p.brand_sid, us_app_to_person_usecase="SOLE_PROPRIETOR")
    with pytest.raises(TwilioRestException) as err:
        create_campaign(client, second.sid, a2p.brand_sid, us_app_to_person_usecase="SOLE_PROPRIETOR")
    assert err.value.code == 21732


def test_campaign_update_rules_and_failed_resubmission(emulator_factory: Any) -> None:
    emulator = emulator_factory(review_delay="manual")
    client = emulator.client()
    profile_sid, product_sid = approved_bundles(client)
    brand = client.messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid=profile_sid, a2p_profile_bundle_sid=product_sid)
    emulator.review(brand.sid, "approved")
    service = client.messaging.v1.services.create(friendly_name="Flex")
    create_campaign(client, service.sid, brand.sid)
    campaign = client.messaging.v1.services(service.sid).us_app_to_person(CAMPAIGN_SID)
    assert client.messaging.v1.services(service.sid).fetch().us_app_to_person_registered is False  # not VERIFIED
    update = dict(has_embedded_links=False, has_embedded_phone=False, message_samples=CAMPAIGN["message_samples"],
                  message_flow=CAMPAIGN["message_flow"], description=CAMPAIGN["description"], age_gated=False,
                  direct_lending=False)
    with pytest.raises(TwilioRestException) as err:
        campaign.update(**update)
    assert (err.value.status, err.value.code) == (409, 20409)

    emulator.review(service.sid, "failed", "Message flow lacks opt-in details", error_code=30897,
                    fields=["MESSAGE_FLOW"])
    failed = campaign.fetch()
    assert failed.campaign_status == "FAILED"
    assert failed.errors == [{"error_code": 30897, "fields": ["MESSAGE_FLOW"],
                              "url": "https://www.twilio.com/docs/api/errors/30897",
                              "description": "Message flow lacks opt-in details"}]
    assert campaign.update(**update).campaign_status == "PENDING"
    emulator.review(CAMPAIGN_SID, "approved")  # the constant SID works while only one campaign exists
    assert campaign.fetch().campaign_status == "VERIFIED"
    emulator.review(service.sid, "SUSPENDED")
    with pytest.raises(TwilioRestException) as err:
        campaign.update(**update)
    assert err.value.code == 21729


def test_a2p_usecases_depend_on_the_brand(client: Any) -> None:
    a2p = approved_brand(client)
    service = client.messaging.v1.services.create(friendly_name="Flex")
    usecases = client.messaging.v1.services(service.sid).us_app_to_person_usecases.fetch(
        brand_registration_sid=a2p.brand_sid).us_app_to_person_usecases
    codes = {u["code"] for u in usecases}
    assert {"MARKETING", "CUSTOMER_CARE", "MIXED"} <= codes and "SOLE_PROPRIETOR" not in codes
    assert all(set(u) == {"code", "name", "description", "post_approval_required"} for u in usecases)
    empty = client.messaging.v1.services(service.sid).us_app_to_person_usecases.fetch(
        brand_registration_sid="BN" + "3" * 32).us_app_to_person_usecases
    assert empty == []


# -- the policy URLs (D36) and their place in the campaign body (D12) --------------------------------------------


def campaign_errors(campaign: Any) -> list[tuple[int, list[str]]]:
    return [(e["error_code"], e["fields"]) for e in campaign.errors]


def test_a_campaign_created_without_policy_urls_fails_its_review_with_30933_and_30934(client: Any) -> None:
    a2p = approved_brand(client)
    neither, empty_terms = (client.messaging.v1.services.create(friendly_name=name) for name in ("A", "B"))
    created = create_campaign(client, neither.sid, a2p.brand_sid, privacy_policy_url=values.unset,
                              terms_and_conditions_url=values.unset)
    assert created.campaign_status == "PENDING"  # accepted: Twilio reports it with the review, not with a 4xx
    create_campaign(client, empty_terms.sid, a2p.brand_sid, terms_and_conditions_url="")
    failed = client.messaging.v1.services(neither.sid).us_app_to_person(CAMPAIGN_SID).fetch()
    assert failed.campaign_status == "FAILED"
    assert campaign_errors(failed) == [(30933, ["PRIVACY_POLICY_URL"]), (30934, ["TERMS_AND_CONDITIONS_URL"])]
    assert "PrivacyPolicyUrl is required" in failed.errors[0]["description"]
    one = client.messaging.v1.services(empty_terms.sid).us_app_to_person(CAMPAIGN_SID).fetch()
    assert campaign_errors(one) == [(30934, ["TERMS_AND_CONDITIONS_URL"])]  # an empty value counts as missing

    # Twilio's update accepts both URLs: the corrected campaign is reviewed again and passes.
    fixed = client.messaging.v1.services(neither.sid).us_app_to_person(CAMPAIGN_SID).update(
        has_embedded_links=False, has_embedded_phone=False, message_samples=CAMPAIGN["message_samples"],
        message_flow=CAMPAIGN["message_flow"], description=CAMPAIGN["description"], age_gated=False,
        direct_lending=False, privacy_policy_url=CAMPAIGN["privacy_policy_url"],
        terms_and_conditions_url=CAMPAIGN["terms_and_conditions_url"])
    assert fixed.campaign_status == "PENDING" and fixed.errors == []
    assert client.messaging.v1.services(neither.sid).us_app_to_person(CAMPAIGN_SID).fetch().campaign_status == \
        "VERIFIED"


def test_a_campaign_created_before_the_cut_off_is_not_asked_for_policy_urls() -> None:
    now = [datetime(2026, 6, 29, 12, tzinfo=timezone.utc).timestamp()]
    backend = Backend(Store(), Settings(review_delay=60.0), clock=lambda: now[0])
    with backend.session() as s:
        s.ensure_account(ACCOUNT, "token")
        brand = s.create_brand(ACCOUNT, {"customer_profile_bundle_sid": "BU" + "1" * 32,
                                         "a2p_profile_bundle_sid": "BU" + "2" * 32})
        s.set_review(brand["sid"], "approved", None, None, None)
        service = s.create_service(ACCOUNT, {"friendly_name": "Flex"})
        fields = {k: v for k, v in CAMPAIGN.items() if not k.endswith("_url")}
        s.create_campaign(ACCOUNT, service["sid"], {**fields, "brand_registration_sid": brand["sid"]})
    now[0] = datetime(2026, 11, 30, tzinfo=timezone.utc).timestamp()  # its review ends after the cut-off
    backend.tick()
    with backend.session() as s:
        reviewed = s.fetch_campaign(ACCOUNT, service["sid"], CAMPAIGN_SID)
    assert (reviewed["campaign_status"], reviewed["errors"]) == ("VERIFIED", [])


def test_the_policy_urls_are_in_fetch_and_update_bodies_without_the_version_header(client: Any, raw: Raw) -> None:
    a2p = approved_brand(client)
    service = client.messaging.v1.services.create(friendly_name="Flex")
    path = f"/v1/Services/{service.sid}/Compliance/Usa2p"
    created = raw("POST", path, data={"BrandRegistrationSid": a2p.brand_sid, "Description": CAMPAIGN["description"],
                                      "MessageFlow": CAMPAIGN["message_flow"],
                                      "MessageSamples": CAMPAIGN["message_samples"],
                                      "UsAppToPersonUsecase": "CUSTOMER_CARE", "HasEmbeddedLinks": "false",
                                      "HasEmbeddedPhone": "false",
                                      "PrivacyPolicyUrl": CAMPAIGN["privacy_policy_url"],
                                      "TermsAndConditionsUrl": CAMPAIGN["terms_and_conditions_url"]}).json()
    assert "privacy_policy_url" not in created  # create and list: only with X-Twilio-Api-Version v1.2+
    assert "privacy_policy_url" not in raw("GET", path).json()["compliance"][0]
    assert raw("GET", path, headers={"X-Twilio-Api-Version": "v1.2"}).json()["compliance"][0][
        "privacy_policy_url"] == CAMPAIGN["privacy_policy_url"]
    fetched = raw("GET", f"{path}/{CAMPAIGN_SID}").json()
    assert (fetched["privacy_policy_url"], fetched["terms_and_conditions_url"]) == (
        CAMPAIGN["privacy_policy_url"], CAMPAIGN["terms_and_conditions_url"])
    old_version = raw("GET", f"{path}/{CAMPAIGN_SID}", headers={"X-Twilio-Api-Version": "v1.1"}).json()
    assert old_version["privacy_policy_url"] == CAMPAIGN["privacy_policy_url"]  # fetch shows what it has

    other = client.messaging.v1.services.create(friendly_name="Other")
    create_campaign(client, other.sid, a2p.brand_sid, **{k: values.unset for k in CAMPAIGN if k.endswith("_url")})
    without = raw("GET", f"/v1/Services/{other.sid}/Compliance/Usa2p/{CAMPAIGN_SID}").json()
    assert "privacy_policy_url" not in without and without["description"] == CAMPAIGN["description"]
    with_header = raw("GET", f"/v1/Services/{other.sid}/Compliance/Usa2p/{CAMPAIGN_SID}",
                      headers={"X-Twilio-Api-Version": "v1.2"}).json()
    assert with_header["privacy_policy_url"] is None and with_header["terms_and_conditions_url"] is None


# -- brand Authentication+ (D37) ---------------------------------------------------------------------------------


def test_a_brand_awaiting_its_2fa_email_stays_pending_until_the_control_api_decides(emulator_factory: Any) -> None:
    emulator = emulator_factory(review_delay=0.2)
    client = emulator.client()
    profile_sid, product_sid = approved_bundles(client)
    time.sleep(0.3)
    brand = client.messaging.v1.brand_registrations.create(customer_profile_bundle_sid=profile_sid,
                                                           a2p_profile_bundle_sid=product_sid)
    emulator.review(brand.sid, "awaiting_2fa")
    time.sleep(0.3)  # its review would have come due: the 2FA wait replaces it
    waiting = brand.fetch()
    assert (waiting.status, waiting.identity_status, waiting.errors) == ("PENDING", "UNVERIFIED", [])
    service = client.messaging.v1.services.create(friendly_name="Flex")
    with pytest.raises(TwilioRestException) as err:
        create_campaign(client, service.sid, brand.sid)
    assert err.value.code == 21717  # no campaign until the brand contact completes the 2FA email

    emulator.review(brand.sid, "approved")  # the contact completed it
    approved = brand.fetch()
    assert (approved.status, approved.identity_status) == ("APPROVED", "VERIFIED")


@pytest.mark.parametrize(("code", "title"), [
    (21736, "Domain Ownership Could Not Be Verified"), (21737, "2FA Verification Expired"),
    (21738, "2FA Email Undeliverable"), (21739, "2FA Verification Failed or Timed Out"),
    (21740, "Invalid Brand Contact Email Domain"), (21741, "2FA Code Expired"),
])
def test_authentication_plus_failures_name_the_brand_contact_email(emulator_factory: Any, code: int,
                                                                     title: str) -> None:
    emulator = emulator_factory(review_delay="manual")
    brand = emulator.client().messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid="BU" + "1" * 32, a2p_profile_bundle_sid="BU" + "2" * 32)
    emulator.review(brand.sid, "failed", error_code=code)
    failed = brand.fetch()
    assert (failed.status, failed.identity_status, failed.failure_reason) == ("FAILED", "UNVERIFIED", title)
    assert failed.errors == [{"url": f"https://www.twilio.com/docs/api/errors/{code}", "error_code": code,
                              "description": title, "fields": ["brand_contact_email"]}]
