"""Policy pack entry point: only assembles the PolicyPack (which serves gRPC and never returns)."""

from pulumi_policy import EnforcementLevel, PolicyPack

from policies.definitions import PACK_NAME, POLICIES

PolicyPack(
    name=PACK_NAME,
    policies=POLICIES,
    enforcement_level=EnforcementLevel.ADVISORY,
    description="Keeps Flex inbound SMS routing intact and catches A2P 10DLC mistakes before Twilio does.",
    display_name="flex-a2p",
)
