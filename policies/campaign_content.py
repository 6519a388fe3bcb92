"""What an A2P campaign says: input Twilio's API rejects (mandatory) and wording its vetting is likely to reject
(advisory heuristics).

The rules are not here: both policies run ``components.a2p_campaign.campaign_violations()``, the pre-flight the
``A2PCampaign`` provider's own ``check()`` runs, and split its findings by ``HEURISTIC_RULES``. They read the
campaign's Twilio fields from either provider; unknown inputs are left out, not reported missing.

What Twilio requires only of a campaign it has yet to create (the privacy and terms URLs, R13 and R14) is reported
as advisory too: a policy sees a resource's inputs, not whether the campaign was registered before Twilio required
them, and a campaign registered earlier keeps working without them. The provider's ``check()`` and the stack
program know the difference and stop a new campaign; an adopted one (``adopt_sid``) is not asked for them at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
)

from components.a2p_campaign import A2PCampaignArgs, campaign_violations
from components.campaign_rules import HEURISTIC_RULES
from components.inputs import to_camel
from policies.config import PolicyConfig, setting
from policies.properties import Properties, label
from policies.resource_types import CAMPAIGN_TYPES

#: The campaign's Twilio fields (request parameters and the service SID in the path), as A2PCampaign declares
#: them; its local inputs (waiting for review, adopting) are not Twilio's to reject.
CAMPAIGN_FIELDS = tuple(name for name, spec in A2PCampaignArgs.specs().items() if spec.sent or spec.path)

_FIELD_NAME = re.compile(r"\b(" + "|".join(CAMPAIGN_FIELDS) + r")\b")


@dataclass(frozen=True)
class CampaignConfig(PolicyConfig):
    """a2p-campaign-content and a2p-campaign-vetting-risks (each configured on its own in the config file)."""

    ignore_rules: tuple[str, ...] = setting(
        (), "Rule codes from components/campaign_rules.py to skip, e.g. 'message_flow_disclosures'."
    )
    brand_name: str = setting(
        "", "The brand's display name; enables the 'sample/opt-in/help message names the brand' checks."
    )


def _in_provider_words(message: str, props: Properties) -> str:
    """Campaign rule messages use our snake_case names; bridged-provider users write camelCase."""
    if not props.bridged:
        return message
    return _FIELD_NAME.sub(lambda m: to_camel(m.group(1)), message)


#: Rules the pack reports as advisory: wording heuristics, and what binds only campaigns not created yet.
ADVISORY_RULES = HEURISTIC_RULES | A2PCampaignArgs.new_requirement_rules()


def _report_campaign_violations(args: ResourceValidationArgs, report_violation: ReportViolation, *,
                                advisory: bool) -> None:
    """Report the advisory or the mandatory findings of the campaign pre-flight, minus ignored rules."""
    if args.resource_type not in CAMPAIGN_TYPES:
        return
    props = Properties.of(args)
    campaign, unknown = props.known((*CAMPAIGN_FIELDS, "adopt_sid"))  # adopting waives what a new one needs
    config = CampaignConfig.read(args)
    for v in campaign_violations(campaign, brand_name=config.brand_name or None, unknown_fields=unknown):
        if (v.rule in ADVISORY_RULES) != advisory or v.rule in config.ignore_rules:
            continue
        code = f" (Twilio error {v.twilio_error_code})" if v.twilio_error_code else ""
        new_only = " if this campaign is new; one registered earlier keeps working" \
            if v.rule in A2PCampaignArgs.new_requirement_rules() else ""
        report_violation(f"A2P campaign {label(args)}: [{v.rule}] {_in_provider_words(v.message, props)}{code}"
                         f"{new_only}")


def validate_campaign_content(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Campaign input Twilio's API rejects outright."""
    _report_campaign_violations(args, report_violation, advisory=False)


def validate_campaign_vetting_risks(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Campaign wording Twilio's vetting would likely reject (heuristics), and what only a new campaign needs."""
    _report_campaign_violations(args, report_violation, advisory=True)


CAMPAIGN_CONTENT = ResourceValidationPolicy(
    name="a2p-campaign-content",
    description="A2P campaign input that Twilio's API rejects (missing fields, lengths, use case, keywords).",
    validate=validate_campaign_content,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    config_schema=CampaignConfig.schema(),
)

CAMPAIGN_VETTING = ResourceValidationPolicy(
    name="a2p-campaign-vetting-risks",
    description="A2P campaign wording that Twilio's vetting is likely to reject (heuristics), and the policy URLs "
                "a new campaign needs.",
    validate=validate_campaign_vetting_risks,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    config_schema=CampaignConfig.schema(),
)

POLICIES: tuple[Policy, ...] = (CAMPAIGN_CONTENT, CAMPAIGN_VETTING)
