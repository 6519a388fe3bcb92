"""The flex-a2p policies: names, default enforcement levels and config schemas around ``policies.rules``.

Names are the contract with ``--policy-pack-config`` files and docs/policies.md; change them only together.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    ResourceValidationPolicy,
    Severity,
    StackValidationPolicy,
)

from policies import rules

PACK_NAME = "flex-a2p"

_EXEMPT = {
    "exemptResourceNames": {
        "type": "array",
        "items": {"type": "string"},
        "default": [],
        "description": "Pulumi resource names (not SIDs) of Messaging Services to skip, e.g. the Flex "
        "Conversations default service that Twilio wants on 'Autocreate a Conversation'.",
    }
}
_UNKNOWN = {
    "unknownIsViolation": {
        "type": "boolean",
        "default": False,
        "description": "Report a value that is unknown during preview at this policy's own level instead of "
        "as an advisory 'cannot run during preview' note.",
    }
}

NUMBER_WEBHOOK = ResourceValidationPolicy(
    name="messaging-service-uses-number-webhook",
    description="Messaging Services must defer to the phone number's webhook (use_inbound_webhook_on_number "
    "= true), or inbound SMS never reaches Flex.",
    validate=rules.validate_number_webhook,
    remediate=rules.remediate_number_webhook,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    config_schema=PolicyConfigSchema(properties={**_EXEMPT, **_UNKNOWN}),
    remediation_steps="Set use_inbound_webhook_on_number=True (useInboundWebhookOnNumber: true on the "
    "Terraform-bridged MessagingServicesV1), or run with enforcementLevel 'remediate' to have it set.",
)

NUMBER_WEBHOOK_DEPLOYED = StackValidationPolicy(
    name="messaging-service-uses-number-webhook-stack",
    description="The stack's Messaging Services, as deployed, defer to the phone number's webhook.",
    validate=rules.validate_number_webhook_outputs,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    config_schema=PolicyConfigSchema(properties={**_EXEMPT, **_UNKNOWN}),
)

HTTPS_URLS = ResourceValidationPolicy(
    name="webhook-urls-use-https",
    description="Messaging Service webhook and callback URLs use https.",
    validate=rules.validate_https_urls,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    config_schema=PolicyConfigSchema(
        properties={
            "allowedHttpHosts": {
                "type": "array",
                "items": {"type": "string"},
                "default": [],
                "description": "Host names allowed over plain http (e.g. a local test receiver).",
            },
            "fields": {
                "type": "array",
                "items": {"type": "string", "enum": list(rules.URL_FIELDS)},
                "default": list(rules.URL_FIELDS),
                "description": "Which URL properties to check (snake_case names; camelCase is derived for the "
                "bridged provider).",
            },
        }
    ),
)

INBOUND_URL_IGNORED = ResourceValidationPolicy(
    name="messaging-service-inbound-url-ignored",
    description="A Messaging Service that defers to the number's webhook does not also set its own inbound "
    "webhook (Twilio ignores it).",
    validate=rules.validate_inbound_url_ignored,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    config_schema=PolicyConfigSchema(
        properties={
            "fields": {
                "type": "array",
                "items": {"type": "string", "enum": list(rules.IGNORED_WHEN_DEFERRING)},
                "default": list(rules.IGNORED_WHEN_DEFERRING),
                "description": "Service URL properties that count as ignored while deferring.",
            }
        }
    ),
)

NUMBER_IN_ONE_SERVICE = StackValidationPolicy(
    name="phone-number-in-one-messaging-service",
    description="A phone number is attached to at most one Messaging Service in the stack.",
    validate=rules.validate_number_in_one_service,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    config_schema=PolicyConfigSchema(properties={**_UNKNOWN}),
)

TEN_DLC_HAS_CAMPAIGN = StackValidationPolicy(
    name="us-10dlc-service-has-campaign",
    description="A Messaging Service holding US 10DLC numbers has an A2P campaign in the stack.",
    validate=rules.validate_10dlc_service_has_campaign,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.HIGH,
    config_schema=PolicyConfigSchema(
        properties={
            **_EXEMPT,
            "nonUsAreaCodes": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[2-9][0-9]{2}$"},
                "default": list(rules.DEFAULT_NON_US_AREA_CODES),
                "description": "+1 area codes that are not US 10DLC (Canada, Caribbean). Toll-free 8XX codes "
                "are always excluded.",
            },
        }
    ),
)

_CAMPAIGN_CONFIG = {
    "ignoreRules": {
        "type": "array",
        "items": {"type": "string"},
        "default": [],
        "description": "Rule codes from components/campaign_rules.py to skip, e.g. 'message_flow_disclosures'.",
    },
    "brandName": {
        "type": "string",
        "default": "",
        "description": "The brand's display name; enables the 'sample/opt-in/help message names the brand' checks.",
    },
}

CAMPAIGN_CONTENT = ResourceValidationPolicy(
    name="a2p-campaign-content",
    description="A2P campaign input that Twilio's API rejects (missing fields, lengths, use case, keywords).",
    validate=rules.validate_campaign_content,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    config_schema=PolicyConfigSchema(properties=_CAMPAIGN_CONFIG),
)

CAMPAIGN_VETTING = ResourceValidationPolicy(
    name="a2p-campaign-vetting-risks",
    description="A2P campaign wording that Twilio's vetting is likely to reject (heuristics).",
    validate=rules.validate_campaign_vetting_risks,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    config_schema=PolicyConfigSchema(properties=_CAMPAIGN_CONFIG),
)

POLICIES: list[Policy] = [
    NUMBER_WEBHOOK,
    NUMBER_WEBHOOK_DEPLOYED,
    HTTPS_URLS,
    INBOUND_URL_IGNORED,
    NUMBER_IN_ONE_SERVICE,
    TEN_DLC_HAS_CAMPAIGN,
    CAMPAIGN_CONTENT,
    CAMPAIGN_VETTING,
]
