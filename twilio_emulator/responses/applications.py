"""API 2010 Applications on api.twilio.com (https://www.twilio.com/docs/usage/api/applications)."""

from __future__ import annotations

from starlette.responses import Response

from ..params import HTTP_METHOD, PAGING, Param, enum
from .core import Ctx, Operation, no_content, page_v2010, twilio_json, v2010_dates

APPLICATION_FIELDS = (
    Param("ApiVersion"), Param("FriendlyName"), Param("MessageStatusCallback", "uri"),
    Param("PublicApplicationConnectEnabled", "bool"), enum("SmsFallbackMethod", *HTTP_METHOD),
    Param("SmsFallbackUrl", "uri"), enum("SmsMethod", *HTTP_METHOD), Param("SmsStatusCallback", "uri"),
    Param("SmsUrl", "uri"), Param("StatusCallback", "uri"), enum("StatusCallbackMethod", *HTTP_METHOD),
    Param("VoiceCallerIdLookup", "bool"), enum("VoiceFallbackMethod", *HTTP_METHOD), Param("VoiceFallbackUrl", "uri"),
    enum("VoiceMethod", *HTTP_METHOD), Param("VoiceUrl", "uri"),
)
LIST_APPLICATIONS = (Param("FriendlyName"), *PAGING)


def list_applications(ctx: Ctx) -> Response:
    name = ctx.query.get("friendly_name")
    docs = ctx.session.list_applications(ctx.account_sid, friendly_name=name)
    return page_v2010(ctx, "applications", docs, v2010_dates, {"FriendlyName": name})


def create_application(ctx: Ctx) -> Response:
    return twilio_json(v2010_dates(ctx.session.create_application(ctx.account_sid, ctx.form)), 201)


def fetch_application(ctx: Ctx) -> Response:
    return twilio_json(v2010_dates(ctx.session.fetch_application(ctx.account_sid, ctx.path("sid"))))


def update_application(ctx: Ctx) -> Response:
    return twilio_json(v2010_dates(ctx.session.update_application(ctx.account_sid, ctx.path("sid"), ctx.form)))


def delete_application(ctx: Ctx) -> Response:
    ctx.session.delete_application(ctx.account_sid, ctx.path("sid"))
    return no_content()


APPLICATIONS = "/2010-04-01/Accounts/{account_sid}/Applications"
HOST = "api"
OPERATIONS = (
    Operation("GET", APPLICATIONS + ".json", list_applications, query=LIST_APPLICATIONS),
    Operation("POST", APPLICATIONS + ".json", create_application, form=APPLICATION_FIELDS),
    Operation("GET", APPLICATIONS + "/{sid}.json", fetch_application),
    Operation("POST", APPLICATIONS + "/{sid}.json", update_application, form=APPLICATION_FIELDS),
    Operation("DELETE", APPLICATIONS + "/{sid}.json", delete_application),
)
