"""policies/campaign_content.py: a2p-campaign-content (API rejections, mandatory) and a2p-campaign-vetting-risks
(heuristics, advisory)."""

from __future__ import annotations

from pulumi.runtime import proto
from pulumi_policy.proxy import UNKNOWN_ARRAY_VALUE, UNKNOWN_STRING_VALUE

from components.a2p_campaign import A2PCampaignArgs
from components.inputs import to_camel
from policies.campaign_content import CAMPAIGN_FIELDS
from policies.resource_types import A2P_CAMPAIGN, BRIDGED_CAMPAIGN, MESSAGING_SERVICE
from tests.components.campaign_samples import BRAND, COMPLIANT_CAMPAIGN
from tests.policies.support import analyze, policy, servicer, validate_resource

CONTENT = "a2p-campaign-content"
VETTING = "a2p-campaign-vetting-risks"


def bridged(campaign: dict) -> dict:
    return {to_camel(k): v for k, v in campaign.items()}


def test_campaign_fields_are_the_declared_twilio_fields_and_not_the_local_ones() -> None:
    assert set(CAMPAIGN_FIELDS) == {*A2PCampaignArgs.sent_names(), "messaging_service_sid"}
    assert not {"wait_for_review", "review_timeout_seconds", "adopt_sid"} & set(CAMPAIGN_FIELDS)


def test_a_field_added_to_the_campaign_declaration_is_checked_for_both_providers() -> None:
    # privacy_policy_url came to A2PCampaignArgs after the pack was written; the pack follows without a change.
    bad = {**COMPLIANT_CAMPAIGN, "privacy_policy_url": "http://acme.example.com/privacy"}
    [message] = validate_resource(policy(CONTENT), A2P_CAMPAIGN, bad, config={"brandName": BRAND})
    assert "[invalid_url_format]" in message and "privacy_policy_url" in message
    [message] = validate_resource(policy(CONTENT), BRIDGED_CAMPAIGN, bridged(bad), config={"brandName": BRAND})
    assert "privacyPolicyUrl" in message and "privacy_policy_url" not in message


def test_compliant_campaign_passes_both_policies_for_both_providers() -> None:
    for name in (CONTENT, VETTING):
        assert validate_resource(policy(name), A2P_CAMPAIGN, COMPLIANT_CAMPAIGN, config={"brandName": BRAND}) == []
        assert validate_resource(policy(name), BRIDGED_CAMPAIGN, bridged(COMPLIANT_CAMPAIGN), config={"brandName": BRAND}) == []


def test_other_types_are_not_campaigns() -> None:
    assert validate_resource(policy(CONTENT), MESSAGING_SERVICE, {"description": "short"}) == []


def test_api_rejections_go_to_the_content_policy_only() -> None:
    bad = {**COMPLIANT_CAMPAIGN, "us_app_to_person_usecase": "support", "description": "too short"}
    content = validate_resource(policy(CONTENT), A2P_CAMPAIGN, bad, name="care")
    assert len(content) == 2
    assert any("[invalid_usecase]" in m and "21720" in m and "'care'" in m for m in content)
    assert any("[description_length]" in m and "21728" in m for m in content)
    assert validate_resource(policy(VETTING), A2P_CAMPAIGN, bad) == []


def test_vetting_risks_go_to_the_heuristic_policy_only() -> None:
    bad = {**COMPLIANT_CAMPAIGN, "has_embedded_phone": True}
    assert validate_resource(policy(CONTENT), A2P_CAMPAIGN, bad) == []
    [message] = validate_resource(policy(VETTING), A2P_CAMPAIGN, bad)
    assert "[embedded_phone_mismatch]" in message and "30889" in message


def test_bridged_campaign_messages_use_camel_case_names() -> None:
    bad = bridged({**COMPLIANT_CAMPAIGN, "opt_out_message": None})
    [message] = validate_resource(policy(CONTENT), BRIDGED_CAMPAIGN, bad)
    assert "optOutMessage" in message and "optOutKeywords" in message and "opt_out_keywords" not in message


def test_unknown_inputs_are_not_reported_missing() -> None:
    props = {
        **COMPLIANT_CAMPAIGN,
        "brand_registration_sid": UNKNOWN_STRING_VALUE,
        "messaging_service_sid": UNKNOWN_STRING_VALUE,
        "message_samples": UNKNOWN_ARRAY_VALUE,
    }
    assert validate_resource(policy(CONTENT), A2P_CAMPAIGN, props) == []


def test_unknown_inputs_through_the_servicer_do_not_block_the_known_ones() -> None:
    props = {**COMPLIANT_CAMPAIGN, "brand_registration_sid": UNKNOWN_STRING_VALUE, "description": "too short"}
    diagnostics = [d for d in analyze(servicer(), A2P_CAMPAIGN, props) if d.policyName == CONTENT]
    assert len(diagnostics) == 1
    assert diagnostics[0].enforcementLevel == proto.MANDATORY and "[description_length]" in diagnostics[0].message


def test_ignore_rules_and_brand_name_are_configurable() -> None:
    samples = ["Your ticket [ticket_id] was updated. Reply STOP to opt out.", "Thanks for contacting us about order [order_id]."]
    props = {**COMPLIANT_CAMPAIGN, "message_samples": samples}
    assert validate_resource(policy(VETTING), A2P_CAMPAIGN, props) == []  # no brand name configured
    [message] = validate_resource(policy(VETTING), A2P_CAMPAIGN, props, config={"brandName": BRAND})
    assert "[sample_missing_brand_name]" in message
    config = {"brandName": BRAND, "ignoreRules": ["sample_missing_brand_name"]}
    assert validate_resource(policy(VETTING), A2P_CAMPAIGN, props, config=config) == []


def test_vetting_risks_are_advisory_by_default_and_can_be_made_mandatory() -> None:
    bad = {**COMPLIANT_CAMPAIGN, "has_embedded_links": True}
    levels = [d.enforcementLevel for d in analyze(servicer(), A2P_CAMPAIGN, bad) if d.policyName == VETTING]
    assert levels == [proto.ADVISORY]
    an = servicer({VETTING: {"enforcementLevel": "mandatory"}})
    assert [d.enforcementLevel for d in analyze(an, A2P_CAMPAIGN, bad) if d.policyName == VETTING] == [proto.MANDATORY]


def test_the_policy_urls_a_new_campaign_needs_are_advisory_since_the_pack_cannot_tell_new_from_existing() -> None:
    old = {k: v for k, v in COMPLIANT_CAMPAIGN.items() if not k.endswith("_url")}
    assert validate_resource(policy(CONTENT), A2P_CAMPAIGN, old, config={"brandName": BRAND}) == []
    advice = validate_resource(policy(VETTING), A2P_CAMPAIGN, old, config={"brandName": BRAND})
    assert len(advice) == 2
    assert any("[privacy_policy_url_missing]" in m and "30933" in m and "keeps working" in m for m in advice)
    assert any("[terms_url_missing]" in m and "30934" in m for m in advice)
    [bridged_advice, _] = validate_resource(policy(VETTING), BRIDGED_CAMPAIGN, bridged(old), config={"brandName": BRAND})
    assert "privacyPolicyUrl is required" in bridged_advice
    adopted = {"messaging_service_sid": COMPLIANT_CAMPAIGN["messaging_service_sid"], "adopt_sid": "QE" + "1" * 32}
    for name in (CONTENT, VETTING):
        assert validate_resource(policy(name), A2P_CAMPAIGN, adopted) == []


def test_the_305xx_call_to_action_reasons_are_vetting_risks() -> None:
    flow = COMPLIANT_CAMPAIGN["message_flow"].replace("Acme Support sends up to 5 msgs/week. ", "Acme Support answers. ")
    bad = {**COMPLIANT_CAMPAIGN, "message_flow": flow}
    assert validate_resource(policy(CONTENT), A2P_CAMPAIGN, bad, config={"brandName": BRAND}) == []
    [message] = validate_resource(policy(VETTING), A2P_CAMPAIGN, bad, config={"brandName": BRAND})
    assert "[cta_missing_frequency]" in message and "30545" in message
