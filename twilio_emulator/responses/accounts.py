"""API 2010 Accounts and Keys on api.twilio.com (https://www.twilio.com/docs/iam/api/account,
https://www.twilio.com/docs/iam/api-keys/key-resource-v2010)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..exceptions import AccountNotAccessible
from ..params import PAGING, Param
from .core import Ctx, Operation, no_content, page_v2010, twilio_json, v2010_dates

CREATE_ACCOUNT = (Param("FriendlyName"),)
CREATE_KEY = (Param("FriendlyName"),)


def account(doc: dict[str, Any], auth_token: str | None) -> dict[str, Any]:
    out = v2010_dates(doc)
    out["auth_token"] = auth_token  # D18: tokens are kept hashed, so only the create response carries one
    base = f"/2010-04-01/Accounts/{doc['sid']}"
    out["uri"] = base + ".json"
    out["subresource_uris"] = {name: f"{base}/{path}.json" for name, path in (
        ("incoming_phone_numbers", "IncomingPhoneNumbers"), ("keys", "Keys"), ("messages", "Messages"),
        ("applications", "Applications"), ("addresses", "Addresses"), ("balance", "Balance"))}
    return out


def create_account(ctx: Ctx) -> Response:
    doc, token = ctx.session.create_subaccount(ctx.account_sid, ctx.form.get("friendly_name"))
    return twilio_json(account(doc, token), 201)


def fetch_account(ctx: Ctx) -> Response:
    sid = ctx.path("sid")
    if not ctx.session.may_act_on(ctx.account_sid, sid, by_key=ctx.by_key):
        raise AccountNotAccessible(sid)
    return twilio_json(account(ctx.session.fetch_account(sid), None))


def list_keys(ctx: Ctx) -> Response:
    return page_v2010(ctx, "keys", ctx.session.list_keys(ctx.account_sid), v2010_dates)


def create_key(ctx: Ctx) -> Response:
    doc, secret = ctx.session.create_key(ctx.account_sid, ctx.form.get("friendly_name"))
    return twilio_json({**v2010_dates(doc), "secret": secret}, 201)


def fetch_key(ctx: Ctx) -> Response:
    return twilio_json(v2010_dates(ctx.session.fetch_key(ctx.account_sid, ctx.path("sid"))))


def delete_key(ctx: Ctx) -> Response:
    ctx.session.delete_key(ctx.account_sid, ctx.path("sid"))
    return no_content()


KEYS = "/2010-04-01/Accounts/{account_sid}/Keys"
HOST = "api"
OPERATIONS = (
    Operation("POST", "/2010-04-01/Accounts.json", create_account, form=CREATE_ACCOUNT),
    Operation("GET", "/2010-04-01/Accounts/{sid}.json", fetch_account),
    Operation("GET", KEYS + ".json", list_keys, query=PAGING),
    Operation("POST", KEYS + ".json", create_key, form=CREATE_KEY),
    Operation("GET", KEYS + "/{sid}.json", fetch_key),
    Operation("DELETE", KEYS + "/{sid}.json", delete_key),
)
