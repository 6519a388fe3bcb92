"""Twilio objects as stack config, derived from the input declarations, and merged without overwriting."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from components.a2p_campaign import A2PCampaignArgs
from components.brand_registration import BrandRegistrationArgs
from components.customer_profile import CustomerProfileArgs
from components.inputs import Flag, Group, GroupList, ResourceArgs, Rule, Seconds, TextList, Whole
from components.messaging_service import MessagingServiceArgs
from discover.values import Leaf, Section, apply, from_twilio, leaves, merge



def sample(rule: Rule) -> Any:
    """A value of the rule's shape (text unless the rule says otherwise)."""
    kinds: list[tuple[type[Rule], Any]] = [(Flag, True), (Whole, 7), (Seconds, 7), (TextList, ["ABC"]),
                                          (GroupList, [{}]), (Group, {})]
    return next((value for kind, value in kinds if isinstance(rule, kind)), "x")


@pytest.mark.parametrize("declaration", [MessagingServiceArgs, A2PCampaignArgs, BrandRegistrationArgs],
                         ids=lambda d: d.__name__)
def test_every_twilio_field_a_declaration_puts_in_config_is_discovered(declaration: type[ResourceArgs]) -> None:
    """A field added to a declaration later is discovered with no change to discovery."""
    specs = declaration.specs()
    fields = {name: sample(specs[name].rule) for name in declaration.config_keys()}
    found = from_twilio(declaration, SimpleNamespace(**fields), "flex-a2p:x").value
    keys = declaration.config_keys()
    expected = {keys[name] for name, spec in specs.items() if name in keys and spec.sent}
    assert set(found) == expected
    assert "adoptSid" not in found and "waitForReview" not in found  # ours, not Twilio's


def test_unset_values_are_left_out_and_values_take_their_declared_form() -> None:
    service = SimpleNamespace(friendly_name="Support", inbound_request_url="", fallback_url=None,
                              inbound_method="post", validity_period=600, sticky_sender=False)
    assert from_twilio(MessagingServiceArgs, service, "flex-a2p:messagingService").value == {
        "friendlyName": "Support", "inboundMethod": "POST", "validityPeriod": 600, "stickySender": False}


def test_nested_objects_keep_their_declared_fields_and_mark_personal_data_secret() -> None:
    profile = SimpleNamespace(
        friendly_name="Acme", email="c@acme.example.com", status_callback=None,
        business_information={"business_name": "Acme Inc", "business_registration_number": "12-3456789",
                              "business_industry": "technology", "not_declared": "dropped"},
        authorized_representatives=[{"first_name": "Alex", "email": "alex@acme.example.com"},
                                    {"first_name": "Sam", "phone_number": "+14155550111"}],
        address={"city": "San Francisco", "postal_code": "94105", "street_secondary": None})
    section = from_twilio(CustomerProfileArgs, profile, "flex-a2p:trustHub.customerProfile")
    assert section.value["businessInformation"] == {"businessName": "Acme Inc", "businessIndustry": "TECHNOLOGY",
                                                    "businessRegistrationNumber": "12-3456789"}
    assert section.value["address"] == {"city": "San Francisco", "postalCode": "94105"}
    prefix = "flex-a2p:trustHub.customerProfile"
    assert section.secrets == {f"{prefix}.businessInformation.businessRegistrationNumber",
                               f"{prefix}.authorizedRepresentatives[0].email",
                               f"{prefix}.authorizedRepresentatives[1].phoneNumber"}
    secret = {leaf.path for leaf in leaves(prefix, section.value, section.secrets) if leaf.secret}
    assert secret == section.secrets


def test_lists_are_written_item_by_item_in_order() -> None:
    assert list(leaves("flex-a2p:campaign", {"messageSamples": ["a", "b"], "usecase": "MIXED"}, ())) == [
        Leaf("flex-a2p:campaign.messageSamples[0]", "a"), Leaf("flex-a2p:campaign.messageSamples[1]", "b"),
        Leaf("flex-a2p:campaign.usecase", "MIXED")]


def test_merge_writes_only_what_the_stack_lacks_and_says_what_it_keeps() -> None:
    existing = {"flex-a2p:messagingService": {"friendlyName": "ours", "stickySender": True},
                "flex-a2p:phoneNumbers": ["+14155550101"],
                "flex-a2p:campaign": {"messageSamples": ["ours one", "ours two"]},
                "flex-a2p:trustHub": {"customerProfile": {"authorizedRepresentatives": [{"email": "a@b.example"}]}}}
    email = "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].email"
    discovered = {
        "flex-a2p:messagingService": Section({"friendlyName": "theirs", "stickySender": True, "usecase": "discussion"}),
        "flex-a2p:phoneNumbers": Section(["+14155550100", "+14155550101"]),
        "flex-a2p:campaign": Section({"messageSamples": ["theirs"], "adoptSid": "QE" + "1" * 32}),
        "flex-a2p:trustHub": Section({"customerProfile": {"authorizedRepresentatives": [
            {"email": "x@y.example", "firstName": "Alex"}, {"firstName": "Sam"}]}}, frozenset({email})),
    }
    writes, kept = merge(existing, discovered)
    assert [(w.path, w.value) for w in writes] == [
        ("flex-a2p:messagingService.usecase", "discussion"),
        ("flex-a2p:phoneNumbers[1]", "+14155550100"),
        ("flex-a2p:campaign.adoptSid", "QE" + "1" * 32),
        ("flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].firstName", "Alex"),
        ("flex-a2p:trustHub.customerProfile.authorizedRepresentatives[1].firstName", "Sam")]
    assert [k.path for k in kept] == ["flex-a2p:messagingService.friendlyName", "flex-a2p:campaign.messageSamples",
                                      email]
    assert "x@y.example" not in kept[2].describe() and "a@b.example" not in kept[2].describe()
    merged = apply(existing, writes)
    assert merged["flex-a2p:phoneNumbers"] == ["+14155550101", "+14155550100"]
    assert merged["flex-a2p:trustHub"]["customerProfile"]["authorizedRepresentatives"] == [
        {"email": "a@b.example", "firstName": "Alex"}, {"firstName": "Sam"}]
    assert existing["flex-a2p:phoneNumbers"] == ["+14155550101"], "the stack's config itself is not changed"
    assert merge(merged, discovered)[0] == [], "a second run writes nothing"
