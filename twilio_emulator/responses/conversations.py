"""Conversations v1 configuration and address configurations on conversations.twilio.com
(https://www.twilio.com/docs/conversations/api/address-configuration-resource)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..models.conversations import AUTO_CREATION_KEYS
from ..params import Param, sid
from .core import Ctx, Operation, collection, twilio_json, v1_dates

ADDRESS_TYPES = ("sms", "whatsapp", "messenger", "gbm", "email", "rcs", "apple", "chat")
#: Twilio documents 50 as this list's largest page.
MAX_ADDRESS_PAGE = 50

UPDATE_CONFIGURATION = (sid("DefaultChatServiceSid", "IS"), sid("DefaultMessagingServiceSid", "MG"),
                        Param("DefaultInactiveTimer"), Param("DefaultClosedTimer"))
AUTO_CREATION = (
    Param("AutoCreation.Enabled", "bool", field="auto_creation_enabled"),
    Param("AutoCreation.Type", "enum", choices=tuple(AUTO_CREATION_KEYS), field="auto_creation_type"),
    sid("AutoCreation.ConversationServiceSid", "IS", field="auto_creation_conversation_service_sid"),
    Param("AutoCreation.WebhookUrl", "uri", field="auto_creation_webhook_url"),
    Param("AutoCreation.WebhookMethod", "enum", choices=("get", "post"), field="auto_creation_webhook_method"),
    Param("AutoCreation.WebhookFilters", "list", field="auto_creation_webhook_filters"),
    sid("AutoCreation.StudioFlowSid", "FW", field="auto_creation_studio_flow_sid"),
    Param("AutoCreation.StudioRetryCount", "int", field="auto_creation_studio_retry_count"),
)
CREATE_ADDRESS = (Param("Type", "enum", required=True, choices=ADDRESS_TYPES), Param("Address", required=True),
                  Param("FriendlyName"), *AUTO_CREATION, Param("AddressCountry"))
UPDATE_ADDRESS = (Param("FriendlyName"), *AUTO_CREATION)


def configuration(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in doc.items()}
    out["url"] = f"{ctx.base}/v1/Configuration"
    out["links"] = {"webhooks": f"{ctx.base}/v1/Configuration/Webhooks"}
    if doc["default_chat_service_sid"]:
        out["links"]["service"] = f"{ctx.base}/v1/Services/{doc['default_chat_service_sid']}/Configuration"
    return out


def address(ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
    out = v1_dates(doc)
    auto = doc["auto_creation"]
    shown = ("enabled", "type", "conversation_service_sid", *AUTO_CREATION_KEYS[auto["type"]])
    out["auto_creation"] = {k: auto[k] for k in shown}
    out["url"] = f"{ctx.base}/v1/Configuration/Addresses/{doc['sid']}"
    return out


def fetch_configuration(ctx: Ctx) -> Response:
    return twilio_json(configuration(ctx, ctx.session.fetch_conversations_configuration(ctx.account_sid)))


def update_configuration(ctx: Ctx) -> Response:
    doc = ctx.session.update_conversations_configuration(ctx.account_sid, ctx.form)
    return twilio_json(configuration(ctx, doc))


ADDRESSES = "/v1/Configuration/Addresses"
HOST = "conversations"
OPERATIONS = (
    Operation("GET", "/v1/Configuration", fetch_configuration),
    Operation("POST", "/v1/Configuration", update_configuration, form=UPDATE_CONFIGURATION),
    # an item's {sid} is its SID or the address itself
    *collection(ADDRESSES, ADDRESSES + "/{sid}", "address_configuration", address, key="address_configurations",
                create_form=CREATE_ADDRESS, update_form=UPDATE_ADDRESS, filters=(Param("Type", field="kind"),),
                max_size=MAX_ADDRESS_PAGE),
)
