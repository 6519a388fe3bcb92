"""policies/resource_types.py: our tokens are the resource modules' own; the bridged ones are kept here only."""

from __future__ import annotations

from components import a2p_campaign, messaging_service, messaging_service_phone_number, messaging_service_sender_pool
from policies import resource_types as types


def test_our_tokens_are_the_resource_modules_tokens() -> None:
    assert types.MESSAGING_SERVICE == messaging_service.TYPE == "pulumi-python:dynamic/twilio:MessagingService"
    assert types.MESSAGING_SERVICE_PHONE_NUMBER == messaging_service_phone_number.TYPE
    assert types.MESSAGING_SERVICE_SENDER_POOL == messaging_service_sender_pool.TYPE
    assert types.A2P_CAMPAIGN == a2p_campaign.TYPE


def test_each_kind_has_one_type_per_provider_and_only_bridged_types_are_camel_case() -> None:
    kinds = (types.SERVICE_TYPES, types.PHONE_NUMBER_TYPES, types.CAMPAIGN_TYPES)
    # numbers: the sender pool, and the retired per-number type that stacks hold until their next `up`
    assert [len(kind) for kind in kinds] == [2, 3, 2]
    assert all(len(kind & types.BRIDGED_TYPES) == 1 for kind in kinds)
    assert frozenset().union(*kinds) - types.BRIDGED_TYPES == {
        messaging_service.TYPE, messaging_service_phone_number.TYPE, messaging_service_sender_pool.TYPE,
        a2p_campaign.TYPE}
    assert all(t.startswith("twilio:index/") for t in types.BRIDGED_TYPES)
