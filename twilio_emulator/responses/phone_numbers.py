"""API 2010 IncomingPhoneNumbers on api.twilio.com
(https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource)."""

from __future__ import annotations

from starlette.responses import Response

from ..params import HTTP_METHOD, PAGING, Param, enum, sid
from .core import Ctx, Operation, echoed, no_content, page_v2010, twilio_json, v2010_dates

NUMBER_FIELDS = (
    Param("ApiVersion"), Param("FriendlyName"), sid("SmsApplicationSid", "AP", clearable=True),
    enum("SmsFallbackMethod", *HTTP_METHOD), Param("SmsFallbackUrl", "uri"), enum("SmsMethod", *HTTP_METHOD),
    Param("SmsUrl", "uri"), Param("StatusCallback", "uri"), enum("StatusCallbackMethod", *HTTP_METHOD),
    sid("VoiceApplicationSid", "AP", clearable=True), Param("VoiceCallerIdLookup", "bool"),
    enum("VoiceFallbackMethod", *HTTP_METHOD), Param("VoiceFallbackUrl", "uri"), enum("VoiceMethod", *HTTP_METHOD),
    Param("VoiceUrl", "uri"), enum("EmergencyStatus", "Active", "Inactive"),
    sid("EmergencyAddressSid", "AD", clearable=True), sid("TrunkSid", "TK", clearable=True),
    enum("VoiceReceiveMode", "voice", "fax"), sid("IdentitySid", "RI", clearable=True),
    sid("AddressSid", "AD", clearable=True), sid("BundleSid", "BU", clearable=True),
)
CREATE_NUMBER = (*NUMBER_FIELDS, Param("PhoneNumber", "phone"), Param("AreaCode"))
UPDATE_NUMBER = (sid("AccountSid", "AC"), *NUMBER_FIELDS)
LIST_NUMBERS = (Param("Beta", "bool"), Param("FriendlyName"), Param("PhoneNumber"), Param("Origin"), *PAGING)


def list_numbers(ctx: Ctx) -> Response:
    q = ctx.query
    docs = ctx.session.list_incoming_phone_numbers(ctx.account_sid, phone_number=q.get("phone_number"),
                                                   friendly_name=q.get("friendly_name"), origin=q.get("origin"))
    return page_v2010(ctx, "incoming_phone_numbers", docs, v2010_dates, echoed(ctx, LIST_NUMBERS))


def create_number(ctx: Ctx) -> Response:
    return twilio_json(v2010_dates(ctx.session.create_incoming_phone_number(ctx.account_sid, ctx.form)), 201)


def fetch_number(ctx: Ctx) -> Response:
    return twilio_json(v2010_dates(ctx.session.fetch_incoming_phone_number(ctx.account_sid, ctx.path("sid"))))


def update_number(ctx: Ctx) -> Response:
    doc = ctx.session.update_incoming_phone_number(ctx.account_sid, ctx.path("sid"), ctx.form)
    return twilio_json(v2010_dates(doc))


def delete_number(ctx: Ctx) -> Response:
    ctx.session.delete_incoming_phone_number(ctx.account_sid, ctx.path("sid"))
    return no_content()


NUMBERS = "/2010-04-01/Accounts/{account_sid}/IncomingPhoneNumbers"
HOST = "api"
OPERATIONS = (
    Operation("GET", NUMBERS + ".json", list_numbers, query=LIST_NUMBERS),
    Operation("POST", NUMBERS + ".json", create_number, form=CREATE_NUMBER),
    Operation("GET", NUMBERS + "/{sid}.json", fetch_number),
    Operation("POST", NUMBERS + "/{sid}.json", update_number, form=UPDATE_NUMBER),
    Operation("DELETE", NUMBERS + "/{sid}.json", delete_number),
)
