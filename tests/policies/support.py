"""Builders for driving policies the way the engine does, without the CLI: plain args for the rule functions,
and pulumi_policy's own analyzer servicer (deserialization, unknown proxies, levels, config) for the rest."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi.runtime import proto
from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.policy import _PolicyAnalyzerServicer

from policies.offline import drive, options, urn
from policies.pack import PACK_NAME, POLICIES

STACK_URN = "urn:pulumi:dev::flex-a2p::pulumi:pulumi:Stack::flex-a2p-dev"


def resource_args(
    resource_type: str, props: Mapping[str, Any], name: str = "svc", config: Mapping[str, Any] | None = None
) -> ResourceValidationArgs:
    return ResourceValidationArgs(
        resource_type, dict(props), urn(resource_type, name), name, options(), None, config=config
    )


def validate_resource(
    policy: ResourceValidationPolicy,
    resource_type: str,
    props: Mapping[str, Any],
    name: str = "svc",
    config: Mapping[str, Any] | None = None,
) -> list[str]:
    """Violation messages of one resource policy for one resource."""
    messages: list[str] = []
    drive(policy.validate(resource_args(resource_type, props, name, config), lambda m, u=None: messages.append(m)))
    return messages


def stack_resource(
    resource_type: str,
    props: Mapping[str, Any],
    name: str,
    property_dependencies: Mapping[str, Sequence[PolicyResource]] | None = None,
) -> PolicyResource:
    deps = {k: list(v) for k, v in (property_dependencies or {}).items()}
    return PolicyResource(
        resource_type,
        dict(props),
        urn(resource_type, name),
        name,
        options(),
        None,
        None,
        [d for v in deps.values() for d in v],
        deps,
    )


def validate_stack(
    policy: StackValidationPolicy, resources: Sequence[PolicyResource], config: Mapping[str, Any] | None = None
) -> list[tuple[str, str | None]]:
    """(message, urn) of each violation of one stack policy."""
    found: list[tuple[str, str | None]] = []
    drive(policy.validate(StackValidationArgs(list(resources), config), lambda m, u=None: found.append((m, u))))
    return found


def policy(name: str) -> Policy:
    return next(p for p in POLICIES if p.name == name)


# --- servicer level: deserialization, unknown proxies, enforcement levels and config as the engine drives them


def servicer(config: Mapping[str, Mapping[str, Any]] | None = None) -> _PolicyAnalyzerServicer:
    """The pack's analyzer as PolicyPack builds it, configured like `--policy-pack-config` would."""
    an = _PolicyAnalyzerServicer(PACK_NAME, "0.1.0", POLICIES, EnforcementLevel.ADVISORY)
    if config is not None:
        levels = {
            "advisory": proto.ADVISORY,
            "mandatory": proto.MANDATORY,
            "remediate": proto.REMEDIATE,
            "disabled": proto.DISABLED,
        }
        request = proto.ConfigureAnalyzerRequest()
        for name, entry in config.items():
            pc = request.policyConfig[name]
            entry = dict(entry)
            default = policy(name).enforcement_level or EnforcementLevel.ADVISORY
            pc.enforcementLevel = levels[entry.pop("enforcementLevel", default.value)]
            if entry:
                pc.properties.update(entry)
        an.Configure(request, None)
    return an


def struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(dict(props))
    return s


def analyze(an: _PolicyAnalyzerServicer, resource_type: str, props: Mapping[str, Any], name: str = "svc"):
    return an.Analyze(
        proto.AnalyzeRequest(type=resource_type, urn=urn(resource_type, name), name=name, properties=struct(props)),
        None,
    ).diagnostics


def analyze_stack(an: _PolicyAnalyzerServicer, resources: Sequence[tuple[str, str, Mapping[str, Any]]]):
    """resources: (type, name, output properties)."""
    request = proto.AnalyzeStackRequest()
    for resource_type, name, props in resources:
        r = request.resources.add()
        r.type = resource_type
        r.name = name
        r.urn = urn(resource_type, name)
        r.properties.CopyFrom(struct(props))
    return an.AnalyzeStack(request, None).diagnostics


def remediate(an: _PolicyAnalyzerServicer, resource_type: str, props: Mapping[str, Any], name: str = "svc"):
    response = an.Remediate(
        proto.AnalyzeRequest(type=resource_type, urn=urn(resource_type, name), name=name, properties=struct(props)),
        None,
    )
    return [(r.policyName, json_format.MessageToDict(r.properties), r.diagnostic) for r in response.remediations]
