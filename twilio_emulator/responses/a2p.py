"""US A2P 10DLC on messaging.twilio.com: brand registrations, the Usa2p campaign of a service and its use cases
(https://www.twilio.com/docs/messaging/api/brand-registration-resource,
https://www.twilio.com/docs/messaging/api/usapptoperson-resource)."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from twilio_contract import USA2P_API_VERSION

from ..params import PAGING, Param, sid
from .core import Ctx, Operation, no_content, page_v1, twilio_json, v1_dates

CREATE_BRAND = (
    sid("CustomerProfileBundleSid", "BU", required=True),
    sid("A2PProfileBundleSid", "BU", required=True, field="a2p_profile_bundle_sid"),
    Param("BrandType"), Param("Mock", "bool"), Param("SkipAutomaticSecVet", "bool"),
)
CAMPAIGN_UPDATABLE = (
    Param("HasEmbeddedLinks", "bool", True), Param("HasEmbeddedPhone", "bool", True),
    Param("MessageSamples", "list", True), Param("MessageFlow", required=True), Param("Description", required=True),
    Param("AgeGated", "bool", True), Param("DirectLending", "bool", True),
    Param("PrivacyPolicyUrl", "uri"), Param("TermsAndConditionsUrl", "uri"),
)
CREATE_CAMPAIGN = (
    sid("BrandRegistrationSid", "BN", required=True), Param("Description", required=True),
    Param("MessageFlow", required=True), Param("MessageSamples", "list", True),
    Param("UsAppToPersonUsecase", required=True, field="us_app_to_person_usecase"),
    Param("HasEmbeddedLinks", "bool", True), Param("HasEmbeddedPhone", "bool", True),
    Param("OptInMessage"), Param("OptOutMessage"), Param("HelpMessage"), Param("OptInKeywords", "list"),
    Param("OptOutKeywords", "list"), Param("HelpKeywords", "list"), Param("SubscriberOptIn", "bool"),
    Param("AgeGated", "bool"), Param("DirectLending", "bool"), Param("PrivacyPolicyUrl", "uri"),
    Param("TermsAndConditionsUrl", "uri"),
)
A2P_USECASES_QUERY = (sid("BrandRegistrationSid", "BN"),)


def brand(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    out = v1_dates(doc)
    url = f"{ctx.base}/v1/a2p/BrandRegistrations/{doc['sid']}"
    out["url"] = url
    out["links"] = {"brand_vettings": url + "/Vettings", "brand_registration_otps": url + "/SmsOtp"}
    return out


def campaign(ctx: Ctx, doc: dict[str, Any], *, urls_without_header: bool = False) -> dict[str, Any]:
    """The campaign body. D12: the v2 shape (both policy URLs, null when unset) when the caller asks for v1.2 or
    later; without that header only fetch and update (``urls_without_header``) show them, and only when the
    campaign has one."""
    out = v1_dates(doc)
    out["url"] = f"{ctx.base}/v1/Services/{doc['messaging_service_sid']}/Compliance/Usa2p/{doc['sid']}"
    has_urls = bool(doc.get("privacy_policy_url") or doc.get("terms_and_conditions_url"))
    if not (_wants_v2_campaign(ctx.request) or (urls_without_header and has_urls)):
        out.pop("privacy_policy_url", None)
        out.pop("terms_and_conditions_url", None)
    return out


def _version(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"v(\d+)\.(\d+)", text.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


#: D12: the first API version whose campaign bodies carry the policy URLs.
_V2_CAMPAIGN = _version(USA2P_API_VERSION)


def _wants_v2_campaign(request: Request) -> bool:
    version = _version(request.headers.get("x-twilio-api-version", ""))
    return version is not None and _V2_CAMPAIGN is not None and version >= _V2_CAMPAIGN


def list_brands(ctx: Ctx) -> Response:
    return page_v1(ctx, "data", ctx.session.list_brands(ctx.account_sid), lambda d: brand(ctx, d))


def create_brand(ctx: Ctx) -> Response:
    return twilio_json(brand(ctx, ctx.session.create_brand(ctx.account_sid, ctx.form)), 201)


def fetch_brand(ctx: Ctx) -> Response:
    return twilio_json(brand(ctx, ctx.session.fetch_brand(ctx.account_sid, ctx.path("sid"))))


def resubmit_brand(ctx: Ctx) -> Response:
    return twilio_json(brand(ctx, ctx.session.resubmit_brand(ctx.account_sid, ctx.path("sid"))), 202)


def a2p_usecases(ctx: Ctx) -> Response:
    usecases = ctx.session.a2p_usecases(ctx.account_sid, ctx.path("service_sid"),
                                        ctx.query.get("brand_registration_sid"))
    return twilio_json({"us_app_to_person_usecases": usecases})


def list_campaigns(ctx: Ctx) -> Response:
    docs = ctx.session.list_campaigns(ctx.account_sid, ctx.path("service_sid"))
    return page_v1(ctx, "compliance", docs, lambda d: campaign(ctx, d))


def create_campaign(ctx: Ctx) -> Response:
    doc = ctx.session.create_campaign(ctx.account_sid, ctx.path("service_sid"), ctx.form)
    return twilio_json(campaign(ctx, doc), 201)


def fetch_campaign(ctx: Ctx) -> Response:
    doc = ctx.session.fetch_campaign(ctx.account_sid, ctx.path("service_sid"), ctx.path("sid"))
    return twilio_json(campaign(ctx, doc, urls_without_header=True))


def update_campaign(ctx: Ctx) -> Response:
    doc = ctx.session.update_campaign(ctx.account_sid, ctx.path("service_sid"), ctx.path("sid"), ctx.form)
    return twilio_json(campaign(ctx, doc, urls_without_header=True))


def delete_campaign(ctx: Ctx) -> Response:
    ctx.session.delete_campaign(ctx.account_sid, ctx.path("service_sid"), ctx.path("sid"))
    return no_content()


CAMPAIGNS = "/v1/Services/{service_sid}/Compliance/Usa2p"
BRANDS = "/v1/a2p/BrandRegistrations"
HOST = "messaging"
OPERATIONS = (
    Operation("GET", CAMPAIGNS + "/Usecases", a2p_usecases, query=A2P_USECASES_QUERY),  # before {sid}
    Operation("GET", CAMPAIGNS, list_campaigns, query=PAGING),
    Operation("POST", CAMPAIGNS, create_campaign, form=CREATE_CAMPAIGN),
    Operation("GET", CAMPAIGNS + "/{sid}", fetch_campaign),
    Operation("POST", CAMPAIGNS + "/{sid}", update_campaign, form=CAMPAIGN_UPDATABLE),
    Operation("DELETE", CAMPAIGNS + "/{sid}", delete_campaign),
    Operation("GET", BRANDS, list_brands, query=PAGING),
    Operation("POST", BRANDS, create_brand, form=CREATE_BRAND),
    Operation("GET", BRANDS + "/{sid}", fetch_brand),
    Operation("POST", BRANDS + "/{sid}", resubmit_brand),
)
