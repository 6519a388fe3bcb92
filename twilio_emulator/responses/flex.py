"""Flex v1 configuration and Flex Flows on flex-api.twilio.com
(https://www.twilio.com/docs/flex/developer/messaging/flow)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from starlette.responses import Response

from ..models.flex import INTEGRATION_KEYS
from ..params import Param, enum, sid
from .core import Ctx, Operation, collection, twilio_json, v1_dates

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
    # UiVersion asks for a pinned UI version's view; the emulator keeps one configuration (D41).
    return twilio_json(configuration(ctx, ctx.session.fetch_flex_configuration(ctx.account_sid)))


FLEX_FLOWS = "/v1/FlexFlows"
HOST = "flex-api"
OPERATIONS = (
    Operation("GET", "/v1/Configuration", fetch_configuration, query=(Param("UiVersion"),)),
    *collection(FLEX_FLOWS, FLEX_FLOWS + "/{sid}", "flex_flow", flex_flow, key="flex_flows",
                create_form=CREATE_FLEX_FLOW, update_form=FLEX_FLOW_FIELDS, filters=(Param("FriendlyName"),)),
)
