"""The flex-a2p stack program: one Flex environment's A2P messaging, configured by `Pulumi.<stack>.yaml`.

Its outputs are the contract other infrastructure reads through `StackReference` (see examples/). `inboundRouting`
is computed here, read-only, for the route each number will have after this update, so the policy pack sees it
during preview (components/inbound_routing.py). With nothing changed since the last update, the program reads
nothing from Twilio (components/last_update.py).
"""
import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pulumi
from pulumi.runtime.config import CONFIG, get_config_env

import stack_config
from components import inbound_routing, last_update, preflight
from components.flex_a2p_messaging import FlexA2PMessaging, child_name
from components.messaging_service import TYPE as MESSAGING_SERVICE
from components.stack_state import read_stack_state

# When a resource fails, the engine stops and SDK tasks still waiting on it are dropped; asyncio would print each
# as "Task was destroyed but it is pending!" after the real error (Pulumi's own program runner mutes it the same way).
logging.getLogger("asyncio").setLevel(logging.CRITICAL)

COMPONENT = "flex"

# The whole stack config as the runtime holds it (set from PULUMI_CONFIG): flex-a2p:*, twilio:*, unknown keys.
raw_config = {**get_config_env(), **CONFIG.get()}
# The stack's checkpoint, read-only: its last outputs, the creates an interrupted update left pending.
stack = f"{pulumi.get_organization()}/{pulumi.get_project()}/{pulumi.get_stack()}"
state = read_stack_state(stack)
previous = state.outputs
stack_file = stack_config.read_stack_file(Path(f"Pulumi.{pulumi.get_stack()}.yaml"))
try:
    config = stack_config.load(
        raw_config,
        campaign_exists=lambda: previous.get("campaignSid") is not None,
        is_secret=pulumi.runtime.is_config_secret,
        stack_file=stack_file, stack=pulumi.get_stack())
except stack_config.StackConfigError as error:
    raise pulumi.RunError(str(error)) from None

# What only Twilio knows, read-only, before anything is declared (components/preflight.py); not read again while
# the configuration, credentials and code are those of the last update (components/last_update.py).
refreshed = last_update.last_refresh(state, MESSAGING_SERVICE, child_name(COMPONENT, "service"))
digest = last_update.config_digest(raw_config, pulumi.runtime.is_config_secret, stack_file, os.environ,
                                   Path(__file__).read_text(encoding="utf-8"), refreshed)
last = last_update.compare(digest, previous, state, has_numbers=bool(config.phone_numbers))
if last.unchanged:
    findings = preflight.Findings()
else:
    findings = preflight.run(config, raw_config, lambda: state, COMPONENT)
for notice in findings.notices:
    pulumi.log.warn(notice)
if findings.problems:
    raise pulumi.RunError("Twilio would refuse this configuration; nothing was changed:\n  "
                          + "\n  ".join(findings.problems))


def adopting(inputs: dict | None, part: str) -> dict | None:
    """The inputs, adopting what an interrupted create of this part made (see components/preflight.py)."""
    sid = findings.adopt.get(part)
    return inputs if inputs is None or sid is None else {**inputs, "adopt_sid": sid}


flex_inbound = config.flex_inbound or inbound_routing.FlexInbound()
messaging = FlexA2PMessaging(
    COMPONENT,
    messaging_service=adopting(config.messaging_service, "messaging_service"),
    phone_numbers=config.phone_numbers,
    trust_hub=config.trust_hub,
    brand=adopting(config.brand, "brand"),
    campaign=adopting(config.campaign, "campaign"),
    flex_inbound=flex_inbound,
    # read whether or not the checks ran: the migration from per-number resources needs it (components/preflight.py)
    addresses_created_before=preflight.created_addresses(state),
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
if last.unchanged and not last_update.refreshed_in_this_run(messaging.service.inbound_routing_verified_at, refreshed):
    pulumi.log.info(f"Twilio not read: {last.why} (`pulumi refresh` reads it again)")
    routing, verified_at = previous.get(last_update.ROUTING_OUTPUT), previous.get(last_update.VERIFIED_AT_OUTPUT)
    for line in inbound_routing.notices_of(routing or {}):
        pulumi.log.warn(line)
else:
    # Read on a thread while the engine deploys: the stack output waits for the verdicts, the resources do not (the
    # program's module runs on the event loop that sends their registrations). `preview` still has them before the
    # stack policies run.
    verification = ThreadPoolExecutor(max_workers=1, thread_name_prefix="inbound-routing").submit(
        inbound_routing.program_verdicts, config.phone_numbers, config.messaging_service, flex_inbound)
    routing = pulumi.Output.from_input(asyncio.wrap_future(verification))
    verified_at = last_update.now()
pulumi.export("inboundRouting", routing)
pulumi.export("inboundRoutingVerifiedAt", verified_at)  # when Twilio was read for these verdicts
pulumi.export(last_update.DIGEST_OUTPUT, digest)
