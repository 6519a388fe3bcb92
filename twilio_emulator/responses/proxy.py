"""Proxy v1 Services on proxy.twilio.com (https://www.twilio.com/docs/proxy/api/service)."""

from __future__ import annotations

from typing import Any

from ..params import Param, enum, sid
from .core import Ctx, collection, v1_dates

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


HOST = "proxy"
OPERATIONS = collection("/v1/Services", "/v1/Services/{sid}", "proxy_service", service, key="services",
                        create_form=CREATE_SERVICE, update_form=UPDATE_SERVICE)
