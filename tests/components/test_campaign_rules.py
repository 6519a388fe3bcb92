"""The campaign pre-flight (declared field rules + components.campaign_rules): each rule rejects what Twilio would
reject and accepts what it accepts."""

from __future__ import annotations

import re
from typing import Any

import pytest

from components.a2p_campaign import campaign_violations
from components.campaign_rules import HEURISTIC_RULES
from components.inputs import Violation
from twilio_contract import A2P_USECASES
from tests.components.campaign_samples import BRAND, COMPLIANT_CAMPAIGN

DROP = object()


def campaign(**changes: Any) -> dict[str, Any]:
    result = dict(COMPLIANT_CAMPAIGN)
    for key, value in changes.items():
        if value is DROP:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def rules_of(violations: list[Violation]) -> set[tuple[str, str]]:
    return {(v.rule, v.field) for v in violations}


def test_compliant_campaign_has_no_violations() -> None:
    assert campaign_violations(COMPLIANT_CAMPAIGN, brand_name=BRAND) == []


LONG = "x" * 5000
FLOW = COMPLIANT_CAMPAIGN["message_flow"]

# (changes, rule, field, twilio_error_code)
VIOLATIONS = [
    # R01 required fields (21727)
    ({"description": DROP}, "missing_required_field", "description", 21727),
    ({"message_flow": ""}, "missing_required_field", "message_flow", 21727),
    ({"message_samples": []}, "missing_required_field", "message_samples", 21727),
    ({"us_app_to_person_usecase": None}, "missing_required_field", "us_app_to_person_usecase", 21727),
    ({"has_embedded_links": DROP}, "missing_required_field", "has_embedded_links", 21727),
    ({"has_embedded_phone": DROP}, "missing_required_field", "has_embedded_phone", 21727),
    ({"has_embedded_phone": "no"}, "invalid_type", "has_embedded_phone", 21727),
    ({"message_samples": "one sample as a string, not a list"}, "invalid_type", "message_samples", 21727),
    # R02 brand SID
    ({"brand_registration_sid": "BU" + "0" * 32}, "invalid_brand_registration_sid", "brand_registration_sid", 21717),
    ({"messaging_service_sid": "PN" + "0" * 32}, "invalid_messaging_service_sid", "messaging_service_sid", 20404),
    # R03/R04 lengths (21728)
    ({"description": "Too short to describe a campaign."}, "description_length", "description", 21728),
    ({"description": LONG}, "description_length", "description", 21728),
    ({"message_flow": "Customers opt in online. STOP ends."}, "message_flow_length", "message_flow", 21728),
    # R05/R06 samples
    ({"message_samples": ["Acme Support: only one sample here. Reply STOP to opt out."]}, "sample_count", "message_samples", 21728),
    ({"message_samples": [COMPLIANT_CAMPAIGN["message_samples"][0]] * 6}, "sample_count", "message_samples", 21728),
    ({"message_samples": [COMPLIANT_CAMPAIGN["message_samples"][0], "Too short"]}, "sample_length", "message_samples[1]", 21728),
    # R07 reply message lengths
    ({"help_message": "Acme: email us"}, "help_message_length", "help_message", 21728),
    ({"opt_in_message": "Acme " + "y" * 330}, "opt_in_message_length", "opt_in_message", 21728),
    ({"opt_out_message": "Acme: bye"}, "opt_out_message_length", "opt_out_message", 21728),
    # R08 keywords
    ({"opt_out_keywords": ["STOP", "STOP ALL"]}, "keyword_format", "opt_out_keywords", None),
    ({"help_keywords": ["HELP", "K" * 260]}, "keyword_format", "help_keywords", None),
    # R09 use case
    ({"us_app_to_person_usecase": "customer_care"}, "invalid_usecase", "us_app_to_person_usecase", 21720),
    # R10/R12 keyword <-> message pairs
    ({"opt_in_message": DROP}, "opt_in_message_missing", "opt_in_message", 30896),
    ({"opt_out_message": DROP}, "opt_out_message_missing", "opt_out_message", 30887),
    ({"opt_out_keywords": DROP}, "opt_out_message_missing", "opt_out_keywords", 30887),
    ({"help_message": DROP}, "help_message_missing", "help_message", 30890),
    # R11 keyword opt-in described but not listed
    ({"opt_in_keywords": ["START"]}, "opt_in_keywords_missing", "opt_in_keywords", 30896),
    # R15/R17 URLs
    ({"message_flow": COMPLIANT_CAMPAIGN["message_flow"].replace("https://acme", "http://acme")}, "non_https_url", "message_flow", 30964),
    (
        {"message_samples": ["Acme Support: track it at https://bit.ly/abc123 now. Reply STOP to opt out.", COMPLIANT_CAMPAIGN["message_samples"][1]], "has_embedded_links": True},
        "public_url_shortener",
        "message_samples[0]",
        30892,
    ),
    # R18/R19 samples
    ({"message_samples": ["Your ticket [ticket_id] was updated. Reply STOP to opt out.", "Thanks for contacting us about order [order_id]."]}, "sample_missing_brand_name", "message_samples", 30893),
    ({"message_samples": ["Acme Support: your ticket [ticket_id] was updated today.", COMPLIANT_CAMPAIGN["message_samples"][1]]}, "sample_missing_opt_out", "message_samples", 30893),
    # R20/R21 embedded links/phones, both directions
    ({"has_embedded_links": True}, "embedded_link_mismatch", "has_embedded_links", None),
    (
        {"message_samples": ["Acme Support: see https://acme.example.com/t/1 for details. Reply STOP to opt out.", COMPLIANT_CAMPAIGN["message_samples"][1]]},
        "embedded_link_mismatch",
        "has_embedded_links",
        None,
    ),
    ({"has_embedded_phone": True}, "embedded_phone_mismatch", "has_embedded_phone", 30889),
    (
        {"message_samples": ["Acme Support: call us at (415) 555-0100 about your ticket. Reply STOP to opt out.", COMPLIANT_CAMPAIGN["message_samples"][1]]},
        "embedded_phone_mismatch",
        "has_embedded_phone",
        30889,
    ),
    # R22-R24 reply message content
    ({"opt_in_message": "Acme Support: you are subscribed to support texts. Reply HELP for help."}, "opt_in_message_content", "opt_in_message", 30896),
    ({"opt_out_message": "Acme Support: we got your message, thanks for writing."}, "opt_out_message_content", "opt_out_message", 30887),
    ({"help_message": "Acme Support: we are here to help you with your order."}, "help_message_content", "help_message", 30890),
    # R13/R14/R16 the policy URLs of a new campaign
    ({"privacy_policy_url": DROP}, "privacy_policy_url_missing", "privacy_policy_url", 30933),
    ({"terms_and_conditions_url": ""}, "terms_url_missing", "terms_and_conditions_url", 30934),
    ({"privacy_policy_url": "http://acme.example.com/privacy"}, "invalid_url_format", "privacy_policy_url", 30933),
    ({"terms_and_conditions_url": "https://localhost/terms"}, "invalid_url_format", "terms_and_conditions_url", 30934),
    # R25/R26 message flow
    ({"message_flow": FLOW.replace("STOP to opt out and ", "")}, "message_flow_disclosures", "message_flow", 30909),
    ({"message_flow": COMPLIANT_CAMPAIGN["message_flow"].replace("an unchecked consent box", "a pre-checked consent box")}, "optin_checkbox_prechecked", "message_flow", 30925),
    # R27/R28 content categories
    ({"description": "Acme Support helps customers apply for a personal loan and answers their questions."}, "direct_lending_not_declared", "direct_lending", 30895),
    ({"description": "Acme Support answers questions about our CBD products and the orders customers place."}, "forbidden_content", "description", 30883),
    # R29-R35 the call to action (Twilio's 305xx consent and disclosure reasons)
    ({"message_flow": FLOW.replace("texting JOIN to our support line or by ticking", "ticking")}, "cta_missing_sms", "message_flow", 30551),
    ({"message_flow": FLOW.replace("sends up to 5 msgs/week", "answers questions")}, "cta_missing_frequency", "message_flow", 30545),
    ({"message_flow": FLOW.replace("Msg & data rates may apply. ", "")}, "cta_missing_rates", "message_flow", 30569),
    ({"message_flow": FLOW.replace(" and HELP for help", "")}, "cta_missing_help", "message_flow", 30570),
    ({"message_flow": FLOW + " By ticking it customers agree to receive emails and text messages from Acme Support."}, "consent_bundled_channels", "message_flow", 30556),
    ({"message_flow": FLOW.replace("consent box on https://acme.example.com/support", "consent box on our website")}, "opt_in_link_missing", "message_flow", 30543),
    ({"message_flow": FLOW + " Customers then reply YES to confirm.", "opt_in_message": "Acme Support: you are subscribed to support texts. Reply HELP for help, STOP to opt out."}, "double_opt_in_confirmation", "opt_in_message", 30540),
    ({"message_flow": FLOW.replace("texting JOIN to our support line or by ", "") + " A double opt-in text confirms it.", "opt_in_keywords": DROP, "opt_in_message": DROP}, "double_opt_in_confirmation", "opt_in_message", 30540),
]


@pytest.mark.parametrize(("changes", "rule", "field", "code"), VIOLATIONS, ids=[f"{v[1]}:{v[2]}" for v in VIOLATIONS])
def test_each_rule_reports_its_violation(changes: dict, rule: str, field: str, code: int | None) -> None:
    violations = campaign_violations(campaign(**changes), brand_name=BRAND)
    matching = [v for v in violations if v.rule == rule and v.field == field]
    assert matching, f"expected {rule} on {field}, got {rules_of(violations)}"
    assert matching[0].twilio_error_code == code
    assert field.split("[")[0] in matching[0].message


def test_every_emitted_rule_is_classified() -> None:
    structural = {
        "missing_required_field", "invalid_type", "invalid_brand_registration_sid", "invalid_messaging_service_sid",
        "description_length", "message_flow_length", "sample_count", "sample_length", "opt_in_message_length",
        "opt_out_message_length", "help_message_length", "keyword_format", "invalid_usecase",
        "opt_in_message_missing", "opt_out_message_missing", "help_message_missing", "privacy_policy_url_missing",
        "terms_url_missing", "invalid_url_format",
    }
    emitted = {v[1] for v in VIOLATIONS}
    assert emitted <= structural | HEURISTIC_RULES
    assert not structural & HEURISTIC_RULES


# Traps named in docs/a2p-campaign-rules.md: things Twilio accepts that a naive rule would reject.
ACCEPTED = [
    pytest.param({"opt_out_keywords": DROP, "opt_out_message": DROP, "help_keywords": DROP, "help_message": DROP}, id="default-opt-out"),
    pytest.param({"message_flow": COMPLIANT_CAMPAIGN["message_flow"].replace("an unchecked consent box", "a box that is unchecked by default")}, id="unchecked-by-default"),
    pytest.param({"message_flow": COMPLIANT_CAMPAIGN["message_flow"].replace("an unchecked consent box", "a consent box that is not pre-checked")}, id="not-pre-checked"),
    pytest.param(
        {"message_samples": ["Acme Support: your bill of $42.10 is due on [date]. Reply STOP to opt out.", COMPLIANT_CAMPAIGN["message_samples"][1]], "us_app_to_person_usecase": "ACCOUNT_NOTIFICATION"},
        id="first-party-bill-reminder",
    ),
    pytest.param(
        {"message_samples": ["Acme Support: details at [link]. Reply STOP to opt out.", COMPLIANT_CAMPAIGN["message_samples"][1]], "has_embedded_links": True},
        id="templated-link-counts-as-link",
    ),
    pytest.param(
        {"message_samples": ["Acme Support: write to help@acme.example.com anytime. Reply STOP to opt out.", COMPLIANT_CAMPAIGN["message_samples"][1]]},
        id="email-is-not-a-link",
    ),
    pytest.param({"message_flow": COMPLIANT_CAMPAIGN["message_flow"] + " Text STOP to cancel."}, id="text-STOP-is-not-an-opt-in-keyword"),
    pytest.param({"description": "Acme Support helps customers with loans they hold with Acme Bank and their payments.", "direct_lending": True}, id="lending-declared"),
    pytest.param({"age_gated": None, "subscriber_opt_in": None}, id="optional-booleans-absent"),
    pytest.param({"us_app_to_person_usecase": "2FA"}, id="2FA-usecase"),
    pytest.param({"message_flow": FLOW.replace("up to 5 msgs/week", "support replies; message frequency varies")}, id="frequency-varies"),
    pytest.param({"message_flow": FLOW.replace("up to 5 msgs/week", "1 msg per request")}, id="one-msg-per-request"),
    pytest.param({"message_flow": FLOW.replace("texting JOIN to our support line or by ticking", "ticking") + " It says they agree to receive SMS from Acme Support.", "opt_in_keywords": DROP, "opt_in_message": DROP}, id="SMS-names-the-channel"),
    pytest.param({"message_flow": FLOW.replace("Msg & data rates may apply.", "Message and data rates may apply.")}, id="rates-spelt-out"),
    pytest.param({"message_flow": FLOW.replace("HELP for help", "help for assistance").replace("Reply STOP", "Reply STOP").replace("and help", ", or reply help")}, id="reply-help-lower-case"),
    pytest.param({"message_flow": FLOW + " Customers who call or email us are told they can also text JOIN to opt in."}, id="other-channels-are-not-consent"),
    pytest.param({"message_flow": FLOW + " The SMS box is separate from, and unchecked like, our email newsletter box: customers agree to texts and emails independently."}, id="separate-consent-per-channel"),
    pytest.param({"message_flow": FLOW.replace("https://acme.example.com/support", "our website at [link]")}, id="templated-opt-in-link"),
    pytest.param({"message_flow": FLOW + " Customers then reply YES to confirm.", "opt_in_keywords": ["JOIN", "YES"]}, id="double-opt-in-confirmed-properly"),
]


@pytest.mark.parametrize("changes", ACCEPTED)
def test_what_twilio_accepts_passes(changes: dict) -> None:
    assert campaign_violations(campaign(**changes), brand_name=BRAND) == []


def test_brand_checks_need_a_brand_name() -> None:
    samples = ["Your ticket [ticket_id] was updated. Reply STOP to opt out.", "Thanks for contacting us about order [order_id]."]
    assert campaign_violations(campaign(message_samples=samples)) == []
    assert ("sample_missing_brand_name", "message_samples") in rules_of(campaign_violations(campaign(message_samples=samples), brand_name=BRAND))


def test_unknown_fields_are_not_reported_missing() -> None:
    partial = campaign(description=DROP, opt_out_message=DROP)
    assert rules_of(campaign_violations(partial, brand_name=BRAND, unknown_fields={"description", "opt_out_message"})) == set()
    assert {("missing_required_field", "description"), ("opt_out_message_missing", "opt_out_message")} <= rules_of(
        campaign_violations(partial, brand_name=BRAND)
    )


def test_reference_sids_are_left_to_the_resource_when_absent() -> None:
    # They are outputs of other resources, usually unknown (and dropped) while checking.
    assert campaign_violations(campaign(brand_registration_sid=DROP, messaging_service_sid=DROP), brand_name=BRAND) == []


def test_usecase_codes_match_the_spec_example() -> None:
    assert len(A2P_USECASES) == 21
    assert {"2FA", "CUSTOMER_CARE", "MIXED", "SOLE_PROPRIETOR", "K12_EDUCATION"} <= A2P_USECASES.keys()


def test_violation_is_a_frozen_dataclass() -> None:
    v = Violation("description", "description_length", "m", 21728)
    with pytest.raises(AttributeError):
        v.field = "x"  # type: ignore[misc]


def test_an_existing_campaign_is_not_asked_for_the_policy_urls() -> None:
    old = campaign(privacy_policy_url=DROP, terms_and_conditions_url=DROP)
    assert campaign_violations(old, brand_name=BRAND, existing=True) == []
    assert {("privacy_policy_url_missing", "privacy_policy_url"), ("terms_url_missing", "terms_and_conditions_url")} \
        == rules_of(campaign_violations(old, brand_name=BRAND))


def test_the_dev_stack_campaign_has_no_finding() -> None:
    import yaml

    from components.inputs import to_camel
    from components.a2p_campaign import A2PCampaignArgs
    from pulumi_driver import PROJECT_ROOT

    config = yaml.safe_load((PROJECT_ROOT / "Pulumi.dev.yaml").read_text())["config"]["flex-a2p:campaign"]
    inputs, found = A2PCampaignArgs.from_config(config)
    assert found == []
    assert to_camel("privacy_policy_url") in config
    assert campaign_violations(inputs, brand_name="Example Co") == []


def _documented_rules() -> dict[str, tuple[str, str]]:
    """Reason code -> (rule ID, status) of each R row of docs/a2p-campaign-rules.md."""
    from pulumi_driver import PROJECT_ROOT

    rows = {}
    for line in (PROJECT_ROOT / "docs" / "a2p-campaign-rules.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 8 and re.fullmatch(r"R\d\d", cells[0]):
            for code in re.findall(r"`([a-z0-9_]+)`", cells[1]):
                rows[code] = (cells[0], cells[6])
    return rows


def test_every_machine_checkable_rule_of_the_reference_is_checked_and_tested() -> None:
    documented = _documented_rules()
    tested = {v[1] for v in VIOLATIONS}
    assert {code for code, (_, status) in documented.items() if status == "checked"} <= tested
    assert not [code for code, (_, status) in documented.items() if status != "checked"]  # none left "not yet"
    assert HEURISTIC_RULES <= documented.keys()
