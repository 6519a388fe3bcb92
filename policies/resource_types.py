"""The resource types the pack checks, grouped by what they are rather than by provider.

Ours come from the resource modules (``components.*.TYPE``), so a renamed resource cannot leave the pack behind.
The Terraform-bridged Twilio provider's tokens are written here and nowhere else in the pack; they are those of the
generated pulumi-twilio SDK, and the CLI tests' stand-in plugin (``tests/e2e/plugins/bridged_twilio``) serves the
service one.
"""

from __future__ import annotations

from components import a2p_campaign, messaging_service, messaging_service_phone_number, messaging_service_sender_pool

MESSAGING_SERVICE = messaging_service.TYPE
#: retired: stacks from before the sender pool hold one per number until their next `up`
MESSAGING_SERVICE_PHONE_NUMBER = messaging_service_phone_number.TYPE
#: a service's numbers as one resource (``phone_numbers``, ``phone_number_sids``)
MESSAGING_SERVICE_SENDER_POOL = messaging_service_sender_pool.TYPE
A2P_CAMPAIGN = a2p_campaign.TYPE

BRIDGED_MESSAGING_SERVICE = "twilio:index/messagingServicesV1:MessagingServicesV1"
BRIDGED_PHONE_NUMBER = "twilio:index/messagingServicesPhoneNumbersV1:MessagingServicesPhoneNumbersV1"
BRIDGED_CAMPAIGN = "twilio:index/messagingServicesComplianceUsa2pV1:MessagingServicesComplianceUsa2pV1"

SERVICE_TYPES = frozenset({MESSAGING_SERVICE, BRIDGED_MESSAGING_SERVICE})
PHONE_NUMBER_TYPES = frozenset({MESSAGING_SERVICE_PHONE_NUMBER, MESSAGING_SERVICE_SENDER_POOL, BRIDGED_PHONE_NUMBER})
CAMPAIGN_TYPES = frozenset({A2P_CAMPAIGN, BRIDGED_CAMPAIGN})
#: Types whose inputs are camelCase (the bridged provider); ours are snake_case.
BRIDGED_TYPES = frozenset({BRIDGED_MESSAGING_SERVICE, BRIDGED_PHONE_NUMBER, BRIDGED_CAMPAIGN})
