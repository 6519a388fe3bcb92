"""The stack config schema: camelCase keys in, resource inputs out, errors that name the key and the rule."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import stack_config
from tests.components.trust_hub_samples import PERSONAL, REPRESENTATIVE, as_config, customer_profile

# A campaign that passes the pre-flight: the dev stack's.
DEV_CAMPAIGN = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "Pulumi.dev.yaml").read_text()
)["config"]["flex-a2p:campaign"]

BU1 = "BU" + "1" * 32
BU2 = "BU" + "2" * 32
BN = "BN" + "a" * 32


def load(values: dict[str, Any], extra: dict[str, Any] | None = None, **options: Any) -> stack_config.StackConfig:
    """The flex-a2p:* `values` (as YAML typed them) plus any other full keys (`extra`), without TWILIO_* variables;
    `options` are load()'s keywords."""
    return stack_config.load({**{f"flex-a2p:{k}": v for k, v in values.items()}, **(extra or {})}, environ={},
                             **options)


def test_maps_camel_case_keys_to_resource_inputs() -> None:
    config = load(
        {
            "messagingService": {"friendlyName": "flex", "useInboundWebhookOnNumber": True, "validityPeriod": 600},
            "phoneNumbers": ["+14155550100"],
            "brand": {"customerProfileBundleSid": BU1, "a2pProfileBundleSid": BU2, "mock": True},
            "campaign": DEV_CAMPAIGN,
        }
    )
    assert config.messaging_service == {
        "friendly_name": "flex",
        "use_inbound_webhook_on_number": True,
        "validity_period": 600,
    }
    assert config.phone_numbers == ["+14155550100"]
    assert config.brand is not None and config.brand == {
        "customer_profile_bundle_sid": BU1,
        "a2p_profile_bundle_sid": BU2,
        "mock": True,
    }
    assert config.campaign is not None
    campaign = config.campaign
    assert campaign["us_app_to_person_usecase"] == DEV_CAMPAIGN["usecase"] and "usecase" not in campaign
    assert campaign["message_samples"] == DEV_CAMPAIGN["messageSamples"]
    assert campaign["has_embedded_links"] is False
    assert campaign["opt_out_keywords"] == DEV_CAMPAIGN["optOutKeywords"]


def test_an_omitted_defer_setting_is_left_to_the_provider_default() -> None:
    config = load({"messagingService": {"friendlyName": "flex"}})
    assert "use_inbound_webhook_on_number" not in config.messaging_service


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, "flex-a2p:messagingService: required"),
        ({"messagingService": {}}, "flex-a2p:messagingService.friendlyName: required"),
        ({"messagingService": {"friendlyName": "x", "useInboundWebhook": True}},
         "flex-a2p:messagingService.useInboundWebhook: unknown key (did you mean useInboundWebhookOnNumber?)"),
        ({"messagingService": {"friendlyName": "x", "useInboundWebhookOnNumber": "no"}},
         "flex-a2p:messagingService.useInboundWebhookOnNumber: must be a boolean (true or false), got 'no'"),
        ({"messagingService": {"friendlyName": "x"}, "phoneNumbers": ["4155550100"]},
         "flex-a2p:phoneNumbers[0]: must be an E.164 phone number such as +14155551234, got '4155550100'"),
        ({"messagingService": {"friendlyName": "x"}, "phoneNumbers": ["+14155550100", "+14155550100"]},
         "flex-a2p:phoneNumbers: must list each number once; +14155550100 appears more than once"),
        ({"messagingService": {"friendlyName": "x"}, "campaign": DEV_CAMPAIGN},
         "flex-a2p:campaign: a campaign is registered under a brand"),
        ({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN, "mock": True}},
         "flex-a2p:brand: give either `sid` (an existing brand) or registration inputs, not both; also given: mock"),
        ({"messagingService": {"friendlyName": "x"}, "brand": {"customerProfileBundleSid": BU1}},
         "flex-a2p:brand.a2pProfileBundleSid: required"),
        ({"messagingService": {"friendlyName": "x"}, "brand": {"sid": "BN123"}},
         "flex-a2p:brand.sid: must be a Brand Registration SID (BN followed by 32 hex digits), got 'BN123'"),
        ({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN},
          "campaign": {"messageSamples": "one sample"}},
         "flex-a2p:campaign.messageSamples: must be a list, got 'one sample'; write a YAML list (messageSamples: "
         "[A, B]) or set the items one by one with `pulumi config set --path 'flex-a2p:campaign.messageSamples[0]' A`"),
        ({"messagingService": "Flex"},
         "flex-a2p:messagingService: must be an object of friendlyName, "),
        ({"messagingService": {"friendlyName": "Flex\x00center"}},
         "flex-a2p:messagingService.friendlyName: must not contain control characters, found U+0000"),
        ({"messagingService": {"friendlyName": "x", "statusCallback": "https://hooks .example.com/status"}},
         "flex-a2p:messagingService.statusCallback: must be an absolute http(s) URL without spaces"),
        ({"messagingService": {"friendlyName": "x", "statusCallback": "https://hooks..example.com/status"}},
         "flex-a2p:messagingService.statusCallback: must be an absolute http(s) URL, got "
         "'https://hooks..example.com/status' (has an invalid host 'hooks..example.com')"),
        ({"messagingService": {"friendlyName": "x", "inboundRequestUrl": "https://example.com:99999/in"}},
         "(has an invalid port)"),
        ({"messagingService": {"friendlyName": "x" * 70}},
         "flex-a2p:messagingService.friendlyName: must be at most 64 characters, got 70"),
        ({"messagingService": {"friendlyName": 1.5}},
         "flex-a2p:messagingService.friendlyName: must be text, got a number (1.5); write it in quotes"),
        ({"messagingService": {"friendlyName": "x"}, "phoneNumbers": "+14155550100"},
         "flex-a2p:phoneNumbers: must be a list, got '+14155550100'"),
        ({"messagingService": {"friendlyName": "x"}, "campaigns": DEV_CAMPAIGN},
         "flex-a2p:campaigns: unknown key (did you mean flex-a2p:campaign?)"),
        ({"messagingService": {"friendlyName": "x"}, "phoneNumber": ["+14155550100"]},
         "flex-a2p:phoneNumber: unknown key (did you mean flex-a2p:phoneNumbers?)"),
    ],
)
def test_errors_name_the_key_and_the_rule(values: dict[str, Any], expected: str) -> None:
    with pytest.raises(stack_config.StackConfigError) as error:
        load(values)
    assert expected in str(error.value)


def test_existing_brand_by_sid() -> None:
    config = load({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN}})
    assert config.brand is not None and config.brand == {"sid": BN}


def test_campaign_content_twilio_would_reject_is_a_config_error_naming_the_key() -> None:
    with pytest.raises(stack_config.StackConfigError) as error:
        load(
            {
                "messagingService": {"friendlyName": "x"},
                "brand": {"sid": BN},
                "campaign": {"usecase": "CUSTOMER_CARE", "description": "too short", "messageSamples": ["one"]},
            }
        )
    message = str(error.value)
    assert "flex-a2p:campaign.description:" in message
    assert "flex-a2p:campaign.messageSamples:" in message
    assert "flex-a2p:campaign.messagingServiceSid" not in message, "SIDs of siblings are not config"


def test_campaign_policy_urls_are_config_keys_checked_by_their_declaration() -> None:
    campaign = {**DEV_CAMPAIGN, "privacyPolicyUrl": "https://example.com/privacy",
                "termsAndConditionsUrl": "https://example.com/terms"}
    config = load({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN}, "campaign": campaign})
    assert config.campaign is not None
    assert config.campaign["terms_and_conditions_url"] == "https://example.com/terms"
    with pytest.raises(stack_config.StackConfigError, match=r"flex-a2p:campaign.privacyPolicyUrl: must be an "
                                                            r"absolute https URL"):
        load({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN},
              "campaign": {**campaign, "privacyPolicyUrl": "http://example.com/privacy"}})


# -- typing: what `pulumi config set --path` and YAML store ----------------------------------------------------------


def test_numbers_and_flags_as_yaml_and_path_typing_store_them_are_accepted() -> None:
    """`pulumi config set --path 'flex-a2p:phoneNumbers[0]' +14155550100` stores the number 14155550100;
    `--path ...friendlyName 2024` the number 2024; `pulumi config set` without --path stores text ("true", "600")."""
    config = load({
        "messagingService": {"friendlyName": 2024, "stickySender": "true", "smartEncoding": "False",
                             "validityPeriod": "600"},
        "phoneNumbers": [14155550100, "+14155550101"],
    })
    assert config.phone_numbers == ["+14155550100", "+14155550101"]
    assert config.messaging_service == {"friendly_name": "2024", "sticky_sender": True, "smart_encoding": False,
                                        "validity_period": 600}


def test_a_number_that_is_no_e164_number_says_what_to_type() -> None:
    with pytest.raises(stack_config.StackConfigError) as error:
        load({"messagingService": {"friendlyName": "x"}, "phoneNumbers": [4155550100.5]})
    assert "flex-a2p:phoneNumbers[0]: must be an E.164 phone number such as +14155551234, got a number " \
           "(4155550100.5); write it in quotes" in str(error.value)


# -- twilio:* -------------------------------------------------------------------------------------------------------

JUST_A_SERVICE = {"messagingService": {"friendlyName": "x"}}


@pytest.mark.parametrize(
    ("twilio", "expected"),
    [
        ({"twilio:maxRetries": "abc"}, "twilio:maxRetries: must be a whole number from 0 to 10, got 'abc'"),
        ({"twilio:maxRetries": "11"}, "twilio:maxRetries: must be a whole number from 0 to 10, got 11"),
        ({"twilio:requestTimeout": "0"}, "twilio:requestTimeout: must be a number of seconds from 0.1 to 600, got 0.0"),
        ({"twilio:retryTimeout": "soon"}, "twilio:retryTimeout: must be a number of seconds from 1 to 3600"),
        ({"twilio:accountSid": "AC123"},
         "twilio:accountSid: must be an Account SID (AC followed by 32 hex digits), got 'AC123'"),
        ({"twilio:apiKey": "AC" + "1" * 32}, "twilio:apiKey: must be an API key SID (SK followed by 32 hex digits)"),
        ({"twilio:apiBaseURL": "http://127.0.0.1:4010"},
         "twilio:apiBaseURL: unknown key (did you mean twilio:apiBaseUrl?)"),
        ({"twilio:apiBaseUrl": "http://127.0.0.1:4010/?x=1"},
         "twilio:apiBaseUrl: must be an absolute http(s) URL, got 'http://127.0.0.1:4010/?x=1' (a base URL has no "
         "query or fragment)"),
        ({"Twilio:authToken": "t"}, "Twilio:authToken: unknown namespace 'Twilio' (did you mean twilio:authToken?)"),
        ({"flex-a2p2:brand": "x"}, "unknown namespace 'flex-a2p2' (did you mean flex-a2p:brand?)"),
    ],
)
def test_twilio_settings_are_typed_bounded_and_unknown_keys_are_named(twilio: dict[str, str], expected: str) -> None:
    with pytest.raises(stack_config.StackConfigError) as error:
        load(JUST_A_SERVICE, twilio)
    assert expected in str(error.value)


def test_a_bad_secret_is_named_but_never_shown() -> None:
    token = "tok en\x00" + "s" * 300
    with pytest.raises(stack_config.StackConfigError) as error:
        load(JUST_A_SERVICE, {"twilio:authToken": token})
    assert "twilio:authToken: must" in str(error.value) and "sss" not in str(error.value)


def test_twilio_environment_variables_are_checked_and_named_too() -> None:
    with pytest.raises(stack_config.StackConfigError) as error:
        stack_config.load({"flex-a2p:messagingService": '{"friendlyName": "x"}'}, environ={"TWILIO_MAX_RETRIES": "-1"})
    assert "TWILIO_MAX_RETRIES (for twilio:maxRetries): must be a whole number from 0 to 10, got -1" in str(error.value)


def test_config_as_pulumi_hands_it_to_the_program_is_text() -> None:
    config = stack_config.load({"flex-a2p:messagingService": '{"friendlyName":"x","stickySender":true}',
                                "flex-a2p:phoneNumbers": "[14155550100]", "twilio:maxRetries": "3",
                                "twilio:requestTimeout": "2.5", "pulumi:template": "ignored"}, environ={})
    assert config.messaging_service == {"friendly_name": "x", "sticky_sender": True}
    assert config.phone_numbers == ["+14155550100"]
    assert (config.twilio.get("max_retries"), config.twilio.get("request_timeout")) == (3, 2.5)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(stack_config.StackConfigError) as error:
        load({"messagingService": {"friendlyName": "x" * 65, "stickySender": "maybe"}, "phoneNumbers": ["1"]},
             {"twilio:maxRetries": "x"})
    assert len(error.value.problems) == 4, error.value.problems


# -- the stack file, before Pulumi reads it ---------------------------------------------------------------------------


def test_the_stack_file_check_names_a_malformed_secure_value(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.prod.yaml"
    path.write_text(yaml.safe_dump({"encryptionsalt": "v1:abc=:v1:def", "config": {
        "flex-a2p:messagingService": {"friendlyName": "x"},
        "twilio:authToken": {"secure": "v1:garbage!!"},
        "twilio:apiSecret": {"secure": "v1:AAAA:AAAA"},
    }}))
    with pytest.raises(stack_config.StackConfigError) as error:
        stack_config.load_file(path, environ={})
    assert error.value.problems == [
        "twilio:authToken: the secure value is not v1:<nonce>:<ciphertext>, as `pulumi config set --secret` writes "
        "it; set it again with `pulumi config set --secret twilio:authToken`"]


def test_the_stack_file_check_refuses_a_value_too_large_for_the_environment_with_twilios_limit(tmp_path: Path) -> None:
    path = tmp_path / "Pulumi.prod.yaml"
    campaign = {**DEV_CAMPAIGN, "description": "d" * (140 * 1024)}
    path.write_text(yaml.safe_dump({"config": {"flex-a2p:messagingService": {"friendlyName": "x"},
                                               "flex-a2p:brand": {"sid": BN}, "flex-a2p:campaign": campaign}}))
    with pytest.raises(stack_config.StackConfigError) as error:
        stack_config.load_file(path, environ={})
    message = str(error.value)
    assert "flex-a2p:campaign.description: must be 40-4096 characters long, got 143360" in message
    assert "over the 128 KiB a process environment variable may hold (largest: flex-a2p:campaign" in message
    assert len(message) < 2000, "the value itself is never repeated"


def test_the_dev_stack_file_passes(tmp_path: Path) -> None:
    config = stack_config.load_file(Path(__file__).resolve().parents[1] / "Pulumi.dev.yaml", environ={})
    assert config.messaging_service["friendly_name"] == "Flex contact center (dev)"


def test_a_number_in_a_keyword_list_is_its_digits_when_they_are_a_valid_keyword() -> None:
    campaign = {**DEV_CAMPAIGN, "helpKeywords": ["HELP", 411]}
    config = load({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN}, "campaign": campaign})
    assert config.campaign is not None and config.campaign["help_keywords"] == ["HELP", "411"]
OLD_CAMPAIGN = {k: v for k, v in DEV_CAMPAIGN.items() if k not in ("privacyPolicyUrl", "termsAndConditionsUrl")}


def test_a_new_campaign_without_policy_urls_stops_naming_the_keys_and_twilio_codes() -> None:
    asked: list[bool] = []

    def never_registered() -> bool:
        asked.append(True)
        return False

    with pytest.raises(stack_config.StackConfigError) as error:
        load({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN}, "campaign": OLD_CAMPAIGN},
             campaign_exists=never_registered)
    assert str(error.value).splitlines()[1:] == [
        "  flex-a2p:campaign.privacyPolicyUrl: privacyPolicyUrl is required for a new registration (Twilio refuses "
        "one without it since 2026-06-30) (rule privacy_policy_url_missing, Twilio error 30933)",
        "  flex-a2p:campaign.termsAndConditionsUrl: termsAndConditionsUrl is required for a new registration "
        "(Twilio refuses one without it since 2026-06-30) (rule terms_url_missing, Twilio error 30934)",
    ]
    assert asked == [True]


def test_the_campaign_the_stack_already_has_is_not_asked_for_policy_urls() -> None:
    values = {"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN}, "campaign": OLD_CAMPAIGN}
    config = load(values, campaign_exists=lambda: True)
    assert config.campaign is not None and "privacy_policy_url" not in config.campaign
    adopted = {**values, "campaign": {"adoptSid": "QE" + "1" * 32}}
    assert load(adopted, campaign_exists=lambda: pytest.fail("adoption needs no look-up"))
    with pytest.raises(stack_config.StackConfigError, match=r"campaign.privacyPolicyUrl: .*public host.*30933"):
        load({**values, "campaign": {**OLD_CAMPAIGN, "privacyPolicyUrl": "https://intranet/privacy"}},
             campaign_exists=lambda: True)  # what is given is still checked


def test_the_stack_history_is_not_read_when_the_urls_are_set() -> None:
    values = {"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN}, "campaign": DEV_CAMPAIGN}
    assert load(values, campaign_exists=lambda: pytest.fail("no look-up needed")).campaign


FLOW = "FW" + "5" * 32


def test_flex_inbound_defaults_to_verifying_and_detecting_the_flavour() -> None:
    config = load({"messagingService": {"friendlyName": "flex"}})
    assert config.flex_inbound is None
    legacy = load({"messagingService": {"friendlyName": "flex"}, "flexInbound": {"flavour": "legacy"}})
    settings = legacy.flex_inbound
    assert settings is not None
    assert (settings.mode, settings.flavour.value, settings.manages_addresses) == ("verify", "legacy", False)


def test_flex_inbound_conversations_mode_gives_each_address_its_inputs() -> None:
    config = load({"messagingService": {"friendlyName": "flex"},
                   "flexInbound": {"mode": "conversations", "webhookUrl": "https://flex.example.com/in",
                                   "webhookMethod": "POST", "webhookFilters": ["onMessageAdded"],
                                   "blankSmsUrl": True}})
    settings = config.flex_inbound
    assert settings is not None and settings.manages_addresses and settings.judged_flavour.value == "conversations"
    assert settings.address == {"auto_creation_type": "webhook", "auto_creation_webhook_url": "https://flex.example.com/in",
                                "auto_creation_webhook_method": "POST", "auto_creation_webhook_filters": ["onMessageAdded"],
                                "blank_sms_url": True}


@pytest.mark.parametrize(("flex_inbound", "message"), [
    ({"mode": "conversations"}, "flex-a2p:flexInbound: `mode: conversations` needs exactly one target"),
    ({"mode": "conversations", "studioFlowSid": FLOW, "webhookUrl": "https://x.example"}, "not both"),
    ({"studioFlowSid": FLOW}, "flex-a2p:flexInbound: studioFlowSid: address configurations are managed only with "
                              "`mode: conversations`"),
    ({"mode": "conversations", "flavour": "legacy", "studioFlowSid": FLOW},
     "legacy Flex Flows are verified, never created"),
    ({"mode": "manage"}, "flex-a2p:flexInbound.mode: must be one of verify, conversations, got 'manage'"),
    ({"flavor": "legacy"}, "flex-a2p:flexInbound.flavor: unknown key (did you mean flavour?)"),
    ({"mode": "conversations", "studioFlowSid": "FW123"}, "flex-a2p:flexInbound.studioFlowSid: must be a Studio flow "
                                                          "SID"),
    ({"mode": "conversations", "webhookUrl": "http://x.example"}, "flex-a2p:flexInbound.webhookUrl: must be an "
                                                                  "absolute https URL"),
    ({"mode": "conversations", "studioFlowSid": FLOW, "webhookMethod": "POST"},
     "flex-a2p:flexInbound.webhookMethod: webhookMethod goes with webhookUrl, not studioFlowSid"),
    ({"mode": "conversations", "studioFlowSid": FLOW, "studioRetryCount": 7},
     "flex-a2p:flexInbound.studioRetryCount: must be a whole number from 0 to 3"),
], ids=["no target", "two targets", "management without the mode", "legacy management", "unknown mode",
        "misspelt key", "bad flow SID", "http webhook", "other target's option", "retry count"])
def test_flex_inbound_errors_name_the_key_and_the_rule(flex_inbound: dict[str, Any], message: str) -> None:
    with pytest.raises(stack_config.StackConfigError) as info:
        load({"messagingService": {"friendlyName": "flex"}, "flexInbound": flex_inbound})
    assert message in str(info.value)


# -- flex-a2p:trustHub ---------------------------------------------------------------------------------------------

SERVICE = {"friendlyName": "x"}
CUSTOMER_PROFILE = as_config(customer_profile(wait_for_review=True))
A2P_PROFILE = {"friendlyName": "Acme A2P", "email": "compliance@acme.example.com", "companyType": "private"}
TRUST_HUB = {"customerProfile": CUSTOMER_PROFILE, "a2pProfile": A2P_PROFILE}
PERSONAL_PATHS = ["trustHub.customerProfile.businessInformation.businessRegistrationNumber",
                  "trustHub.customerProfile.authorizedRepresentatives[0].email",
                  "trustHub.customerProfile.authorizedRepresentatives[0].phoneNumber"]


def load_secret(values: dict[str, Any], stack_file: dict[str, Any] | None = None) -> stack_config.StackConfig:
    """As the program loads: flex-a2p:trustHub marked secret by the engine (some value in it is encrypted)."""
    return load(values, is_secret=lambda key: key == "flex-a2p:trustHub", stack_file=stack_file, stack="dev")


def test_trust_hub_sections_map_to_the_bundle_resources_inputs() -> None:
    config = load_secret({"messagingService": SERVICE, "trustHub": TRUST_HUB, "brand": {"mock": True},
                          "campaign": DEV_CAMPAIGN})
    assert config.trust_hub is not None
    profile = config.trust_hub["customer_profile"]
    assert profile["business_information"]["website_url"] == "https://acme.example.com"
    assert profile["authorized_representatives"][0]["phone_number"] == REPRESENTATIVE["phone_number"]
    assert profile["address"]["postal_code"] == "94105" and profile["wait_for_review"] is True
    assert config.trust_hub["a2p_profile"] == {"friendly_name": "Acme A2P",
                                                        "email": "compliance@acme.example.com",
                                                        "company_type": "private"}
    assert config.brand == {"mock": True}, "the brand takes the managed bundles"
    assert config.managed_bundles() == ("customer_profile_bundle_sid", "a2p_profile_bundle_sid")


def test_every_missing_or_invalid_field_of_a_profile_is_named_by_its_key() -> None:
    business = {k: v for k, v in CUSTOMER_PROFILE["businessInformation"].items()  # type: ignore[union-attr]
                if k not in ("websiteUrl", "businessType")}
    representative = {"firstName": "Robin", "email": "not an email", "phoneNumber": REPRESENTATIVE["phone_number"],
                      "jobPosition": "Intern"}
    profile = {**CUSTOMER_PROFILE, "businessInformation": business, "authorizedRepresentatives": [representative]}
    with pytest.raises(stack_config.StackConfigError) as error:
        load_secret({"messagingService": SERVICE, "trustHub": {"customerProfile": profile}})
    message = str(error.value)
    for line in ("flex-a2p:trustHub.customerProfile.businessInformation.websiteUrl: required",
                 "flex-a2p:trustHub.customerProfile.businessInformation.businessType: required",
                 "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].lastName: required",
                 "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].businessTitle: required",
                 "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].email: "
                 "must be an email address, got (secret value)",
                 "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].jobPosition: "
                 "must be one of Director, GM"):
        assert line in message
    assert "not an email" not in message, "a personal-data value is never quoted"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"trustHub": {"customerProfile": {**CUSTOMER_PROFILE, "address": {"street": "1 Main St", "zip": "94105"}}}},
         "flex-a2p:trustHub.customerProfile.address.zip: unknown key (known: city, customerName, isoCountry, postalCode"),
        ({"trustHub": {"customerProfile": {**CUSTOMER_PROFILE, "authorizedRepresentatives": [{"phoneNumber": 41.5}]}}},
         "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].phoneNumber: must be an E.164 phone number "
         "such as +14155551234, got a number ((secret value)); write it in quotes"),
        ({"trustHub": {"customerProfiles": CUSTOMER_PROFILE}},
         "flex-a2p:trustHub.customerProfiles: unknown key (did you mean customerProfile?)"),
        ({"trustHub": {"a2pProfile": A2P_PROFILE}}, "`a2pProfile` needs a customer profile"),
        ({"trustHub": {"customerProfile": CUSTOMER_PROFILE, "a2pProfile": {**A2P_PROFILE, "customerProfileSid": BU1}}},
         "`a2pProfile.customerProfileSid` is set but so is `customerProfile`"),
        ({"trustHub": {"customerProfile": CUSTOMER_PROFILE}, "brand": {"customerProfileBundleSid": BU1}},
         "`brand.customerProfileBundleSid` is set but `trustHub` makes that bundle"),
        ({"trustHub": {"customerProfile": CUSTOMER_PROFILE}, "brand": {"mock": True}},
         "flex-a2p:brand.a2pProfileBundleSid: required"),
        ({"trustHub": {"a2pProfile": {**A2P_PROFILE, "customerProfileSid": BU1, "companyType": "public",
                                      "stockExchange": "NASDAQ"}}},
         "flex-a2p:trustHub.a2pProfile.stockTicker: stockTicker is required when companyType is 'public'"),
        ({"trustHub": {"customerProfile": {**CUSTOMER_PROFILE, "authorizedRepresentatives": []}}},
         "flex-a2p:trustHub.customerProfile.authorizedRepresentatives: required"),
    ],
)
def test_trust_hub_errors_name_the_key_and_the_rule(values: dict[str, Any], expected: str) -> None:
    with pytest.raises(stack_config.StackConfigError) as error:
        load_secret({"messagingService": SERVICE, **values})
    assert expected in str(error.value)


def test_an_existing_customer_profile_can_back_a_managed_a2p_profile() -> None:
    config = load_secret({"messagingService": SERVICE,
                          "trustHub": {"a2pProfile": {**A2P_PROFILE, "customerProfileSid": BU1}},
                          "brand": {"customerProfileBundleSid": BU1}})
    assert config.managed_bundles() == ("a2p_profile_bundle_sid",)
    assert config.brand == {"customer_profile_bundle_sid": BU1}


def test_personal_data_in_plain_text_is_refused_with_the_command_that_encrypts_it() -> None:
    values = {"messagingService": SERVICE, "trustHub": TRUST_HUB}
    with pytest.raises(stack_config.StackConfigError) as error:
        load(values, is_secret=lambda key: False, stack="prod")
    message = str(error.value)
    for path in PERSONAL_PATHS:
        assert f"pulumi config set --stack prod --secret --path 'flex-a2p:{path}'" in message
    for value in PERSONAL:
        assert value not in message


def test_only_the_values_stored_in_plain_text_are_named() -> None:
    stored = {"flex-a2p:trustHub": {"customerProfile": {
        "businessInformation": {"businessRegistrationNumber": {"secure": "v1:abc"}},
        "authorizedRepresentatives": [{"email": {"secure": "v1:def"}, "phoneNumber": "+14155550142"}]}}}  # plain
    with pytest.raises(stack_config.StackConfigError) as error:
        load_secret({"messagingService": SERVICE, "trustHub": TRUST_HUB}, stack_file=stored)
    assert "trustHub.customerProfile.authorizedRepresentatives[0].phoneNumber'" in str(error.value)
    assert "email'" not in str(error.value) and "businessRegistrationNumber'" not in str(error.value)
    stored["flex-a2p:trustHub"]["customerProfile"]["authorizedRepresentatives"][0]["phoneNumber"] = {"secure": "v1:x"}
    assert load_secret({"messagingService": SERVICE, "trustHub": TRUST_HUB}, stack_file=stored).trust_hub


def test_a_secret_key_from_outside_the_stack_file_is_trusted() -> None:
    assert load_secret({"messagingService": SERVICE, "trustHub": TRUST_HUB}, stack_file={}).trust_hub is not None
