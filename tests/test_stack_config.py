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


def load(values: dict[str, Any]) -> stack_config.StackConfig:
    return stack_config.load(values.get)


def test_maps_camel_case_keys_to_resource_inputs() -> None:
    config = load(
        {
            "messagingService": {"friendlyName": "flex", "useInboundWebhookOnNumber": True, "validityPeriod": 600},
            "phoneNumbers": ["+14155550100"],
            "brand": {"customerProfileBundleSid": BU1, "a2pProfileBundleSid": BU2, "mock": True},
            "campaign": DEV_CAMPAIGN,
        }
    )
    assert config.messaging_service.inputs() == {
        "friendly_name": "flex",
        "use_inbound_webhook_on_number": True,
        "validity_period": 600,
    }
    assert config.phone_numbers == ["+14155550100"]
    assert config.brand is not None and config.brand.inputs() == {
        "customer_profile_bundle_sid": BU1,
        "a2p_profile_bundle_sid": BU2,
        "mock": True,
    }
    assert config.campaign is not None
    campaign = config.campaign.inputs()
    assert campaign["us_app_to_person_usecase"] == DEV_CAMPAIGN["usecase"] and "usecase" not in campaign
    assert campaign["message_samples"] == DEV_CAMPAIGN["messageSamples"]
    assert campaign["has_embedded_links"] is False
    assert campaign["opt_out_keywords"] == DEV_CAMPAIGN["optOutKeywords"]


def test_an_omitted_defer_setting_is_left_to_the_provider_default() -> None:
    config = load({"messagingService": {"friendlyName": "flex"}})
    assert "use_inbound_webhook_on_number" not in config.messaging_service.inputs()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, "flex-a2p:messagingService: required"),
        ({"messagingService": {}}, "flex-a2p:messagingService.friendlyName: required"),
        ({"messagingService": {"friendlyName": "x", "useInboundWebhook": True}},
         "flex-a2p:messagingService.useInboundWebhook: unknown key"),
        ({"messagingService": {"friendlyName": "x", "useInboundWebhookOnNumber": "false"}},
         "flex-a2p:messagingService.useInboundWebhookOnNumber: Input should be a valid boolean"),
        ({"messagingService": {"friendlyName": "x"}, "phoneNumbers": ["4155550100"]},
         "flex-a2p:phoneNumbers[0]: '4155550100' does not match"),
        ({"messagingService": {"friendlyName": "x"}, "phoneNumbers": ["+14155550100", "+14155550100"]},
         "phoneNumbers` lists +14155550100 more than once"),
        ({"messagingService": {"friendlyName": "x"}, "campaign": {"usecase": "MARKETING"}},
         "`campaign` is set but `brand` is not"),
        ({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN, "mock": True}},
         "flex-a2p:brand: give either `sid` (an existing brand) or registration inputs, not both; also given: mock"),
        ({"messagingService": {"friendlyName": "x"}, "brand": {"customerProfileBundleSid": BU1}},
         "flex-a2p:brand.a2pProfileBundleSid: required"),
        ({"messagingService": {"friendlyName": "x"}, "brand": {"sid": "BN123"}},
         "flex-a2p:brand.sid: 'BN123' does not match"),
        ({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN},
          "campaign": {"messageSamples": "one sample"}},
         "flex-a2p:campaign.messageSamples: Input should be a valid list"),
    ],
)
def test_errors_name_the_key_and_the_rule(values: dict[str, Any], expected: str) -> None:
    with pytest.raises(stack_config.StackConfigError) as error:
        load(values)
    assert expected in str(error.value)


def test_existing_brand_by_sid() -> None:
    config = load({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN}})
    assert config.brand is not None and config.brand.inputs() == {"sid": BN}


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
    assert config.campaign.inputs()["terms_and_conditions_url"] == "https://example.com/terms"
    with pytest.raises(stack_config.StackConfigError, match=r"flex-a2p:campaign.privacyPolicyUrl: privacyPolicyUrl "
                                                            r"must be an absolute https URL"):
        load({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN},
              "campaign": {**campaign, "privacyPolicyUrl": "http://example.com/privacy"}})


OLD_CAMPAIGN = {k: v for k, v in DEV_CAMPAIGN.items() if k not in ("privacyPolicyUrl", "termsAndConditionsUrl")}


def test_a_new_campaign_without_policy_urls_stops_naming_the_keys_and_twilio_codes() -> None:
    asked: list[bool] = []

    def never_registered() -> bool:
        asked.append(True)
        return False

    with pytest.raises(stack_config.StackConfigError) as error:
        stack_config.load({"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN},
                           "campaign": OLD_CAMPAIGN}.get, campaign_exists=never_registered)
    assert str(error.value).splitlines()[1:] == [
        "  flex-a2p:campaign.privacyPolicyUrl: privacyPolicyUrl is required for a new registration (Twilio refuses "
        "one without it since 2026-06-30) (rule privacy_policy_url_missing, Twilio error 30933)",
        "  flex-a2p:campaign.termsAndConditionsUrl: termsAndConditionsUrl is required for a new registration "
        "(Twilio refuses one without it since 2026-06-30) (rule terms_url_missing, Twilio error 30934)",
    ]
    assert asked == [True]


def test_the_campaign_the_stack_already_has_is_not_asked_for_policy_urls() -> None:
    values = {"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN}, "campaign": OLD_CAMPAIGN}
    config = stack_config.load(values.get, campaign_exists=lambda: True)
    assert config.campaign is not None and "privacy_policy_url" not in config.campaign.inputs()
    adopted = {**values, "campaign": {"adoptSid": "QE" + "1" * 32}}
    assert stack_config.load(adopted.get, campaign_exists=lambda: pytest.fail("adoption needs no look-up"))
    with pytest.raises(stack_config.StackConfigError, match=r"campaign.privacyPolicyUrl: .*public host.*30933"):
        stack_config.load({**values, "campaign": {**OLD_CAMPAIGN, "privacyPolicyUrl": "https://intranet/privacy"}}.get,
                          campaign_exists=lambda: True)  # what is given is still checked


def test_the_stack_history_is_not_read_when_the_urls_are_set() -> None:
    values = {"messagingService": {"friendlyName": "x"}, "brand": {"sid": BN}, "campaign": DEV_CAMPAIGN}
    assert stack_config.load(values.get, campaign_exists=lambda: pytest.fail("no look-up needed")).campaign


FLOW = "FW" + "5" * 32


def test_flex_inbound_defaults_to_verifying_and_detecting_the_flavour() -> None:
    config = load({"messagingService": {"friendlyName": "flex"}})
    assert config.flex_inbound is None
    legacy = load({"messagingService": {"friendlyName": "flex"}, "flexInbound": {"flavour": "legacy"}})
    settings = legacy.flex_inbound.settings()
    assert (settings.mode, settings.flavour.value, settings.manages_addresses) == ("verify", "legacy", False)


def test_flex_inbound_conversations_mode_gives_each_address_its_inputs() -> None:
    config = load({"messagingService": {"friendlyName": "flex"},
                   "flexInbound": {"mode": "conversations", "webhookUrl": "https://flex.example.com/in",
                                   "webhookMethod": "POST", "webhookFilters": ["onMessageAdded"],
                                   "blankSmsUrl": True}})
    settings = config.flex_inbound.settings()
    assert settings.manages_addresses and settings.judged_flavour.value == "conversations"
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
    ({"mode": "manage"}, "flex-a2p:flexInbound.mode: Input should be 'verify' or 'conversations'"),
    ({"flavor": "legacy"}, "flex-a2p:flexInbound.flavor: unknown key"),
    ({"mode": "conversations", "studioFlowSid": "FW123"}, "flex-a2p:flexInbound.studioFlowSid: studioFlowSid must be "
                                                          "a Studio flow SID"),
    ({"mode": "conversations", "webhookUrl": "http://x.example"}, "flex-a2p:flexInbound.webhookUrl: webhookUrl must "
                                                                  "be an absolute https URL"),
    ({"mode": "conversations", "studioFlowSid": FLOW, "webhookMethod": "POST"},
     "flex-a2p:flexInbound.webhookMethod: webhookMethod goes with webhookUrl, not studioFlowSid"),
    ({"mode": "conversations", "studioFlowSid": FLOW, "studioRetryCount": 7},
     "flex-a2p:flexInbound.studioRetryCount: studioRetryCount must be a whole number from 0 to 3"),
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
    return stack_config.load(values.get, is_secret=lambda key: key == "flex-a2p:trustHub", stack_file=stack_file,
                             stack="dev")


def test_trust_hub_sections_map_to_the_bundle_resources_inputs() -> None:
    config = load_secret({"messagingService": SERVICE, "trustHub": TRUST_HUB, "brand": {"mock": True},
                          "campaign": DEV_CAMPAIGN})
    assert config.trust_hub is not None
    profile = config.trust_hub.inputs()["customer_profile"]
    assert profile["business_information"]["website_url"] == "https://acme.example.com"
    assert profile["authorized_representatives"][0]["phone_number"] == REPRESENTATIVE["phone_number"]
    assert profile["address"]["postal_code"] == "94105" and profile["wait_for_review"] is True
    assert config.trust_hub.inputs()["a2p_profile"] == {"friendly_name": "Acme A2P",
                                                        "email": "compliance@acme.example.com",
                                                        "company_type": "private"}
    assert config.brand is not None and config.brand.inputs() == {"mock": True}, "the brand takes the managed bundles"
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
                 "authorizedRepresentatives[0].email must be an email address, got (secret value)",
                 "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].jobPosition: "
                 "authorizedRepresentatives[0].jobPosition must be one of Director, GM"):
        assert line in message
    assert "not an email" not in message, "a personal-data value is never quoted"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"trustHub": {"customerProfile": {**CUSTOMER_PROFILE, "address": {"street": "1 Main St", "zip": "94105"}}}},
         "flex-a2p:trustHub.customerProfile.address.zip: unknown key"),
        ({"trustHub": {"customerProfile": {**CUSTOMER_PROFILE, "authorizedRepresentatives": [{"phoneNumber": 4155}]}}},
         "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].phoneNumber: Input should be a valid string"),
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
    assert config.brand is not None and config.brand.inputs() == {"customer_profile_bundle_sid": BU1}


def test_personal_data_in_plain_text_is_refused_with_the_command_that_encrypts_it() -> None:
    values = {"messagingService": SERVICE, "trustHub": TRUST_HUB}
    with pytest.raises(stack_config.StackConfigError) as error:
        stack_config.load(values.get, is_secret=lambda key: False, stack="prod")
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
