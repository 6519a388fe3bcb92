"""Proxy v1 Services on proxy.twilio.com (https://www.twilio.com/docs/proxy/api/service)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..params import PAGING, Param, enum, sid
from .core import Ctx, Operation, no_content, page_v1, twilio_json, v1_dates

SERVICE_FIELDS = (
    Param("DefaultTtl", "int"), Param("CallbackUrl", "uri"),
    enum("GeoMatchLevel", "area-code", "overlay", "radius", "country"),
    enum("NumberSelectionBehavior", "avoid-sticky", "prefer-sticky"), Param("InterceptCallbackUrl", "uri"),
    Param("OutOfSessionCallbackUrl", "uri"), sid("ChatInstanceSid", "IS"),
)
CREATE_SERVICE = (Param("UniqueName", required=True), *SERVICE_FIELDS)
UPDATE_SERVICE = (Param("UniqueName"), *SERVICE_FIELDS)


def service(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    out = v1_dates(doc)
    url = f"{ctx.base}/v1/Services/{doc['sid']}"
    out["url"] = url
    out["links"] = {"sessions": url + "/Sessions", "phone_numbers": url + "/PhoneNumbers",
                    "short_codes": url + "/ShortCodes"}
    return out


def list_services(ctx: Ctx) -> Response:
    return page_v1(ctx, "services", ctx.session.list_proxy_services(ctx.account_sid), lambda d: service(ctx, d))


def create_service(ctx: Ctx) -> Response:
    return twilio_json(service(ctx, ctx.session.create_proxy_service(ctx.account_sid, ctx.form)), 201)


def fetch_service(ctx: Ctx) -> Response:
    return twilio_json(service(ctx, ctx.session.fetch_proxy_service(ctx.account_sid, ctx.path("sid"))))


def update_service(ctx: Ctx) -> Response:
    doc = ctx.session.update_proxy_service(ctx.account_sid, ctx.path("sid"), ctx.form)
    return twilio_json(service(ctx, doc))


def delete_service(ctx: Ctx) -> Response:
    ctx.session.delete_proxy_service(ctx.account_sid, ctx.path("sid"))
    return no_content()


HOST = "proxy"
OPERATIONS = (
    Operation("GET", "/v1/Services", list_services, query=PAGING),
    Operation("POST", "/v1/Services", create_service, form=CREATE_SERVICE),
    Operation("GET", "/v1/Services/{sid}", fetch_service),
    Operation("POST", "/v1/Services/{sid}", update_service, form=UPDATE_SERVICE),
    Operation("DELETE", "/v1/Services/{sid}", delete_service),
)
