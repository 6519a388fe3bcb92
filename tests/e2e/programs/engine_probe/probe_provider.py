"""A dynamic resource with no Twilio side effects, for tests/e2e/test_engine_offline.py.

It proves, on any machine, that the Pulumi engine, our language host and the dynamic-provider plugin work
together offline, without any Twilio code on that path. It lives next to the program's ``__main__.py``, not in
the product package: the plugin runs with the program directory as its working directory, so ``probe_provider``
is importable there, which is the by-reference pickling this test relies on (docs/pulumi-dynamic-providers.md).
"""
from __future__ import annotations

import hashlib
from typing import Any, Optional

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ResourceProvider, UpdateResult


class EngineProbeProvider(ResourceProvider):
    """Stores `message` and derives `digest` from it; `label` changes replace, `message` changes update."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures = []
        if not isinstance(news.get("label"), str) or not news["label"]:
            failures.append(CheckFailure("label", "label is required and must be a non-empty string"))
        return CheckResult(news, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = [k for k in ("label", "message") if olds.get(k) != news.get(k)]
        return DiffResult(changes=bool(changed), replaces=[k for k in changed if k == "label"])

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(id_=f"probe-{props['label']}", outs=self._outputs(props))

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(outs=self._outputs(news))

    @staticmethod
    def _outputs(props: dict[str, Any]) -> dict[str, Any]:
        message = props.get("message") or ""
        return {
            "label": props["label"],
            "message": message,
            "digest": hashlib.sha256(message.encode()).hexdigest(),
        }


class EngineProbe(pulumi.dynamic.Resource, module="flexa2p", name="EngineProbe"):
    """Type token `pulumi-python:dynamic/flexa2p:EngineProbe`."""

    label: pulumi.Output[str]
    message: pulumi.Output[str]
    digest: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        label: pulumi.Input[str],
        message: Optional[pulumi.Input[str]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        super().__init__(
            EngineProbeProvider(),
            resource_name,
            {"label": label, "message": message, "digest": None},
            opts,
        )
