"""Messaging v1 Services and their sender pool, as messaging.twilio.com serves them
(https://www.twilio.com/docs/messaging/api/service-resource)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..models.messaging import SERVICE_USECASES
from ..params import HTTP_METHOD, PAGING, Param, enum, sid
from .core import Ctx, Operation, no_content, page_v1, twilio_json, v1_dates

SERVICE_FIELDS = (
    Param("InboundRequestUrl", "uri"), enum("InboundMethod", *HTTP_METHOD), Param("FallbackUrl", "uri"),
    enum("FallbackMethod", *HTTP_METHOD), Param("StatusCallback", "uri"), Param("StickySender", "bool"),
    Param("MmsConverter", "bool"), Param("SmartEncoding", "bool"),
    enum("ScanMessageContent", "inherit", "enable", "disable"), Param("FallbackToLongCode", "bool"),
    Param("AreaCodeGeomatch", "bool"), Param("ValidityPeriod", "int"), Param("SynchronousValidation", "bool"),
    Param("Usecase"), Param("UseInboundWebhookOnNumber", "bool"),
)
CREATE_SERVICE = (Param("FriendlyName", required=True), *SERVICE_FIELDS)
UPDATE_SERVICE = (Param("FriendlyName"), *SERVICE_FIELDS)
ADD_SERVICE_PHONE_NUMBER = (sid("PhoneNumberSid", "PN", required=True),)


def service(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    out = v1_dates(doc)
    url = f"{ctx.base}/v1/Services/{doc['sid']}"
    out["url"] = url
    out["links"] = {
        "phone_numbers": url + "/PhoneNumbers", "short_codes": url + "/ShortCodes",
        "alpha_senders": url + "/AlphaSenders", "messages": url + "/Messages",
        "us_app_to_person": url + "/Compliance/Usa2p",
        "us_app_to_person_usecases": url + "/Compliance/Usa2p/Usecases",
        "channel_senders": url + "/ChannelSenders", "destination_alpha_senders": url + "/DestinationAlphaSenders",
    }
    return out


def service_number(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    out = v1_dates(doc)
    out["url"] = f"{ctx.base}/v1/Services/{doc['service_sid']}/PhoneNumbers/{doc['sid']}"
    return out


def service_usecases(ctx: Ctx) -> Response:
    return twilio_json({"usecases": [{"usecase": k, "description": d, "purpose": p}
                                     for k, (d, p) in SERVICE_USECASES.items()]})


def list_services(ctx: Ctx) -> Response:
    return page_v1(ctx, "services", ctx.session.list_services(ctx.account_sid), lambda d: service(ctx, d))


def create_service(ctx: Ctx) -> Response:
    return twilio_json(service(ctx, ctx.session.create_service(ctx.account_sid, ctx.form)), 201)


def fetch_service(ctx: Ctx) -> Response:
    return twilio_json(service(ctx, ctx.session.fetch_service(ctx.account_sid, ctx.path("sid"))))


def update_service(ctx: Ctx) -> Response:
    return twilio_json(service(ctx, ctx.session.update_service(ctx.account_sid, ctx.path("sid"), ctx.form)))


def delete_service(ctx: Ctx) -> Response:
    ctx.session.delete_service(ctx.account_sid, ctx.path("sid"))
    return no_content()


def list_service_numbers(ctx: Ctx) -> Response:
    docs = ctx.session.list_service_phone_numbers(ctx.account_sid, ctx.path("service_sid"))
    return page_v1(ctx, "phone_numbers", docs, lambda d: service_number(ctx, d))


def add_service_number(ctx: Ctx) -> Response:
    doc = ctx.session.add_service_phone_number(ctx.account_sid, ctx.path("service_sid"), ctx.form["phone_number_sid"])
    return twilio_json(service_number(ctx, doc), 201)


def fetch_service_number(ctx: Ctx) -> Response:
    doc = ctx.session.fetch_service_phone_number(ctx.account_sid, ctx.path("service_sid"), ctx.path("sid"))
    return twilio_json(service_number(ctx, doc))


def remove_service_number(ctx: Ctx) -> Response:
    ctx.session.remove_service_phone_number(ctx.account_sid, ctx.path("service_sid"), ctx.path("sid"))
    return no_content()


SERVICE = "/v1/Services/{sid}"
SENDERS = "/v1/Services/{service_sid}/PhoneNumbers"
HOST = "messaging"
OPERATIONS = (
    Operation("GET", "/v1/Services/Usecases", service_usecases),  # before {sid}, which would match it
    Operation("GET", "/v1/Services", list_services, query=PAGING),
    Operation("POST", "/v1/Services", create_service, form=CREATE_SERVICE),
    Operation("GET", SERVICE, fetch_service),
    Operation("POST", SERVICE, update_service, form=UPDATE_SERVICE),
    Operation("DELETE", SERVICE, delete_service),
    Operation("GET", SENDERS, list_service_numbers, query=PAGING),
    Operation("POST", SENDERS, add_service_number, form=ADD_SERVICE_PHONE_NUMBER),
    Operation("GET", SENDERS + "/{sid}", fetch_service_number),
    Operation("DELETE", SENDERS + "/{sid}", remove_service_number),
)
