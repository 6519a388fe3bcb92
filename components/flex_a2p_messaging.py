"""`FlexA2PMessaging`: a Flex contact center's A2P messaging as one component.

It composes, in dependency order: the Messaging Service (deferring to each number's webhook, so Flex keeps
receiving inbound messages), its phone numbers (one sender pool resource for all of them), optionally the Trust Hub bundles a brand needs (a customer profile
and an A2P trust product, which holds the profile), the brand (an existing one referenced read-only by SID, or a new
or adopted registration, which takes the managed bundles' SIDs) and the campaign, which needs only the service and the
brand (Twilio registers a campaign for a service whatever its numbers; depending on each number cost a URN per
number in the campaign's state and every checkpoint). With ``flex_inbound`` in ``conversations`` mode, the
numbers also get the Conversations address configurations through which Flex receives their messages (one resource
for all of them). Child resource names derive from the component name and stay stable, and the numbers are sets,
so reordering them changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import pulumi

from components.a2p_campaign import A2PCampaign, A2PCampaignArgs
from components.a2p_trust_product import A2PTrustProduct, A2PTrustProductArgs
from components.brand_registration import BrandRegistration, BrandRegistrationArgs, next_step
from components.conversations_address_configurations import (ConversationsAddressConfigurations,
                                                              ConversationsAddressConfigurationsArgs)
from components.customer_profile import CustomerProfile, CustomerProfileArgs
from components.inbound_routing import FlexInbound
from components.inputs import ResourceArgs
from components.messaging_service import MessagingService, MessagingServiceArgs
from components.messaging_service_sender_pool import MessagingServiceSenderPool

TYPE = "flex-a2p:index:FlexA2PMessaging"
A = TypeVar("A", bound=ResourceArgs)
#: The brand outputs that tell what its state asks of the user (``brand_registration.next_step``).
_BRAND_STATE = ("sid", "status", "identity_status", "errors", "failure_reason", "brand_type")


def child_name(name: str, part: str) -> str:
    """A child's resource name: ``flex-service``, ``flex-brand``, ``flex-campaign``, ``flex-customer-profile``,
    ``flex-sender-pool``, ``flex-addresses`` (and, in older stacks' state, ``flex-address-14155550100`` for part
    ``address-+14155550100``). Stable: state and the program's own pre-flight find children by it."""
    return f"{name}-{part.replace('+', '')}"


def _args(cls: type[A], what: str, values: Mapping[str, Any], **siblings: Any) -> A:
    """The declaration's args from a mapping, so a typo names the key instead of failing deep inside Pulumi."""
    allowed = [name for name in cls.specs() if name not in siblings]
    for key in values:
        if key not in allowed:
            raise ValueError(f"{what}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
    return cls(**values, **siblings)


class FlexA2PMessaging(pulumi.ComponentResource):
    """Messaging Service + numbers + brand + campaign for one Flex environment."""

    messaging_service_sid: pulumi.Output[str]
    phone_number_sids: pulumi.Output[dict[str, str]]
    brand_registration_sid: pulumi.Output[str]
    brand_status: pulumi.Output[str]
    brand_status_detail: pulumi.Output[str | None]
    campaign_sid: pulumi.Output[str | None]
    campaign_status: pulumi.Output[str | None]
    customer_profile_sid: pulumi.Output[str | None]
    customer_profile_status: pulumi.Output[str | None]
    trust_product_sid: pulumi.Output[str | None]
    trust_product_status: pulumi.Output[str | None]

    def __init__(
        self,
        name: str,
        *,
        messaging_service: Mapping[str, Any],
        phone_numbers: Sequence[str] = (),
        brand: Mapping[str, Any] | None = None,
        campaign: Mapping[str, Any] | None = None,
        trust_hub: Mapping[str, Mapping[str, Any]] | None = None,
        take_over_numbers: bool = False,
        flex_inbound: FlexInbound | None = None,
        addresses_created_before: Sequence[str] = (),
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        :param messaging_service: MessagingService inputs (``friendly_name``, any Service field, ``adopt_sid``).
        :param phone_numbers: E.164 numbers already on the account, added to the service's sender pool.
        :param brand: ``{"sid": "BN…"}`` to reference an existing brand read-only, or BrandRegistration inputs
            (``customer_profile_bundle_sid``, ``a2p_profile_bundle_sid``, ``brand_type``, …, ``adopt_sid``) to
            register (or adopt) one. Required when ``campaign`` is given.
        :param campaign: A2PCampaign inputs except the service and brand SIDs, which come from the siblings.
        :param trust_hub: ``customer_profile`` (CustomerProfile inputs) and/or ``a2p_profile`` (A2PTrustProduct
            inputs; its ``customer_profile_sid`` comes from the managed profile when there is one). A registered
            brand takes the SIDs of the bundles managed here in place of its own bundle inputs.
        :param take_over_numbers: move numbers held by another Messaging Service instead of failing.
        :param flex_inbound: how the numbers reach Flex; in ``conversations`` mode one
            ConversationsAddressConfigurations for the numbers with ``flex_inbound.address`` (read-only otherwise).
        :param addresses_created_before: numbers whose address configuration the stack's retired per-number
            resources created (``preflight.created_addresses``), so that adopting them keeps them the stack's own.
        """
        super().__init__(TYPE, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)

        numbers = list(phone_numbers)
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            raise ValueError(f"phone_numbers: listed more than once: {', '.join(duplicates)}")
        if campaign is not None and brand is None:
            raise ValueError("brand: a campaign needs a brand (an existing `sid`, or registration inputs)")

        self.service = MessagingService(
            child_name(name, "service"), _args(MessagingServiceArgs, "messaging_service", messaging_service), opts=child)
        self.sender_pool: MessagingServiceSenderPool | None = None
        if numbers:
            self.sender_pool = MessagingServiceSenderPool(
                child_name(name, "sender-pool"), service_sid=self.service.sid, phone_numbers=numbers,
                take_over=take_over_numbers or None, opts=child)

        self.addresses: ConversationsAddressConfigurations | None = None
        if flex_inbound is not None and flex_inbound.manages_addresses and numbers:
            self.addresses = ConversationsAddressConfigurations(
                child_name(name, "addresses"),
                _args(ConversationsAddressConfigurationsArgs, "flex_inbound", flex_inbound.address, addresses=numbers,
                      created_before=sorted(addresses_created_before) or None),
                opts=child)

        hub = dict(trust_hub or {})
        unknown = sorted(set(hub) - {"customer_profile", "a2p_profile"})
        if unknown:
            raise ValueError(f"trust_hub: unknown key(s) {', '.join(unknown)} (allowed: a2p_profile, customer_profile)")
        self.customer_profile: CustomerProfile | None = None
        if hub.get("customer_profile") is not None:
            self.customer_profile = CustomerProfile(
                child_name(name, "customer-profile"), _args(CustomerProfileArgs, "trust_hub.customer_profile",
                                                  hub["customer_profile"]), opts=child)
        self.trust_product: A2PTrustProduct | None = None
        if hub.get("a2p_profile") is not None:
            managed = {"customer_profile_sid": self.customer_profile.sid} if self.customer_profile else {}
            self.trust_product = A2PTrustProduct(
                child_name(name, "a2p-profile"), _args(A2PTrustProductArgs, "trust_hub.a2p_profile", hub["a2p_profile"],
                                             **managed), opts=child)
        bundles = {k: r.sid for k, r in (("customer_profile_bundle_sid", self.customer_profile),
                                          ("a2p_profile_bundle_sid", self.trust_product)) if r is not None}

        self.brand: BrandRegistration | None = None
        if brand is not None:
            if "sid" in brand:
                if len(brand) != 1:
                    raise ValueError("brand: give either `sid` (an existing brand) or registration inputs, not both")
                self.brand = BrandRegistration.get(child_name(name, "brand"), brand["sid"], opts=child)
            else:
                self.brand = BrandRegistration(child_name(name, "brand"), _args(BrandRegistrationArgs, "brand", brand,
                                                                                **bundles), opts=child)

        self.campaign: A2PCampaign | None = None
        if campaign is not None:
            assert self.brand is not None
            self.campaign = A2PCampaign(
                child_name(name, "campaign"),
                _args(A2PCampaignArgs, "campaign", campaign,
                      messaging_service_sid=self.service.sid, brand_registration_sid=self.brand.sid),
                opts=pulumi.ResourceOptions(
                    parent=self,
                    delete_before_replace=True,  # a Messaging Service holds a single campaign
                ),
            )

        self.messaging_service_sid = self.service.sid
        self.phone_number_sids = (self.sender_pool.phone_number_sids if self.sender_pool is not None
                                  else pulumi.Output.from_input({}))
        self.brand_registration_sid = self.brand.sid if self.brand else pulumi.Output.from_input(None)
        self.brand_status = self.brand.status if self.brand else pulumi.Output.from_input(None)
        self.brand_status_detail = self._next_step(self.brand)
        self.campaign_sid = self.campaign.sid if self.campaign else pulumi.Output.from_input(None)
        self.campaign_status = self.campaign.campaign_status if self.campaign else pulumi.Output.from_input(None)
        none = pulumi.Output.from_input(None)
        self.customer_profile_sid = self.customer_profile.sid if self.customer_profile else none
        self.customer_profile_status = self.customer_profile.status if self.customer_profile else none
        self.trust_product_sid = self.trust_product.sid if self.trust_product else none
        self.trust_product_status = self.trust_product.status if self.trust_product else none
        self.register_outputs(
            {
                "messaging_service_sid": self.messaging_service_sid,
                "phone_number_sids": self.phone_number_sids,
                "brand_registration_sid": self.brand_registration_sid,
                "brand_status": self.brand_status,
                "brand_status_detail": self.brand_status_detail,
                "campaign_sid": self.campaign_sid,
                "campaign_status": self.campaign_status,
                "customer_profile_sid": self.customer_profile_sid,
                "customer_profile_status": self.customer_profile_status,
                "trust_product_sid": self.trust_product_sid,
                "trust_product_status": self.trust_product_status,
            }
        )

    @staticmethod
    def _next_step(brand: BrandRegistration | None) -> pulumi.Output[str | None]:
        """What the brand's last known state asks of the user, or None (no brand, or nothing to do)."""
        if brand is None:
            return pulumi.Output.from_input(None)
        return pulumi.Output.all(*[getattr(brand, key) for key in _BRAND_STATE]).apply(
            lambda values: next_step(dict(zip(_BRAND_STATE, values))))
