"""Fixtures for provider tests: providers configured against the emulator the way the plugin configures them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.runtime import settings

from components.provider_base import TwilioProvider
from tests.components.campaign_samples import COMPLIANT_CAMPAIGN
from twilio_emulator.testing import RunningEmulator, compliant_bundles

P = TypeVar("P", bound=TwilioProvider)


@pytest.fixture(autouse=True)
def _no_pulumi_engine() -> Iterator[None]:
    """Like the plugin process: no engine, so `pulumi.log` warnings go to stderr (and other tests' mocks don't
    leak in)."""
    settings.reset_options()
    yield
    settings.reset_options()


def stack_config(emu: RunningEmulator, **extra: str) -> Config:
    values = {
        "twilio:accountSid": emu.account_sid,
        "twilio:authToken": emu.auth_token,
        "twilio:apiBaseUrl": emu.base_url,
        "twilio:maxRetries": "3",
        "twilio:retryTimeout": "10",
        "twilio:requestTimeout": "5",
    }
    values.update({f"twilio:{k}": v for k, v in extra.items()})
    return Config(values, "flex-a2p")


def configure(cls: type[P], emu: RunningEmulator, **extra: str) -> P:
    """A provider configured as the plugin would, with short waits so the suite stays fast."""
    provider = cls()
    provider.configure(ConfigureRequest(stack_config(emu, **extra)))
    provider.reconcile_delays = (0.1, 0.3, 0.6, 1.2)
    if hasattr(provider, "poll_seconds"):
        provider.poll_seconds = 0.1  # type: ignore[attr-defined]
    return provider


@pytest.fixture
def make(emulator: RunningEmulator) -> Callable[..., Any]:
    def build(cls: type[P], **extra: str) -> P:
        return configure(cls, emulator, **extra)
    return build


def checked(provider: TwilioProvider, news: dict[str, Any], olds: dict[str, Any] | None = None) -> dict[str, Any]:
    """The engine's first step: check(), which must pass."""
    result = provider.check(olds or {}, news)
    assert result.failures == [], [(f.property, f.reason) for f in result.failures]
    return result.inputs


def buy_number(emu: RunningEmulator, e164: str) -> str:
    return emu.client().incoming_phone_numbers.create(phone_number=e164).sid


def approved_bundles(emu: RunningEmulator) -> tuple[str, str]:
    """A CustomerProfile and an A2P TrustProduct that comply with their policies, submitted for review (the emulator
    approves them)."""
    return compliant_bundles(emu.client())


def approved_brand(emu: RunningEmulator) -> str:
    client = emu.client()
    profile, product = approved_bundles(emu)
    brand = client.messaging.v1.brand_registrations.create(customer_profile_bundle_sid=profile,
                                                           a2p_profile_bundle_sid=product, mock=True)
    emu.review(brand.sid, "approved")
    return brand.sid

def campaign_program(service_sid: str, brand_sid: str, **extra: Any) -> dict[str, Any]:
    return {**COMPLIANT_CAMPAIGN, "messaging_service_sid": service_sid, "brand_registration_sid": brand_sid, **extra}



def api_calls(emu: RunningEmulator, method: str, path_prefix: str) -> list[dict[str, Any]]:
    """Requests the emulator received (its request log), for counting calls."""
    return [r for r in emu.requests() if r["method"] == method and r["path"].startswith(path_prefix)]
