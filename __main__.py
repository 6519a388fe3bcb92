"""The flex-a2p stack program: one Flex environment's A2P messaging, configured by `Pulumi.<stack>.yaml`.

Its outputs are the contract other infrastructure reads through `StackReference` (see examples/). `inboundRouting`
is computed here, read-only, for the route each number will have after this update, so the policy pack sees it
during preview (components/inbound_routing.py).
"""
from pathlib import Path

import pulumi

import stack_config
from components import inbound_routing
from components.flex_a2p_messaging import FlexA2PMessaging
from components.previous_outputs import previous_output

try:
    config = stack_config.load(
        pulumi.Config(stack_config.NAMESPACE).get_object,
        campaign_exists=lambda: previous_output("campaignSid") is not None,
        is_secret=pulumi.runtime.is_config_secret,
        stack_file=stack_config.read_stack_file(Path(f"Pulumi.{pulumi.get_stack()}.yaml")), stack=pulumi.get_stack())
except stack_config.StackConfigError as error:
    raise pulumi.RunError(str(error)) from None

flex_inbound = config.flex_inbound.settings() if config.flex_inbound else inbound_routing.FlexInbound()
messaging = FlexA2PMessaging(
    "flex",
    messaging_service=config.messaging_service.inputs(),
    phone_numbers=config.phone_numbers,
    trust_hub=config.trust_hub.inputs() if config.trust_hub else None,
    brand=config.brand.inputs() if config.brand else None,
    campaign=config.campaign.inputs() if config.campaign else None,
    flex_inbound=flex_inbound,
)

pulumi.export("messagingServiceSid", messaging.messaging_service_sid)
pulumi.export("phoneNumberSids", messaging.phone_number_sids)
pulumi.export("brandRegistrationSid", messaging.brand_registration_sid)
pulumi.export("brandStatus", messaging.brand_status)
pulumi.export("brandStatusDetail", messaging.brand_status_detail)  # what the brand asks of the user, or null
pulumi.export("campaignSid", messaging.campaign_sid)
pulumi.export("campaignStatus", messaging.campaign_status)
pulumi.export("customerProfileSid", messaging.customer_profile_sid)
pulumi.export("customerProfileStatus", messaging.customer_profile_status)
pulumi.export("trustProductSid", messaging.trust_product_sid)
pulumi.export("trustProductStatus", messaging.trust_product_status)
pulumi.export("inboundRouting", inbound_routing.program_verdicts(
    config.phone_numbers, config.messaging_service.inputs(), flex_inbound))
