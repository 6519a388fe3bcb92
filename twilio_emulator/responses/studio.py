"""Studio v2 Flows on studio.twilio.com (https://www.twilio.com/docs/studio/rest-api/v2/flow)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..models.studio import FLOW_STATUSES
from ..params import PAGING, Param, enum, sid
from .core import Ctx, Operation, no_content, page_v1, twilio_json, v1_dates

CREATE_FLOW = (Param("FriendlyName", required=True), enum("Status", *FLOW_STATUSES, required=True),
               Param("Definition", required=True), Param("CommitMessage"), sid("AuthorSid", "US"))
UPDATE_FLOW = (enum("Status", *FLOW_STATUSES, required=True), Param("FriendlyName"), Param("Definition"),
               Param("CommitMessage"), sid("AuthorSid", "US"))


def flow(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    out = v1_dates(doc)
    url = f"{ctx.base}/v2/Flows/{doc['sid']}"
    out["url"] = url
    out["links"] = {"test_users": url + "/TestUsers", "revisions": url + "/Revisions",
                    "executions": url + "/Executions"}
    return out


def list_flows(ctx: Ctx) -> Response:
    return page_v1(ctx, "flows", ctx.session.list_flows(ctx.account_sid), lambda d: flow(ctx, d))


def create_flow(ctx: Ctx) -> Response:
    return twilio_json(flow(ctx, ctx.session.create_flow(ctx.account_sid, ctx.form)), 201)


def fetch_flow(ctx: Ctx) -> Response:
    return twilio_json(flow(ctx, ctx.session.fetch_flow(ctx.account_sid, ctx.path("sid"))))


def update_flow(ctx: Ctx) -> Response:
    return twilio_json(flow(ctx, ctx.session.update_flow(ctx.account_sid, ctx.path("sid"), ctx.form)))


def delete_flow(ctx: Ctx) -> Response:
    ctx.session.delete_flow(ctx.account_sid, ctx.path("sid"))
    return no_content()


HOST = "studio"
OPERATIONS = (
    Operation("GET", "/v2/Flows", list_flows, query=PAGING),
    Operation("POST", "/v2/Flows", create_flow, form=CREATE_FLOW),
    Operation("GET", "/v2/Flows/{sid}", fetch_flow),
    Operation("POST", "/v2/Flows/{sid}", update_flow, form=UPDATE_FLOW),
    Operation("DELETE", "/v2/Flows/{sid}", delete_flow),
)
