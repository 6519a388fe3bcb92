"""Another project's view of a flex-a2p stack: its SIDs and review statuses, read through `StackReference`.

Set `flex-a2p-consumer:flexA2pStack` to the flex-a2p stack's name, e.g. `organization/flex-a2p/dev` on the file
backend. Here the outputs are re-exported; a real consumer would feed them to, say, Flex Conversations address
configurations or a Studio flow.
"""
import pulumi

flex_a2p = pulumi.StackReference(pulumi.Config().require("flexA2pStack"))

messaging_service_sid = flex_a2p.require_output("messagingServiceSid")
phone_number_sids = flex_a2p.require_output("phoneNumberSids")

pulumi.export("messagingServiceSid", messaging_service_sid)
pulumi.export("senderCount", phone_number_sids.apply(len))
pulumi.export("campaignStatus", flex_a2p.get_output("campaignStatus"))
pulumi.export("brandStatusDetail", flex_a2p.get_output("brandStatusDetail"))  # what the brand still needs, or None
pulumi.export("readyToSend", flex_a2p.get_output("campaignStatus").apply(lambda status: status == "VERIFIED"))
# Numbers whose inbound SMS does not reach Flex agents, as the flex-a2p stack last verified them (empty from a
# stack deployed before the verification existed).
pulumi.export("numbersNotReachingFlex", flex_a2p.get_output("inboundRouting").apply(
    lambda routing: sorted(n for n, v in (routing or {}).items() if v["status"] == "fail")))
