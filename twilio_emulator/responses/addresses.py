"""API 2010 Addresses on api.twilio.com (https://www.twilio.com/docs/usage/api/address)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..params import PAGING, Param
from .core import Ctx, Operation, echoed, no_content, page_v2010, twilio_json, v2010_dates

ADDRESS_PARTS = (Param("CustomerName"), Param("Street"), Param("City"), Param("Region"), Param("PostalCode"),
                 Param("FriendlyName"), Param("EmergencyEnabled", "bool"), Param("AutoCorrectAddress", "bool"),
                 Param("StreetSecondary"))
CREATE_ADDRESS = (*(Param(p.name, p.kind, p.name in ("CustomerName", "Street", "City", "Region", "PostalCode"))
                    for p in ADDRESS_PARTS), Param("IsoCountry", required=True))
ADDRESS_FILTERS = (Param("CustomerName"), Param("FriendlyName"), Param("EmergencyEnabled", "bool"),
                   Param("IsoCountry"))


def address(doc: dict[str, Any]) -> dict[str, Any]:
    out = v2010_dates(doc)
    out["uri"] = f"/2010-04-01/Accounts/{doc['account_sid']}/Addresses/{doc['sid']}.json"
    return out


def list_addresses(ctx: Ctx) -> Response:
    docs = ctx.session.list_addresses(ctx.account_sid, {p.key: ctx.query.get(p.key) for p in ADDRESS_FILTERS})
    return page_v2010(ctx, "addresses", docs, address, echoed(ctx, ADDRESS_FILTERS))


def create_address(ctx: Ctx) -> Response:
    return twilio_json(address(ctx.session.create_address(ctx.account_sid, ctx.form)), 201)


def fetch_address(ctx: Ctx) -> Response:
    return twilio_json(address(ctx.session.fetch_address(ctx.account_sid, ctx.path("sid"))))


def update_address(ctx: Ctx) -> Response:
    return twilio_json(address(ctx.session.update_address(ctx.account_sid, ctx.path("sid"), ctx.form)))


def delete_address(ctx: Ctx) -> Response:
    ctx.session.delete_address(ctx.account_sid, ctx.path("sid"))
    return no_content()


ADDRESSES = "/2010-04-01/Accounts/{account_sid}/Addresses"
OPERATIONS = (
    Operation("GET", ADDRESSES + ".json", list_addresses, query=(*ADDRESS_FILTERS, *PAGING)),
    Operation("POST", ADDRESSES + ".json", create_address, form=CREATE_ADDRESS),
    Operation("GET", ADDRESSES + "/{sid}.json", fetch_address),
    Operation("POST", ADDRESSES + "/{sid}.json", update_address, form=ADDRESS_PARTS),
    Operation("DELETE", ADDRESSES + "/{sid}.json", delete_address),
)
