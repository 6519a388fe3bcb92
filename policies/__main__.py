"""Policy pack entry point: only assembles the PolicyPack (which serves gRPC and never returns)."""

from pulumi_policy import EnforcementLevel, PolicyPack

from policies.pack import DESCRIPTION, DISPLAY_NAME, PACK_NAME, POLICIES

PolicyPack(
    name=PACK_NAME,
    policies=POLICIES,
    enforcement_level=EnforcementLevel.ADVISORY,
    description=DESCRIPTION,
    display_name=DISPLAY_NAME,
)
