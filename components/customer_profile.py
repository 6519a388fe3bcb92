"""`pulumi-python:dynamic/twilio:CustomerProfile`: a Trust Hub Secondary Customer Profile (`/v1/CustomerProfiles`,
policy ``RNdfbf3fae0e1107f8aded0e7cead80bf5``), the business an A2P brand registers, with everything it holds.

One resource owns the bundle and its parts, because Twilio evaluates, reviews and freezes them together: the
business information and one or two authorized representatives (Trust Hub end users), the physical address (an
API 2010 Address and the ``customer_profile_address`` document that names it) and, for an ISV, its primary profile
(``primary_profile_sid``). The lifecycle (evaluate, submit, wait; edit while draft or rejected; refuse edits under
review or approved; keep what a brand uses on destroy) is ``components/trust_hub.py``'s.

Nested inputs carry Twilio's attribute names (``business_information.website_url``,
``authorized_representatives[0].phone_number``). The representatives' email and phone number and the tax ID
(``business_registration_number``) are personal data: their inputs are secret in state as a whole and their values
are never quoted in a message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

from components.inputs import Choice, Email, Group, GroupList, Phone, ResourceArgs, Sid, Text, Url, twilio_field
from components.trust_hub import (ADDRESS, AddressPart, BundleArgs, EndUserPart, HeldBundle, Part, TrustHubBundle,
                                  TrustHubBundleProvider)
from twilio_contract.trusthub import (AUTHORIZED_REPRESENTATIVES, BUSINESS_IDENTITIES, BUSINESS_INDUSTRIES,
                                      BUSINESS_INFORMATION, BUSINESS_REGIONS, BUSINESS_REGISTRATION_IDENTIFIERS,
                                      BUSINESS_TYPES, JOB_POSITIONS, SECONDARY_CUSTOMER_PROFILE_POLICY)

CONFIG_SECTION = "flex-a2p:trustHub.customerProfile"
ISO_COUNTRY = re.compile(r"^[A-Z]{2}$")
REPRESENTATIVE_ROLES = tuple(r.type for r in AUTHORIZED_REPRESENTATIVES)
PRIMARY_PROFILE = "primary_customer_profile"


@dataclass(frozen=True, kw_only=True)
class BusinessInformation(ResourceArgs):
    """The ``customer_profile_business_information`` end user."""

    business_name: str | None = twilio_field(Text(max_len=255), required=True,
                                             doc="the legal name, exactly as registered with the tax authority")
    business_type: str | None = twilio_field(Choice(values=BUSINESS_TYPES), required=True)
    business_industry: str | None = twilio_field(Choice(values=BUSINESS_INDUSTRIES, upper=True), required=True)
    business_registration_identifier: str | None = twilio_field(
        Choice(values=BUSINESS_REGISTRATION_IDENTIFIERS), required=True, doc="EIN in the US")
    business_registration_number: str | None = twilio_field(Text(max_len=64), required=True, secret=True,
                                                            doc="the tax ID (EIN)")
    business_identity: str | None = twilio_field(Choice(values=BUSINESS_IDENTITIES), required=True)
    business_regions_of_operation: str | None = twilio_field(Choice(values=BUSINESS_REGIONS, upper=True),
                                                             required=True)
    website_url: str | None = twilio_field(Url(), required=True)
    social_media_profile_urls: str | None = twilio_field(Text(max_len=1024))


@dataclass(frozen=True, kw_only=True)
class AuthorizedRepresentative(ResourceArgs):
    """An ``authorized_representative_1`` / ``_2`` end user: a person Twilio may contact about the business."""

    first_name: str | None = twilio_field(Text(max_len=255), required=True)
    last_name: str | None = twilio_field(Text(max_len=255), required=True)
    email: str | None = twilio_field(Email(), required=True, secret=True)
    phone_number: str | None = twilio_field(Phone(), required=True, secret=True)
    business_title: str | None = twilio_field(Text(max_len=255), required=True)
    job_position: str | None = twilio_field(Choice(values=JOB_POSITIONS), required=True)


@dataclass(frozen=True, kw_only=True)
class BusinessAddress(ResourceArgs):
    """The business's physical address (no PO box). ``customer_name`` defaults to the business name."""

    customer_name: str | None = twilio_field(Text(max_len=255))
    street: str | None = twilio_field(Text(max_len=255), required=True)
    street_secondary: str | None = twilio_field(Text(max_len=255))
    city: str | None = twilio_field(Text(max_len=255), required=True)
    region: str | None = twilio_field(Text(max_len=255), required=True, doc="state or region, e.g. CA")
    postal_code: str | None = twilio_field(Text(max_len=32), required=True)
    iso_country: str | None = twilio_field(
        Text(pattern=ISO_COUNTRY, what="an ISO 3166-1 alpha-2 country code such as US"), required=True)


@dataclass(frozen=True, kw_only=True)
class CustomerProfileArgs(BundleArgs):

    business_information: pulumi.Input[Mapping[str, Any]] | None = twilio_field(
        Group(fields=BusinessInformation), required=True)
    authorized_representatives: pulumi.Input[list[Mapping[str, Any]]] | None = twilio_field(
        GroupList(item=Group(fields=AuthorizedRepresentative), min_items=1, max_items=2, noun="representatives"),
        required=True)
    address: pulumi.Input[Mapping[str, Any]] | None = twilio_field(Group(fields=BusinessAddress), required=True)
    primary_profile_sid: pulumi.Input[str] | None = twilio_field(
        Sid("BU", "a Trust Hub primary CustomerProfile bundle"), doc="an ISV's approved primary customer profile")


class CustomerProfileProvider(TrustHubBundleProvider):
    args = CustomerProfileArgs
    kind = "Customer Profile"
    collection = "customer_profiles"
    policy_sid = SECONDARY_CUSTOMER_PROFILE_POLICY
    config_section = CONFIG_SECTION
    requirement_inputs = {
        BUSINESS_INFORMATION.type: "business_information",
        **{role: f"authorized_representatives[{i}]" for i, role in enumerate(REPRESENTATIVE_ROLES)},
        "customer_profile_address": "address",
        PRIMARY_PROFILE: "primary_profile_sid",
    }

    def parts_of(self, values: Mapping[str, Any]) -> list[Part]:
        parts: list[Part] = []
        business = values.get("business_information")
        if business:
            parts.append(EndUserPart(BUSINESS_INFORMATION.type, dict(business)))
        for role, representative in zip(REPRESENTATIVE_ROLES, values.get("authorized_representatives") or []):
            parts.append(EndUserPart(role, dict(representative)))
        address = values.get("address")
        if address:
            default_name = (business or {}).get("business_name")
            parts.append(AddressPart({**address, "customer_name": address.get("customer_name") or default_name}))
        if values.get("primary_profile_sid"):
            parts.append(HeldBundle(PRIMARY_PROFILE, values["primary_profile_sid"]))
        return parts

    def values_of(self, data: Mapping[str, Any]) -> dict[str, Any]:
        representatives = [data[role] for role in REPRESENTATIVE_ROLES if role in data]
        return {"business_information": data.get(BUSINESS_INFORMATION.type),
                "authorized_representatives": representatives or None, "address": data.get(ADDRESS),
                "primary_profile_sid": data.get(PRIMARY_PROFILE)}

    def users(self, sid: str) -> list[str]:
        """Brands registered with the profile, and trust products (A2P profiles) that hold it."""
        trusthub = self.client.trusthub.v1
        products = self.call("list Trust Products", lambda: trusthub.trust_products.list(page_size=1000))
        holders = [f"Trust Product {p.sid}" for p in products
                   if any(a.object_sid == sid for a in self.call(
                       f"list what Trust Product {p.sid} holds",
                       lambda p=p: trusthub.trust_products(p.sid).trust_products_entity_assignments.list()))]
        return super().users(sid) + holders


class CustomerProfile(TrustHubBundle, module="twilio", name="CustomerProfile"):
    """A Trust Hub Secondary Customer Profile with its business information, representatives and address."""

    Args = CustomerProfileArgs
    Provider = CustomerProfileProvider


TYPE = CustomerProfile.type_token()
