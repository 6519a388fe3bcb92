"""The pickled providers stored in state as ``__provider``: small, by reference, deterministic, loadable anywhere,
and free of the client and its credentials even after configure()."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider

from components.a2p_campaign import A2PCampaignProvider
from components.a2p_trust_product import A2PTrustProductProvider
from components.brand_registration import BrandRegistrationProvider
from components.conversations_address import ConversationsAddressProvider
from components.conversations_address_configurations import ConversationsAddressConfigurationsProvider
from components.customer_profile import CustomerProfileProvider
from components.messaging_service import MessagingServiceProvider
from components.messaging_service_phone_number import MessagingServicePhoneNumberProvider
from components.messaging_service_sender_pool import MessagingServiceSenderPoolProvider
from components.provider_base import TwilioProvider

PROVIDERS: list[type[TwilioProvider]] = [
    MessagingServiceProvider,
    MessagingServicePhoneNumberProvider,
    BrandRegistrationProvider,
    A2PCampaignProvider,
    CustomerProfileProvider,
    A2PTrustProductProvider,
    ConversationsAddressProvider,
    MessagingServiceSenderPoolProvider,
    ConversationsAddressConfigurationsProvider,
]
ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "auth-token-that-must-never-be-pickled"
API_SECRET = "api-secret-that-must-never-be-pickled"
PYTHON = sys.executable


def _pickle(provider: TwilioProvider) -> str:
    return serialize_provider(provider)


@pytest.mark.parametrize("cls", PROVIDERS, ids=lambda c: c.__name__)
def test_pickle_is_a_small_reference_to_an_importable_class(cls: type[TwilioProvider]) -> None:
    encoded = _pickle(cls())
    raw = base64.b64decode(encoded)
    assert len(encoded) < 200, len(encoded)
    assert cls.__module__.encode() in raw and cls.__name__.encode() in raw
    assert b"dill" not in raw and b"co_code" not in raw  # by reference: no code objects, no dill internals
    assert cls.serialize_as_secret_always is True


@pytest.mark.parametrize("cls", PROVIDERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    "config",
    [
        {"twilio:accountSid": ACCOUNT_SID, "twilio:authToken": AUTH_TOKEN, "twilio:apiBaseUrl": "http://127.0.0.1:9"},
        {"twilio:accountSid": ACCOUNT_SID, "twilio:apiKey": "SK" + "2" * 32, "twilio:apiSecret": API_SECRET},
    ],
    ids=["auth-token", "api-key"],
)
def test_configured_provider_pickles_without_client_or_secrets(cls: type[TwilioProvider], config: dict[str, str]) -> None:
    provider = cls()
    provider.configure(ConfigureRequest(Config(config, "flex-a2p")))
    assert provider.client is not None  # configured for real
    raw = base64.b64decode(_pickle(provider))
    assert AUTH_TOKEN.encode() not in raw and API_SECRET.encode() not in raw
    assert b"twilio" not in raw.lower()  # no client, no http client, no session
    assert _pickle(provider) == _pickle(cls())  # configuring changes nothing that is stored


_DUMP = """
import json
from pulumi.dynamic.dynamic import serialize_provider
from components.a2p_campaign import A2PCampaignProvider
from components.brand_registration import BrandRegistrationProvider
from components.conversations_address import ConversationsAddressProvider
from components.conversations_address_configurations import ConversationsAddressConfigurationsProvider
from components.messaging_service import MessagingServiceProvider
from components.messaging_service_phone_number import MessagingServicePhoneNumberProvider
from components.messaging_service_sender_pool import MessagingServiceSenderPoolProvider
from components.customer_profile import CustomerProfileProvider
from components.a2p_trust_product import A2PTrustProductProvider
print(json.dumps([serialize_provider(c()) for c in (MessagingServiceProvider, MessagingServicePhoneNumberProvider,
                                                   BrandRegistrationProvider, A2PCampaignProvider,
                                                   CustomerProfileProvider, A2PTrustProductProvider,
                                                   ConversationsAddressProvider, MessagingServiceSenderPoolProvider,
                                                   ConversationsAddressConfigurationsProvider)]))
"""


def test_pickles_are_identical_across_hash_seeds(tmp_path: Path) -> None:
    """A set, or anything hash-ordered, in a provider would show up as a `__provider` diff on every run."""
    results = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([PYTHON, "-c", _DUMP], capture_output=True, text=True, env=env, cwd=tmp_path,
                             check=True, timeout=60)
        results.append(json.loads(out.stdout))
    assert results[0] == results[1] == results[2]
    assert results[0] == [_pickle(c()) for c in PROVIDERS]


_LOAD = """
import base64, sys, dill
for line in sys.stdin.read().split():
    provider = dill.loads(base64.b64decode(line))
    assert provider._client is None
    print(type(provider).__module__ + "." + type(provider).__name__)
"""


def test_pickles_load_in_a_clean_interpreter(tmp_path: Path) -> None:
    """What the plugin does: a fresh process elsewhere, no sys.path tweaks, loads the pickles (and importing the
    modules creates no resources, which would fail without an engine)."""
    pickles = "\n".join(_pickle(c()) for c in PROVIDERS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PULUMI"))}
    out = subprocess.run([PYTHON, "-I", "-c", _LOAD], input=pickles, capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [f"{c.__module__}.{c.__name__}" for c in PROVIDERS]
