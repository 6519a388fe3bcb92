"""The flex-a2p stack program: one Flex environment's A2P messaging, configured by `Pulumi.<stack>.yaml`.

Its outputs are the contract other infrastructure reads through `StackReference` (see examples/).
"""
import logging

import pulumi
from pulumi.runtime.config import CONFIG, get_config_env

import stack_config
from components.flex_a2p_messaging import FlexA2PMessaging

# When a resource fails, the engine stops and SDK tasks still waiting on it are dropped; asyncio would print each
# as "Task was destroyed but it is pending!" after the real error (Pulumi's own program runner mutes it the same way).
logging.getLogger("asyncio").setLevel(logging.CRITICAL)

try:
    # The whole stack config as the runtime holds it (set from PULUMI_CONFIG): flex-a2p:*, twilio:*, unknown keys.
    config = stack_config.load({**get_config_env(), **CONFIG.get()})
except stack_config.StackConfigError as error:
    raise pulumi.RunError(str(error)) from None

messaging = FlexA2PMessaging(
    "flex",
    messaging_service=config.messaging_service,
    phone_numbers=config.phone_numbers,
    brand=config.brand,
    campaign=config.campaign,
)

pulumi.export("messagingServiceSid", messaging.messaging_service_sid)
pulumi.export("phoneNumberSids", messaging.phone_number_sids)
pulumi.export("brandRegistrationSid", messaging.brand_registration_sid)
pulumi.export("brandStatus", messaging.brand_status)
pulumi.export("campaignSid", messaging.campaign_sid)
pulumi.export("campaignStatus", messaging.campaign_status)
