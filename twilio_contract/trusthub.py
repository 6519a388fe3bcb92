"""Trust Hub facts from Twilio's documents: the A2P policies (SIDs and requirement lists), the end-user types and
their attributes, and the values Twilio accepts for them.

A policy says what a bundle must hold (``GET /v1/Policies/{RN}``): end users of given types with given attributes,
supporting documents of accepted types, and other bundles (a trust product holds a customer profile). The emulator
evaluates bundles against these requirements and the product declares its inputs with the same attribute names and
values, so the two cannot drift apart. Which attributes are required, and when, is what Twilio's onboarding guides
say (docs/twilio-api.md, Trust Hub).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: Policy SIDs are the same in every account.
SECONDARY_CUSTOMER_PROFILE_POLICY = "RNdfbf3fae0e1107f8aded0e7cead80bf5"
A2P_MESSAGING_PROFILE_POLICY = "RNb0d4771c2c98518d916a3d4cd70a8f8b"
STARTER_CUSTOMER_PROFILE_POLICY = "RN806dd6cd175f314e1f96a9727ee271f4"
SOLE_PROPRIETOR_TRUST_PRODUCT_POLICY = "RN670d5d2e282a6130ae063b234b6019c8"

BUSINESS_TYPES = ("Sole Proprietorship", "Partnership", "Limited Liability Corporation", "Co-operative",
                  "Non-profit Corporation", "Corporation")
BUSINESS_INDUSTRIES = (
    "AGRICULTURE", "AUTOMOTIVE", "BANKING", "CONSUMER", "EDUCATION", "ELECTRONICS", "ENERGY", "ENGINEERING",
    "FAST_MOVING_CONSUMER_GOODS", "FINANCIAL", "FINTECH", "FOOD_AND_BEVERAGE", "GOVERNMENT", "HEALTHCARE",
    "HOSPITALITY", "INSURANCE", "JEWELRY", "LEGAL", "MANUFACTURING", "MEDIA", "NOT_FOR_PROFIT", "OIL_AND_GAS",
    "ONLINE", "RAW_MATERIALS", "REAL_ESTATE", "RELIGION", "RETAIL", "TECHNOLOGY", "TELECOMMUNICATIONS",
    "TRANSPORTATION", "TRAVEL",
)
BUSINESS_REGISTRATION_IDENTIFIERS = ("EIN", "CBN", "CN", "ACN", "CIN", "VAT", "VATRN", "RN", "Other")
BUSINESS_IDENTITIES = ("direct_customer", "isv_reseller_or_partner", "unknown")
BUSINESS_REGIONS = ("AFRICA", "ASIA", "EUROPE", "LATIN_AMERICA", "USA_AND_CANADA", "AUSTRALIA")
JOB_POSITIONS = ("Director", "GM", "VP", "CEO", "CFO", "General Counsel", "Other")
COMPANY_TYPES = ("private", "public", "non_profit", "government")

#: Attribute -> the values Twilio accepts (attributes not listed take any non-empty string).
ATTRIBUTE_VALUES: Mapping[str, tuple[str, ...]] = {
    "business_type": BUSINESS_TYPES,
    "business_industry": BUSINESS_INDUSTRIES,
    "business_registration_identifier": BUSINESS_REGISTRATION_IDENTIFIERS,
    "business_identity": BUSINESS_IDENTITIES,
    "business_regions_of_operation": BUSINESS_REGIONS,
    "job_position": JOB_POSITIONS,
    "company_type": COMPANY_TYPES,
}

#: The supporting document that carries a customer profile's address (its one attribute names the Address SIDs).
ADDRESS_DOCUMENT_TYPE = "customer_profile_address"


@dataclass(frozen=True)
class EndUserRequirement:
    """An end user of one type the bundle must hold; ``type`` is also the requirement's name."""

    type: str
    name: str
    fields: tuple[str, ...]  # every attribute of the type, in the order Twilio lists them
    required: tuple[str, ...]  # the attributes an evaluation requires
    required_when: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (attribute, value, also required)
    optional: bool = False  # the bundle may go without one; if it has one, its required attributes count

    def required_for(self, attributes: Mapping[str, object]) -> tuple[str, ...]:
        """The attributes required of an end user with these attributes (conditional ones included)."""
        extra = tuple(name for field, value, names in self.required_when if attributes.get(field) == value
                      for name in names)
        return self.required + tuple(name for name in extra if name not in self.required)


@dataclass(frozen=True)
class DocumentRequirement:
    """A supporting document the bundle must hold: one of the ``accepted`` (type, name, attributes)."""

    requirement_name: str
    name: str
    description: str
    accepted: tuple[tuple[str, str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class ProfileRequirement:
    """Another bundle the bundle must hold: a customer profile under one of ``policies``."""

    requirement_name: str
    name: str
    type: str  # the kind of profile, as the policy document names it
    policies: tuple[str, ...]
    optional: bool = False


@dataclass(frozen=True)
class Policy:
    sid: str
    friendly_name: str
    bundle_kind: str  # "customer_profile" or "trust_product": the bundles that use it
    end_users: tuple[EndUserRequirement, ...]
    documents: tuple[DocumentRequirement, ...] = ()
    customer_profiles: tuple[ProfileRequirement, ...] = ()

    def end_user(self, type_: str) -> EndUserRequirement | None:
        return next((r for r in self.end_users if r.type == type_), None)


_REPRESENTATIVE_FIELDS = ("first_name", "last_name", "email", "phone_number", "business_title", "job_position")
BUSINESS_INFORMATION = EndUserRequirement(
    "customer_profile_business_information", "Business Information",
    fields=("business_type", "business_registration_number", "business_name", "business_registration_identifier",
            "business_identity", "business_industry", "website_url", "business_regions_of_operation",
            "social_media_profile_urls"),
    required=("business_name", "business_type", "business_industry", "business_registration_identifier",
              "business_registration_number", "business_identity", "business_regions_of_operation", "website_url"))
AUTHORIZED_REPRESENTATIVES = (
    EndUserRequirement("authorized_representative_1", "Authorized Representative 1", fields=_REPRESENTATIVE_FIELDS,
                       required=_REPRESENTATIVE_FIELDS),
    EndUserRequirement("authorized_representative_2", "Authorized Representative 2", fields=_REPRESENTATIVE_FIELDS,
                       required=_REPRESENTATIVE_FIELDS, optional=True),
)
MESSAGING_PROFILE_INFORMATION = EndUserRequirement(
    "us_a2p_messaging_profile_information", "US A2P Messaging Profile Information",
    fields=("company_type", "stock_exchange", "stock_ticker", "brand_contact_email"),
    required=("company_type",),
    required_when=(("company_type", "public", ("stock_exchange", "stock_ticker", "brand_contact_email")),))
_ADDRESS_DOCUMENT = DocumentRequirement(
    ADDRESS_DOCUMENT_TYPE, "Physical Business Address", "Customer Profile HQ Physical Address",
    accepted=((ADDRESS_DOCUMENT_TYPE, "Physical Business Address", ("address_sids",)),))
_PRIMARY_PROFILE = ProfileRequirement("primary_customer_profile", "Primary Customer Profile Bundle",
                                      "primary_customer_profile_type_business", policies=(), optional=True)

POLICIES: Mapping[str, Policy] = {p.sid: p for p in (
    Policy(SECONDARY_CUSTOMER_PROFILE_POLICY, "Secondary Customer Profile of type Business", "customer_profile",
           end_users=(BUSINESS_INFORMATION, *AUTHORIZED_REPRESENTATIVES), documents=(_ADDRESS_DOCUMENT,),
           customer_profiles=(_PRIMARY_PROFILE,)),
    Policy(A2P_MESSAGING_PROFILE_POLICY, "A2P Messaging Profile of type Business", "trust_product",
           end_users=(MESSAGING_PROFILE_INFORMATION,),
           customer_profiles=(ProfileRequirement("customer_profile", "Secondary Customer Profile",
                                                 "secondary_customer_profile_type_business",
                                                 policies=(SECONDARY_CUSTOMER_PROFILE_POLICY,)),)),
    Policy(STARTER_CUSTOMER_PROFILE_POLICY, "Starter Customer Profile of type Business", "customer_profile",
           end_users=(EndUserRequirement("starter_customer_profile_information", "Information",
                                         fields=("first_name", "last_name", "email", "phone_number"),
                                         required=("first_name", "last_name", "email", "phone_number")),),
           documents=(DocumentRequirement(
               ADDRESS_DOCUMENT_TYPE, "Customer Profile Address", "Customer Profile Address",
               accepted=((ADDRESS_DOCUMENT_TYPE, "Legal Company Address", ("address_sids",)),
                         ("starter_customer_profile_address", "Legal Company Address", ("address_sids",)))),),
           customer_profiles=(_PRIMARY_PROFILE,)),
    Policy(SOLE_PROPRIETOR_TRUST_PRODUCT_POLICY, "Sole Proprietor TrustProduct", "trust_product",
           end_users=(EndUserRequirement("sole_proprietor_information", "Sole Proprietor Information",
                                         fields=("brand_name", "mobile_phone_number", "vertical"),
                                         required=("brand_name", "mobile_phone_number", "vertical")),),
           customer_profiles=(ProfileRequirement("customer_profile", "Starter Customer Profile Proof",
                                                 "starter_customer_profile_type_business",
                                                 policies=(STARTER_CUSTOMER_PROFILE_POLICY,)),)),
)}

#: Every end-user type a policy names -> its attributes (what `POST /v1/EndUsers` accepts for that type).
END_USER_TYPES: Mapping[str, tuple[str, ...]] = {
    r.type: r.fields for policy in POLICIES.values() for r in policy.end_users}
#: Every supporting-document type a policy accepts -> its attributes.
DOCUMENT_TYPES: Mapping[str, tuple[str, ...]] = {
    type_: fields for policy in POLICIES.values() for d in policy.documents for type_, _, fields in d.accepted}
