"""Flags an EngineProbe whose message contains the word "forbidden" (mandatory)."""
from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationArgs, ResourceValidationPolicy


def no_forbidden_message(args: ResourceValidationArgs, report_violation) -> None:
    if args.resource_type == "pulumi-python:dynamic/flexa2p:EngineProbe" and "forbidden" in str(
        args.props.get("message") or ""
    ):
        report_violation("probe message must not contain 'forbidden'")


PolicyPack(
    name="engine-probe-pack",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[
        ResourceValidationPolicy(
            name="probe-message-allowed",
            description="Probe messages must not contain the word forbidden.",
            validate=no_forbidden_message,
        )
    ],
)
