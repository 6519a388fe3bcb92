"""The contract with existing stacks: every provider pickled into state by an earlier release still loads.

Pulumi stores a dynamic resource's provider as a pickle of its module path and class name. These are the pickles
earlier releases wrote (copied from state); a rename or move of a provider must keep each of them loadable (leave a
re-export at the old path) or existing stacks can no longer refresh or destroy. See components/provider_base.py.
"""
from __future__ import annotations

import base64
import pickle

import pytest
from pulumi.dynamic.dynamic import serialize_provider

from components.provider_base import TwilioProvider

#: (module, class) -> the `__provider` value in state, as written by main on 2026-11-30.
STATE_PICKLES = {
    ("components.messaging_service", "MessagingServiceProvider"):
        "gASVQwAAAAAAAACMHGNvbXBvbmVudHMubWVzc2FnaW5nX3NlcnZpY2WUjBhNZXNzYWdpbmdTZXJ2aWNlUHJvdmlkZXKUk5QpgZR9lGIu",
    ("components.messaging_service_phone_number", "MessagingServicePhoneNumberProvider"):
        "gASVWwAAAAAAAACMKWNvbXBvbmVudHMubWVzc2FnaW5nX3NlcnZpY2VfcGhvbmVfbnVtYmVylIwjTWVzc2FnaW5nU2VydmljZVBob25lTnVtYmVy"
        "UHJvdmlkZXKUk5QpgZR9lGIu",
    ("components.brand_registration", "BrandRegistrationProvider"):
        "gASVRQAAAAAAAACMHWNvbXBvbmVudHMuYnJhbmRfcmVnaXN0cmF0aW9ulIwZQnJhbmRSZWdpc3RyYXRpb25Qcm92aWRlcpSTlCmBlH2UYi4=",
    ("components.a2p_campaign", "A2PCampaignProvider"):
        "gASVOQAAAAAAAACMF2NvbXBvbmVudHMuYTJwX2NhbXBhaWdulIwTQTJQQ2FtcGFpZ25Qcm92aWRlcpSTlCmBlH2UYi4=",
    # Trust Hub bundles, from the release that added them (pinned from then on).
    ("components.customer_profile", "CustomerProfileProvider"):
        "gASVQQAAAAAAAACMG2NvbXBvbmVudHMuY3VzdG9tZXJfcHJvZmlsZZSMF0N1c3RvbWVyUHJvZmlsZVByb3ZpZGVylJOUKYGUfZRiLg==",
    ("components.a2p_trust_product", "A2PTrustProductProvider"):
        "gASVQgAAAAAAAACMHGNvbXBvbmVudHMuYTJwX3RydXN0X3Byb2R1Y3SUjBdBMlBUcnVzdFByb2R1Y3RQcm92aWRlcpSTlCmBlH2UYi4=",
    # Inbound routing's address configurations, from the release that added them.
    ("components.conversations_address", "ConversationsAddressProvider"):
        "gASVSwAAAAAAAACMIGNvbXBvbmVudHMuY29udmVyc2F0aW9uc19hZGRyZXNzlIwcQ29udmVyc2F0aW9uc0FkZHJlc3NQcm92aWRlcpSTlCmBlH2UYi4=",
    # The sender pool (one resource for a service's numbers), from the release that added it. The per-number
    # provider above stays loadable: the first `up` after it deletes those resources with it (forgetting only).
    ("components.messaging_service_sender_pool", "MessagingServiceSenderPoolProvider"):
        "gASVWQAAAAAAAACMKGNvbXBvbmVudHMubWVzc2FnaW5nX3NlcnZpY2Vfc2VuZGVyX3Bvb2yUjCJNZXNzYWdpbmdTZXJ2aWNlU2VuZGVyUG9vbFByb3ZpZGVylJOUKYGUfZRiLg==",
    # The address configurations as one resource, from the release that added it. The per-number
    # ConversationsAddressProvider above stays loadable: the first `up` after it deletes those resources (forgetting).
    ("components.conversations_address_configurations", "ConversationsAddressConfigurationsProvider"):
        "gASVaAAAAAAAAACML2NvbXBvbmVudHMuY29udmVyc2F0aW9uc19hZGRyZXNzX2NvbmZpZ3VyYXRpb25zlIwqQ29udmVyc2F0aW9uc0FkZHJlc3NDb25m"
        "aWd1cmF0aW9uc1Byb3ZpZGVylJOUKYGUfZRiLg==",
}


@pytest.mark.parametrize(("path", "encoded"), STATE_PICKLES.items(), ids=lambda p: p[1] if isinstance(p, tuple) else "")
def test_every_pickle_in_existing_state_still_loads(path: tuple[str, str], encoded: str) -> None:
    provider = pickle.loads(base64.b64decode(encoded))
    assert isinstance(provider, TwilioProvider)
    assert (type(provider).__module__, type(provider).__name__) == path
    assert provider._client is None and provider._config_error is None  # nothing but the class travels


@pytest.mark.parametrize("path", STATE_PICKLES, ids=lambda p: p[1])
def test_todays_providers_still_pickle_to_the_same_reference(path: tuple[str, str]) -> None:
    module, name = path
    cls = getattr(__import__(module, fromlist=[name]), name)
    assert serialize_provider(cls()) == STATE_PICKLES[path], "a changed pickle means a changed path or state"
