"""How a Flex account routes an SMS number to agents, built through the real twilio client: the Studio flow
definitions and the wiring of each flavour. Shared by the emulator's, the components' and the end-to-end tests."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

CHAT_SERVICE = "IS" + "c" * 32  # the Flex chat (and default Conversations) service
WORKFLOW = "WW" + "d" * 32


def send_to_flex_flow(trigger_event: str = "incomingConversationMessage", *, reaches_flex: bool = True) -> dict[str, Any]:
    """A Studio flow definition whose trigger event leads, through a split, to a Send to Flex state (or, with
    ``reaches_flex=False``, only to a reply)."""
    send = {"name": "SendToAgent", "type": "send-to-flex", "transitions": [{"event": "callComplete"}],
            "properties": {"workflow": WORKFLOW, "channel": "TC" + "e" * 32}}
    reply = {"name": "Reply", "type": "send-message", "transitions": [{"event": "sent"}],
             "properties": {"body": "We are closed."}}
    split = {"name": "OpenHours", "type": "split-based-on", "transitions": [
        {"event": "noMatch", "next": "SendToAgent" if reaches_flex else "Reply"},
        {"event": "match", "next": "Reply"}], "properties": {"input": "{{flow.variables.open}}"}}
    trigger = {"name": "Trigger", "type": "trigger", "transitions": [
        {"event": "incomingMessage"}, {"event": "incomingCall"}, {"event": "incomingConversationMessage"},
        {"event": "incomingRequest"}, {"event": "incomingParent"}], "properties": {}}
    for t in trigger["transitions"]:
        if t["event"] == trigger_event:
            t["next"] = "OpenHours"
    return {"description": "Flex messaging", "states": [trigger, split, send, reply], "initial_state": "Trigger",
            "flags": {"allow_concurrent_calls": True}}


def wire_conversations(client: Any, number: str, flow_sid: str | None = None) -> dict[str, str]:
    """A Conversations (Flex UI 2.x) number: a published flow and an SMS address auto-creating into it."""
    if flow_sid is None:
        flow_sid = client.studio.v2.flows.create(friendly_name="Flex Conversations", status="published",
                                                 definition=send_to_flex_flow()).sid
    client.conversations.v1.configuration().update(default_chat_service_sid=CHAT_SERVICE)
    address = client.conversations.v1.address_configurations.create(
        type="sms", address=number, auto_creation_enabled=True, auto_creation_type="studio",
        auto_creation_studio_flow_sid=flow_sid)
    return {"flow": flow_sid, "address": address.sid}


def wire_legacy(client: Any, account_sid: str, number: str) -> dict[str, str]:
    """A legacy (Flex UI 1.x) number: the Flex Proxy Service, the number's webhook on it, and a Flex Flow into a
    published Studio flow."""
    proxy = client.proxy.v1.services.list()
    proxy_sid = proxy[0].sid if proxy else client.proxy.v1.services.create(
        unique_name="Flex Proxy Service", chat_instance_sid=CHAT_SERVICE).sid
    flow = client.studio.v2.flows.create(friendly_name="Messaging Flow", status="published",
                                         definition=send_to_flex_flow("incomingMessage"))
    [pn] = client.incoming_phone_numbers.list(phone_number=number)
    client.incoming_phone_numbers(pn.sid).update(sms_url=proxy_webhook(account_sid, proxy_sid))
    flex_flow = client.flex_api.v1.flex_flow.create(
        friendly_name=f"Flex Messaging Channel Flow {number}", chat_service_sid=CHAT_SERVICE, channel_type="sms",
        contact_identity=number, enabled=True, integration_type="studio", integration_flow_sid=flow.sid)
    return {"proxy": proxy_sid, "flow": flow.sid, "flex_flow": flex_flow.sid, "number": pn.sid}


def proxy_webhook(account_sid: str, proxy_sid: str) -> str:
    """The Flex Proxy Service's message webhook, which a legacy number's "A message comes in" points at."""
    return f"https://webhooks.twilio.com/v1/Accounts/{account_sid}/Proxy/{proxy_sid}/Webhooks/Message"


def address_of(client: Any, number: str) -> Any:
    """The number's address configuration, fetched by the address itself."""
    return client.conversations.v1.address_configurations(quote(number)).fetch()
