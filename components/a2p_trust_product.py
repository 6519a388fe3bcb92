"""`pulumi-python:dynamic/twilio:A2PTrustProduct`: a Trust Hub A2P Messaging Profile (`/v1/TrustProducts`, policy
``RNb0d4771c2c98518d916a3d4cd70a8f8b``), the second bundle an A2P brand names.

It holds the ``us_a2p_messaging_profile_information`` end user (``company_type``; for a public company its
``stock_exchange``, ``stock_ticker`` and ``brand_contact_email``) and the customer profile it is about
(``customer_profile_sid``). A different customer profile replaces the trust product: its brand is registered again
anyway, since the brand names both bundles. The lifecycle is ``components/trust_hub.py``'s.
``brand_contact_email`` may name a person, so it is secret in state like the customer profile's personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

from components.inputs import Choice, Email, Sid, Text, Update, twilio_field
from components.trust_hub import BundleArgs, EndUserPart, HeldBundle, Part, TrustHubBundle, TrustHubBundleProvider
from twilio_contract.trusthub import A2P_MESSAGING_PROFILE_POLICY, COMPANY_TYPES, MESSAGING_PROFILE_INFORMATION

CONFIG_SECTION = "flex-a2p:trustHub.a2pProfile"
CUSTOMER_PROFILE = "customer_profile"


@dataclass(frozen=True, kw_only=True)
class A2PTrustProductArgs(BundleArgs):
    REQUIRED_WHEN = MESSAGING_PROFILE_INFORMATION.required_when

    customer_profile_sid: pulumi.Input[str] | None = twilio_field(
        Sid("BU", "a Trust Hub CustomerProfile bundle"), update=Update.REPLACE, required=True,
        doc="the customer profile the A2P profile is about (the managed one when the stack makes it)")
    company_type: pulumi.Input[str] | None = twilio_field(Choice(values=COMPANY_TYPES), required=True)
    stock_exchange: pulumi.Input[str] | None = twilio_field(Text(max_len=32), doc="e.g. NASDAQ, for a public company")
    stock_ticker: pulumi.Input[str] | None = twilio_field(Text(max_len=16), doc="for a public company")
    brand_contact_email: pulumi.Input[str] | None = twilio_field(
        Email(), secret=True, doc="the brand's contact for Twilio's brand verification (a public company)")


class A2PTrustProductProvider(TrustHubBundleProvider):
    args = A2PTrustProductArgs
    kind = "A2P Trust Product"
    collection = "trust_products"
    policy_sid = A2P_MESSAGING_PROFILE_POLICY
    config_section = CONFIG_SECTION
    requirement_inputs = {MESSAGING_PROFILE_INFORMATION.type: "", CUSTOMER_PROFILE: "customer_profile_sid"}

    def parts_of(self, values: Mapping[str, Any]) -> list[Part]:
        attributes = {k: values[k] for k in MESSAGING_PROFILE_INFORMATION.fields if values.get(k) is not None}
        parts: list[Part] = [EndUserPart(MESSAGING_PROFILE_INFORMATION.type, attributes)] if attributes else []
        if values.get("customer_profile_sid"):
            parts.append(HeldBundle(CUSTOMER_PROFILE, values["customer_profile_sid"]))
        return parts

    def values_of(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return {**data.get(MESSAGING_PROFILE_INFORMATION.type, {}), "customer_profile_sid": data.get(CUSTOMER_PROFILE)}


class A2PTrustProduct(TrustHubBundle, module="twilio", name="A2PTrustProduct"):
    """A Trust Hub A2P Messaging Profile (trust product) for a customer profile."""

    Args = A2PTrustProductArgs
    Provider = A2PTrustProductProvider


TYPE = A2PTrustProduct.type_token()
