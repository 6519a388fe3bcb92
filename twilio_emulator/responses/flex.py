"""Flex v1 configuration and Flex Flows on flex-api.twilio.com
(https://www.twilio.com/docs/flex/developer/messaging/flow)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from starlette.responses import Response

from ..models.flex import INTEGRATION_KEYS
from ..params import PAGING, Param, enum, sid
from .core import Ctx, Operation, no_content, page_v1, twilio_json, v1_dates

CHANNEL_TYPES = ("web", "sms", "facebook", "whatsapp", "line", "custom")
FLEX_FLOW_FIELDS = (
    Param("FriendlyName"), sid("ChatServiceSid", "IS"), enum("ChannelType", *CHANNEL_TYPES),
    Param("ContactIdentity"), Param("Enabled", "bool"), enum("IntegrationType", *INTEGRATION_KEYS),
    sid("Integration.FlowSid", "FW", field="integration_flow_sid"),
    Param("Integration.Url", "uri", field="integration_url"),
    sid("Integration.WorkspaceSid", "WS", field="integration_workspace_sid"),
    sid("Integration.WorkflowSid", "WW", field="integration_workflow_sid"),
    Param("Integration.Channel", field="integration_channel"),
    Param("Integration.Timeout", "int", field="integration_timeout"),
    Param("Integration.Priority", "int", field="integration_priority"),
    Param("Integration.CreationOnMessage", "bool", field="integration_creation_on_message"),
    Param("LongLived", "bool"), Param("JanitorEnabled", "bool"),
    Param("Integration.RetryCount", "int", field="integration_retry_count"),
)
REQUIRED_ON_CREATE = ("FriendlyName", "ChatServiceSid", "ChannelType")
CREATE_FLEX_FLOW = tuple(replace(p, required=True) if p.name in REQUIRED_ON_CREATE else p for p in FLEX_FLOW_FIELDS)
LIST_FLEX_FLOWS = (Param("FriendlyName"), *PAGING)


def configuration(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    return {**v1_dates(doc), "url": f"{ctx.base}/v1/Configuration"}


def flex_flow(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    out = v1_dates(doc)
    kind = doc["integration_type"]
    shown = INTEGRATION_KEYS[kind] if kind else ()
    out["integration"] = {k: doc["integration"].get(k) for k in shown}
    out["url"] = f"{ctx.base}/v1/FlexFlows/{doc['sid']}"
    return out


def fetch_configuration(ctx: Ctx) -> Response:
    # UiVersion asks for a pinned UI version's view; the emulator keeps one configuration (D39).
    return twilio_json(configuration(ctx, ctx.session.fetch_flex_configuration(ctx.account_sid)))


def list_flex_flows(ctx: Ctx) -> Response:
    name = ctx.query.get("friendly_name")
    docs = ctx.session.list_flex_flows(ctx.account_sid, friendly_name=name)
    return page_v1(ctx, "flex_flows", docs, lambda d: flex_flow(ctx, d), {"FriendlyName": name})


def create_flex_flow(ctx: Ctx) -> Response:
    return twilio_json(flex_flow(ctx, ctx.session.create_flex_flow(ctx.account_sid, ctx.form)), 201)


def fetch_flex_flow(ctx: Ctx) -> Response:
    return twilio_json(flex_flow(ctx, ctx.session.fetch_flex_flow(ctx.account_sid, ctx.path("sid"))))


def update_flex_flow(ctx: Ctx) -> Response:
    return twilio_json(flex_flow(ctx, ctx.session.update_flex_flow(ctx.account_sid, ctx.path("sid"), ctx.form)))


def delete_flex_flow(ctx: Ctx) -> Response:
    ctx.session.delete_flex_flow(ctx.account_sid, ctx.path("sid"))
    return no_content()


FLEX_FLOWS = "/v1/FlexFlows"
HOST = "flex-api"
OPERATIONS = (
    Operation("GET", "/v1/Configuration", fetch_configuration, query=(Param("UiVersion"),)),
    Operation("GET", FLEX_FLOWS, list_flex_flows, query=LIST_FLEX_FLOWS),
    Operation("POST", FLEX_FLOWS, create_flex_flow, form=CREATE_FLEX_FLOW),
    Operation("GET", FLEX_FLOWS + "/{sid}", fetch_flex_flow),
    Operation("POST", FLEX_FLOWS + "/{sid}", update_flex_flow, form=FLEX_FLOW_FIELDS),
    Operation("DELETE", FLEX_FLOWS + "/{sid}", delete_flex_flow),
)
