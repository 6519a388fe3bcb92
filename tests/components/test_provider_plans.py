"""check() and diff(): what the engine shows in a preview. These run on *unconfigured* providers, whose client
raises if touched, so every test here also proves that planning makes no Twilio call."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import DiffResult
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN as UNKNOWN_SENTINEL

from components.a2p_campaign import A2PCampaignProvider
from components.brand_registration import BrandRegistrationProvider
from components.messaging_service import MessagingServiceProvider
from components.messaging_service_phone_number import MessagingServicePhoneNumberProvider
from components.errors import InputError, ReplacementRequired
from tests.components.campaign_samples import COMPLIANT_CAMPAIGN

MG = "MG" + "0" * 32
MG2 = "MG" + "9" * 32
PN = "PN" + "1" * 32
BN = "BN" + "2" * 32
BU1, BU2 = "BU" + "3" * 32, "BU" + "4" * 32
QE = "QE2c6890da8086d771620e9b13fadeba0b"


# The dynamic-provider servicer hands check()/diff() unknowns as `Unknown` objects; raw payloads carry the sentinel.
UNKNOWN = Unknown()  # the form the servicer passes (used in parametrized tables below)
unknown_forms = pytest.mark.parametrize("UNKNOWN", [Unknown(), UNKNOWN_SENTINEL], ids=["Unknown", "sentinel"])


def failures(result: Any) -> dict[str, str]:
    return {f.property: f.reason for f in result.failures}


def plan(result: DiffResult) -> tuple[bool | None, list[str], bool | None]:
    return result.changes, list(result.replaces or []), result.delete_before_replace


# -- MessagingService ------------------------------------------------------------------------------------------


def test_service_check_applies_the_defer_to_number_default() -> None:
    result = MessagingServiceProvider().check({}, {"friendly_name": "flex"})
    assert result.failures == []
    assert result.inputs["use_inbound_webhook_on_number"] is True


def test_service_check_keeps_an_explicit_false_for_the_policies_to_judge() -> None:
    result = MessagingServiceProvider().check({}, {"friendly_name": "flex", "use_inbound_webhook_on_number": False})
    assert result.inputs["use_inbound_webhook_on_number"] is False and result.failures == []


def test_service_check_normalises_methods_and_numbers() -> None:
    result = MessagingServiceProvider().check({}, {"friendly_name": "f", "inbound_method": "post",
                                                   "validity_period": 600.0})
    assert result.inputs["inbound_method"] == "POST" and result.inputs["validity_period"] == 600
    assert isinstance(result.inputs["validity_period"], int)


@pytest.mark.parametrize(
    ("news", "field", "reason"),
    [
        ({}, "friendly_name", "friendly_name is required"),
        ({"friendly_name": "x" * 65}, "friendly_name", "at most 64 characters"),
        ({"friendly_name": "f", "inbound_method": "PUT"}, "inbound_method", "must be one of GET, POST"),
        ({"friendly_name": "f", "validity_period": 0}, "validity_period", "from 1 to 36000"),
        ({"friendly_name": "f", "usecase": "spam"}, "usecase", "must be one of notifications"),
        ({"friendly_name": "f", "inbound_request_url": "ftp://x"}, "inbound_request_url", "absolute http(s) URL"),
        ({"friendly_name": "f", "sticky_sender": "yes"}, "sticky_sender", "must be a boolean"),
        ({"friendly_name": "f", "scan_message_content": "on"}, "scan_message_content", "inherit, enable, disable"),
        ({"friendly_name": "f", "adopt_sid": BN}, "adopt_sid", "a Messaging Service SID (MG"),
        ({"friendly_name": "f", "friendy_name": "typo"}, "friendy_name", "unknown input (did you mean friendly_name?)"),
        ({"friendly_name": "Flex\x00"}, "friendly_name", "must not contain control characters, found U+0000"),
        ({"friendly_name": "f", "status_callback": "https://a b.example.com/s"}, "status_callback", "without spaces"),
        ({"friendly_name": "f", "fallback_url": "https://-bad-.example.com/f"}, "fallback_url", "invalid host"),
    ],
)
def test_service_check_names_the_field_and_rule(news: dict[str, Any], field: str, reason: str) -> None:
    result = MessagingServiceProvider().check({}, news)
    assert field in failures(result) and reason in failures(result)[field]


@unknown_forms
def test_service_check_accepts_unknowns_during_preview(UNKNOWN: Any) -> None:
    result = MessagingServiceProvider().check({}, {"friendly_name": UNKNOWN, "inbound_request_url": UNKNOWN,
                                                   "validity_period": UNKNOWN})
    assert result.failures == []


def test_service_adopt_sid_makes_friendly_name_optional() -> None:
    assert MessagingServiceProvider().check({}, {"adopt_sid": MG}).failures == []


SERVICE_STATE = {"friendly_name": "flex", "inbound_method": "POST", "inbound_request_url": None,
                 "use_inbound_webhook_on_number": True, "sid": MG, "sticky_sender": True}


@pytest.mark.parametrize(
    ("news", "expected"),
    [
        ({"friendly_name": "flex", "use_inbound_webhook_on_number": True}, (False, [], None)),
        ({"friendly_name": "flex-2", "use_inbound_webhook_on_number": True}, (True, [], None)),
        ({"friendly_name": "flex", "use_inbound_webhook_on_number": False}, (True, [], None)),
        ({"friendly_name": "flex", "inbound_request_url": ""}, (False, [], None)),  # "" clears; Twilio says null
        ({"friendly_name": "flex", "validity_period": 600}, (True, [], None)),  # newly managed field
        ({"friendly_name": UNKNOWN}, (True, [], None)),
        ({"friendly_name": "flex", "adopt_sid": MG}, (False, [], None)),  # adopting what we already manage
        ({"friendly_name": "flex", "adopt_sid": MG2}, (True, ["adopt_sid"], False)),
    ],
)
def test_service_diff_updates_in_place_and_only_adopting_another_replaces(news: dict[str, Any],
                                                                          expected: tuple[Any, ...]) -> None:
    assert plan(MessagingServiceProvider().diff(MG, SERVICE_STATE, news)) == expected


def test_service_diff_ignores_fields_no_longer_managed() -> None:
    # sticky_sender is in the state but not in the program any more: left alone, not reverted
    assert plan(MessagingServiceProvider().diff(MG, SERVICE_STATE, {"friendly_name": "flex"})) == (False, [], None)


# -- MessagingServicePhoneNumber -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("news", "field", "reason"),
    [
        ({"service_sid": MG}, "phone_number", "set phone_number (E.164) or phone_number_sid"),
        ({"service_sid": MG, "phone_number": "+14155550100", "phone_number_sid": PN}, "phone_number_sid", "not both"),
        ({"service_sid": MG, "phone_number": "4155550100"}, "phone_number", "E.164"),
        ({"service_sid": MG, "phone_number_sid": "PN12"}, "phone_number_sid", "IncomingPhoneNumber SID"),
        ({"phone_number": "+14155550100"}, "service_sid", "service_sid is required"),
        ({"service_sid": MG, "phone_number": "+14155550100", "take_over": "yes"}, "take_over", "boolean"),
    ],
)
def test_number_check_names_the_field(news: dict[str, Any], field: str, reason: str) -> None:
    result = MessagingServicePhoneNumberProvider().check({}, news)
    assert reason in failures(result).get(field, ""), failures(result)


@unknown_forms
def test_number_check_accepts_an_unknown_service_during_preview(UNKNOWN: Any) -> None:
    assert MessagingServicePhoneNumberProvider().check({}, {"service_sid": UNKNOWN, "phone_number": "+14155550100"}
                                                      ).failures == []


NUMBER_STATE = {"service_sid": MG, "phone_number": "+14155550100", "sid": PN, "capabilities": ["SMS"]}


@pytest.mark.parametrize(
    ("news", "expected"),
    [
        # always delete first, also for `up --replace`: the same number cannot be in a service twice
        ({"service_sid": MG, "phone_number": "+14155550100"}, (False, [], True)),
        ({"service_sid": MG, "phone_number_sid": PN}, (False, [], True)),  # same number, named by SID
        ({"service_sid": MG2, "phone_number": "+14155550100"}, (True, ["service_sid"], True)),
        ({"service_sid": UNKNOWN, "phone_number": "+14155550100"}, (True, ["service_sid"], True)),
        ({"service_sid": MG, "phone_number": "+14155550199"}, (True, ["phone_number"], True)),
        ({"service_sid": MG, "phone_number": "+14155550100", "take_over": True}, (True, [], True)),
    ],
)
def test_number_diff_replaces_deleting_first(news: dict[str, Any], expected: tuple[Any, ...]) -> None:
    assert plan(MessagingServicePhoneNumberProvider().diff(PN, NUMBER_STATE, news)) == expected


# -- BrandRegistration -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("news", "field", "reason"),
    [
        ({"a2p_profile_bundle_sid": BU2}, "customer_profile_bundle_sid", "is required"),
        ({"customer_profile_bundle_sid": BU1, "a2p_profile_bundle_sid": BU1}, "a2p_profile_bundle_sid",
         "must be the A2P TrustProduct bundle"),
        ({"customer_profile_bundle_sid": BN, "a2p_profile_bundle_sid": BU2}, "customer_profile_bundle_sid",
         "CustomerProfile bundle SID (BU"),
        ({"customer_profile_bundle_sid": BU1, "a2p_profile_bundle_sid": BU2, "brand_type": "STARTER"},
         "brand_type", "STANDARD, SOLE_PROPRIETOR"),
    ],
)
def test_brand_check_names_the_field(news: dict[str, Any], field: str, reason: str) -> None:
    assert reason in failures(BrandRegistrationProvider().check({}, news)).get(field, "")


def test_brand_check_normalises_the_type_and_accepts_adoption_alone() -> None:
    result = BrandRegistrationProvider().check({}, {"customer_profile_bundle_sid": BU1, "a2p_profile_bundle_sid": BU2,
                                                    "brand_type": "standard"})
    assert result.failures == [] and result.inputs["brand_type"] == "STANDARD"
    assert BrandRegistrationProvider().check({}, {"adopt_sid": BN}).failures == []


BRAND_STATE = {"customer_profile_bundle_sid": BU1, "a2p_profile_bundle_sid": BU2, "mock": True, "sid": BN,
               "status": "APPROVED", "brand_type": "STANDARD"}
BRAND_INPUTS = {"customer_profile_bundle_sid": BU1, "a2p_profile_bundle_sid": BU2, "mock": True}


@pytest.mark.parametrize(
    ("change", "replaces"),
    [
        ({"customer_profile_bundle_sid": "BU" + "5" * 32}, ["customer_profile_bundle_sid"]),
        ({"a2p_profile_bundle_sid": "BU" + "5" * 32}, ["a2p_profile_bundle_sid"]),
        ({"mock": False}, ["mock"]),
        ({"brand_type": "SOLE_PROPRIETOR"}, ["brand_type"]),
        ({"skip_automatic_sec_vet": True}, ["skip_automatic_sec_vet"]),
        ({"adopt_sid": "BN" + "6" * 32}, ["adopt_sid"]),
    ],
)
def test_brand_diff_every_creation_input_replaces(change: dict[str, Any], replaces: list[str]) -> None:
    assert plan(BrandRegistrationProvider().diff(BN, BRAND_STATE, {**BRAND_INPUTS, **change})) == (True, replaces, False)


def test_brand_diff_no_change_and_failed_brand_is_resubmitted_in_place() -> None:
    provider = BrandRegistrationProvider()
    assert plan(provider.diff(BN, BRAND_STATE, BRAND_INPUTS)) == (False, [], None)
    assert plan(provider.diff(BN, {**BRAND_STATE, "status": "FAILED"}, BRAND_INPUTS)) == (True, [], None)


def test_brand_delete_only_forgets_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    BrandRegistrationProvider().delete(BN, {**BRAND_STATE})  # unconfigured: would raise on any Twilio call
    err = capsys.readouterr().err
    assert BN in err and "no API to delete brand registrations" in err and "forgotten" in err


# -- A2PCampaign -----------------------------------------------------------------------------------------------

CAMPAIGN = dict(COMPLIANT_CAMPAIGN, messaging_service_sid=MG, brand_registration_sid=BN)


def test_campaign_check_accepts_a_compliant_campaign() -> None:
    result = A2PCampaignProvider().check({}, dict(CAMPAIGN, wait_for_review=True, review_timeout_seconds=30.0))
    assert result.failures == [] and result.inputs["review_timeout_seconds"] == 30


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"message_samples": ["Acme Support: one lonely sample. Reply STOP to opt out."]}, "message_samples",
         "2-5 samples"),
        ({"message_samples": ["short", CAMPAIGN["message_samples"][0]]}, "message_samples[0]", "20-1024 characters"),
        ({"description": "too short"}, "description", "40-4096 characters"),
        ({"us_app_to_person_usecase": "customer_care"}, "us_app_to_person_usecase", "Usa2p use-case codes"),
        ({"opt_out_message": None}, "opt_out_message", "opt_out_keywords is set, so opt_out_message is required"),
        ({"message_flow": None}, "message_flow", "message_flow is required"),
        ({"brand_registration_sid": BU1}, "brand_registration_sid", "Brand Registration SID"),
        ({"brand_registration_sid": None}, "brand_registration_sid", "is required"),
        ({"review_timeout_seconds": 0}, "review_timeout_seconds", "whole number from 1"),
        ({"adopt_sid": MG}, "adopt_sid", "Usa2p campaign SID (QE"),
    ],
)
def test_campaign_check_rejects_what_twilio_would_naming_the_field(change: dict[str, Any], field: str,
                                                                   reason: str) -> None:
    news = {k: v for k, v in {**CAMPAIGN, **change}.items() if v is not None}
    found = failures(A2PCampaignProvider().check({}, news))
    assert reason in found.get(field, ""), found
    assert "rule " in found[field] or field in ("brand_registration_sid", "review_timeout_seconds", "adopt_sid")


def test_campaign_check_warns_about_wording_without_failing(capsys: pytest.CaptureFixture[str]) -> None:
    samples = ["Acme Support: your ticket was updated, an agent replies shortly today.",
               "Acme Support: thanks for contacting us about your order. How can we help?"]
    result = A2PCampaignProvider().check({}, dict(CAMPAIGN, message_samples=samples))
    assert result.failures == []
    assert "sample_missing_opt_out" in capsys.readouterr().err


@unknown_forms
def test_campaign_check_skips_unknown_values_during_preview(UNKNOWN: Any) -> None:
    news = dict(CAMPAIGN, messaging_service_sid=UNKNOWN, brand_registration_sid=UNKNOWN, message_samples=UNKNOWN,
                description=UNKNOWN)
    assert A2PCampaignProvider().check({}, news).failures == []


def test_campaign_check_adoption_needs_no_content() -> None:
    assert A2PCampaignProvider().check({}, {"messaging_service_sid": MG, "adopt_sid": QE}).failures == []


# -- the policy URLs: required of a new campaign (R13, R14), never of an existing one -------------------------------

OLD_CAMPAIGN = {k: v for k, v in CAMPAIGN.items() if k not in ("privacy_policy_url", "terms_and_conditions_url")}


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"privacy_policy_url": None}, "privacy_policy_url",
         "privacy_policy_url is required for a new registration (Twilio refuses one without it since 2026-06-30) "
         "(rule privacy_policy_url_missing, Twilio error 30933)"),
        ({"terms_and_conditions_url": ""}, "terms_and_conditions_url", "rule terms_url_missing, Twilio error 30934"),
        ({"privacy_policy_url": "http://acme.example.com/privacy"}, "privacy_policy_url",
         "must be an absolute https URL, got 'http://acme.example.com/privacy' (rule invalid_url_format, Twilio "
         "error 30933)"),
        ({"terms_and_conditions_url": "/terms"}, "terms_and_conditions_url", "absolute https URL"),
        ({"terms_and_conditions_url": "https://localhost/terms"}, "terms_and_conditions_url",
         "on a public host, got 'https://localhost/terms' (rule invalid_url_format, Twilio error 30934)"),
        ({"privacy_policy_url": "https://10.0.0.7/privacy"}, "privacy_policy_url", "on a public host"),
        ({"privacy_policy_url": "https://intranet/privacy"}, "privacy_policy_url", "on a public host"),
        ({"privacy_policy_url": "https://acme.internal/privacy"}, "privacy_policy_url", "on a public host"),
    ],
)
def test_a_new_campaign_needs_public_https_policy_urls(change: dict[str, Any], field: str, reason: str) -> None:
    news = {k: v for k, v in {**CAMPAIGN, **change}.items() if v is not None}
    assert reason in failures(A2PCampaignProvider().check({}, news)).get(field, ""), failures(
        A2PCampaignProvider().check({}, news))


def test_public_policy_urls_pass() -> None:
    news = dict(CAMPAIGN, privacy_policy_url="https://8.8.8.8/privacy", terms_and_conditions_url="https://acme.co/t")
    assert A2PCampaignProvider().check({}, news).failures == []


def test_an_existing_campaign_without_policy_urls_keeps_working_and_preview_says_what_re_registering_needs(
        capsys: pytest.CaptureFixture[str]) -> None:
    result = A2PCampaignProvider().check(OLD_CAMPAIGN, OLD_CAMPAIGN)
    assert result.failures == []
    warning = capsys.readouterr().err
    assert "keeps working without privacy_policy_url (Twilio error 30933); terms_and_conditions_url (Twilio error " \
           "30934)" in warning and "pulumi up --replace" in warning
    assert plan(A2PCampaignProvider().diff(QE, {**OLD_CAMPAIGN, "sid": QE}, OLD_CAMPAIGN)) == (False, [], True)
    bad = A2PCampaignProvider().check(OLD_CAMPAIGN, dict(OLD_CAMPAIGN, privacy_policy_url="http://acme.example/p"))
    assert "privacy_policy_url" in failures(bad)  # what is given is still checked


def test_an_adopted_campaign_without_policy_urls_is_accepted_with_the_same_reminder(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert A2PCampaignProvider().check({}, {"messaging_service_sid": MG, "adopt_sid": QE}).failures == []
    assert "Twilio error 30933" in capsys.readouterr().err


@pytest.mark.parametrize("change", [{"us_app_to_person_usecase": "MIXED"}, {"brand_registration_sid": UNKNOWN},
                                    {"messaging_service_sid": MG2}])
def test_re_registering_an_old_campaign_is_a_new_campaign(change: dict[str, Any]) -> None:
    found = failures(A2PCampaignProvider().check(OLD_CAMPAIGN, {**OLD_CAMPAIGN, **change}))
    assert "rule privacy_policy_url_missing, Twilio error 30933" in found["privacy_policy_url"], found
    assert "terms_and_conditions_url" in found


def test_a_forced_replacement_of_an_old_campaign_stops_before_any_twilio_write() -> None:
    with pytest.raises(InputError) as info:  # unconfigured: any Twilio call would raise something else
        A2PCampaignProvider().create(dict(OLD_CAMPAIGN))
    assert info.value.field == "privacy_policy_url" and info.value.would_be == 30933
    assert "terms_and_conditions_url (Twilio error 30934)" in str(info.value)


CAMPAIGN_STATE = {**CAMPAIGN, "sid": QE, "campaign_status": "VERIFIED"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, (False, [], True)),
        ({"description": CAMPAIGN["description"] + " More detail."}, (True, [], True)),
        ({"message_samples": list(reversed(CAMPAIGN["message_samples"]))}, (True, [], True)),
        ({"has_embedded_links": True}, (True, [], True)),
        ({"direct_lending": True}, (True, [], True)),
        ({"opt_out_message": "Acme Support: you are unsubscribed, no more messages will be sent."}, (True, [], True)),
        ({"wait_for_review": True}, (True, [], True)),
        ({"us_app_to_person_usecase": "MIXED"}, (True, ["us_app_to_person_usecase"], True)),
        ({"brand_registration_sid": "BN" + "7" * 32}, (True, ["brand_registration_sid"], True)),
        ({"brand_registration_sid": UNKNOWN}, (True, ["brand_registration_sid"], True)),
        ({"messaging_service_sid": MG2}, (True, ["messaging_service_sid"], True)),
    ],
)
def test_campaign_diff_only_brand_usecase_or_service_replace(change: dict[str, Any], expected: tuple[Any, ...]) -> None:
    assert plan(A2PCampaignProvider().diff(QE, CAMPAIGN_STATE, {**CAMPAIGN, **change})) == expected


def test_campaign_update_of_a_fixed_field_stops_before_calling_twilio() -> None:
    news = {**CAMPAIGN, "opt_in_keywords": ["JOIN", "START"], "help_message": "Acme Support: help at acme.example.com"}
    with pytest.raises(ReplacementRequired) as info:  # a local refusal, not dressed as a Twilio error
        A2PCampaignProvider().update(QE, CAMPAIGN_STATE, news)  # unconfigured: a Twilio call would raise otherwise
    assert "help_message, opt_in_keywords" in str(info.value) and "pulumi up --replace" in str(info.value)


def test_missing_credentials_fail_the_first_twilio_call_not_the_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    from pulumi.dynamic import Config, ConfigureRequest

    from components.errors import TwilioConfigError

    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"):
        monkeypatch.delenv(name, raising=False)
    provider = MessagingServiceProvider()
    provider.configure(ConfigureRequest(Config({}, "flex-a2p")))
    news = provider.check({}, {"friendly_name": "flex"}).inputs  # preview still plans
    assert provider.diff(MG, SERVICE_STATE, news).changes is False
    with pytest.raises(TwilioConfigError, match="twilio:accountSid"):
        provider.create(news)
