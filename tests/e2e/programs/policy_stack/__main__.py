"""Messaging Services that comply with the flex-a2p policy pack, or not, as the stack config says.

Config (all optional):
  defer            omit | true | false | string-false   use_inbound_webhook_on_number of our MessagingService
  statusCallback   a URL for our MessagingService's status_callback
  bridged          omit | true | false   also declare the Terraform-bridged MessagingServicesV1 (needs the
                   `twilio` provider plugin; the tests put a stand-in on PATH); omit = not declared,
                   "unset" = declared without useInboundWebhookOnNumber
"""
import pulumi

from components.messaging_service import MessagingService
from policies.resource_types import BRIDGED_MESSAGING_SERVICE

config = pulumi.Config()
defer = config.get("defer") or "omit"
kwargs = {}
if defer == "true":
    kwargs["use_inbound_webhook_on_number"] = True
elif defer == "false":
    kwargs["use_inbound_webhook_on_number"] = False
elif defer == "string-false":
    kwargs["use_inbound_webhook_on_number"] = "false"
if config.get("statusCallback"):
    kwargs["status_callback"] = config.get("statusCallback")

service = MessagingService("flex-sms", friendly_name="Flex SMS", **kwargs)
pulumi.export("sid", service.sid)
pulumi.export("use_inbound_webhook_on_number", service.use_inbound_webhook_on_number)

bridged = config.get("bridged")
if bridged:
    props = {"friendlyName": "Flex SMS (bridged)"}
    if bridged in ("true", "false"):
        props["useInboundWebhookOnNumber"] = bridged == "true"
    pulumi.CustomResource(BRIDGED_MESSAGING_SERVICE, "bridged-sms", props)
