"""API 2010 Applications on api.twilio.com (https://www.twilio.com/docs/usage/api/applications)."""

from __future__ import annotations

from typing import Any

from ..params import HTTP_METHOD, Param, enum
from .core import Ctx, collection, v2010_dates

APPLICATION_FIELDS = (
    Param("ApiVersion"), Param("FriendlyName"), Param("MessageStatusCallback", "uri"),
    Param("PublicApplicationConnectEnabled", "bool"), enum("SmsFallbackMethod", *HTTP_METHOD),
    Param("SmsFallbackUrl", "uri"), enum("SmsMethod", *HTTP_METHOD), Param("SmsStatusCallback", "uri"),
    Param("SmsUrl", "uri"), Param("StatusCallback", "uri"), enum("StatusCallbackMethod", *HTTP_METHOD),
    Param("VoiceCallerIdLookup", "bool"), enum("VoiceFallbackMethod", *HTTP_METHOD), Param("VoiceFallbackUrl", "uri"),
    enum("VoiceMethod", *HTTP_METHOD), Param("VoiceUrl", "uri"),
)


def application(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    return v2010_dates(doc)


APPLICATIONS = "/2010-04-01/Accounts/{account_sid}/Applications"
HOST = "api"
OPERATIONS = collection(APPLICATIONS + ".json", APPLICATIONS + "/{sid}.json", "application", application,
                        key="applications", create_form=APPLICATION_FIELDS, update_form=APPLICATION_FIELDS,
                        filters=(Param("FriendlyName"),), v2010=True)
