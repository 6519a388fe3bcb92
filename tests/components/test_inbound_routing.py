"""The read-only verification of each number's route to Flex, against emulated Flex accounts through the product's
own Twilio client: every verdict of the decision procedure, the reads it costs, and that it never writes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Callable

import pytest
from pulumi.dynamic import ConfigureRequest

from components import inbound_routing as ir
from components.inbound_routing import (AddressTarget, Expected, Flavour, FlexInbound, ServiceSettings, Status,
                                        TwilioReads, reaches_send_to_flex, verify)
from components.messaging_service import MessagingServiceProvider
from components.twilio_client import build_client
from tests.components.conftest import checked, configure, stack_config
from tests.flex_wiring import CHAT_SERVICE, address_of, proxy_webhook, send_to_flex_flow
from twilio_emulator.testing import RunningEmulator

FIXTURES = Path(__file__).resolve().parents[2] / "twilio_emulator" / "fixtures"
NUMBERS = ["+14155550100", "+14155550101"]
FLOW = "FW0de0000000000000000000000000f1e0"  # dev_account.json's flow
LEGACY_FLOW = "FW0de0000000000000000000000000f1e1"
PROXY = "KS0de0000000000000000000000000f1e0"
DEFERS = ServiceSettings(defers=True, inbound_request_url=None, label="this stack's Messaging Service")


@pytest.fixture
def conversations(emulator_factory: Callable[..., RunningEmulator]) -> RunningEmulator:
    return emulator_factory(extra_args=("--fixtures", str(FIXTURES / "dev_account.json")))


@pytest.fixture
def legacy(emulator_factory: Callable[..., RunningEmulator]) -> RunningEmulator:
    return emulator_factory(extra_args=("--fixtures", str(FIXTURES / "legacy_account.json")))


def judge(emu: RunningEmulator, expected: Expected | None = None, numbers: list[str] = NUMBERS) -> dict[str, Any]:
    client, creds = build_client(stack_config(emu), environ={})
    emu.clear_requests()
    return verify(numbers, TwilioReads(client, creds.account_sid), expected or Expected(service=DEFERS))


def only(verdicts: dict[str, Any], number: str = NUMBERS[0]) -> ir.Verdict:
    return verdicts[number]


def assert_read_only(emu: RunningEmulator, numbers: int = len(NUMBERS)) -> Counter[str]:
    """No write, and every read made once however many numbers: the account's numbers and its address
    configurations are one list each, shared by all the numbers."""
    requests = emu.requests()
    assert [r for r in requests if r["method"] != "GET"] == []
    kinds = Counter(_kind(r) for r in requests)
    assert all(count == 1 for kind, count in kinds.items()), kinds
    return kinds


def _kind(request: dict[str, Any]) -> str:
    host, path = request["host"].split(".")[0], request["path"]
    if "IncomingPhoneNumbers" in path:
        return "number"
    if path.startswith("/v1/Configuration/Addresses"):
        return "address"
    return f"{host} {path}"


# ---------------------------------------------------------------------------------------------------------------
# Flex Conversations


def test_a_wired_conversations_account_passes_with_one_read_of_each_kind(conversations: RunningEmulator) -> None:
    verdicts = judge(conversations)
    for number in NUMBERS:
        v = verdicts[number]
        assert (v.status, v.flavour) == (Status.PASS, Flavour.CONVERSATIONS), v
        assert v.route.endswith(f"-> Studio flow {FLOW} -> Send to Flex") and v.route.startswith("address IG")
    kinds = assert_read_only(conversations)
    assert kinds == Counter({"number": 1, "address": 1, "flex-api /v1/Configuration": 1, "flex-api /v1/FlexFlows": 1,
                             f"studio /v2/Flows/{FLOW}": 1})


@pytest.mark.parametrize(("break_it", "reason"), [
    (lambda c: address_of(c, NUMBERS[0]).delete(), "no Conversations address configuration"),
    (lambda c: address_of(c, NUMBERS[0]).update(auto_creation_enabled=False), "auto-creation off"),
    (lambda c: c.studio.v2.flows(FLOW).update(status="draft"), "is not published (status draft)"),
    (lambda c: c.studio.v2.flows(FLOW).delete(), "does not exist"),
    (lambda c: c.studio.v2.flows(FLOW).update(status="published", definition=send_to_flex_flow(reaches_flex=False)),
     "never reaches a Send to Flex widget from its incomingConversationMessage trigger"),
    (lambda c: c.studio.v2.flows(FLOW).update(status="published", definition=send_to_flex_flow("incomingMessage")),
     "never reaches a Send to Flex widget"),
    (lambda c: address_of(c, NUMBERS[0]).update(auto_creation_type="default"), "type default"),
    (lambda c: address_of(c, NUMBERS[0]).update(auto_creation_conversation_service_sid="IS" + "9" * 32),
     "not in the account's default conversation service"),
], ids=["address deleted", "auto-creation off", "flow unpublished", "flow deleted", "flow never sends to Flex",
        "flow triggered by the wrong event", "no target", "another conversation service"])
def test_each_broken_hop_fails_with_its_reason(conversations: RunningEmulator, break_it: Callable[[Any], Any],
                                               reason: str) -> None:
    break_it(conversations.client())
    v = only(judge(conversations))
    assert v.status is Status.FAIL and reason in v.reason, v
    assert_read_only(conversations)


def test_a_webhook_target_passes(conversations: RunningEmulator) -> None:
    address_of(conversations.client(), NUMBERS[0]).update(auto_creation_type="webhook",
                                                          auto_creation_webhook_url="https://flex.example.com/in?k=s")
    v = only(judge(conversations))
    assert v.status is Status.PASS and v.route.endswith("-> webhook on flex.example.com"), v
    assert "k=s" not in v.route + v.reason  # URLs are named by their host only


@pytest.mark.parametrize(("service", "reason"), [
    (ServiceSettings(False, None, "this stack's Messaging Service"), "with no inbound webhook of its own it drops"),
    (ServiceSettings(False, "https://other.example/sms", "Messaging Service MG1"), "webhook on other.example"),
], ids=["drops", "own webhook"])
def test_a_service_that_does_not_defer_fails(conversations: RunningEmulator, service: ServiceSettings,
                                             reason: str) -> None:
    v = only(judge(conversations, Expected(service=service)))
    assert v.status is Status.FAIL and "does not defer" in v.reason and reason in v.reason, v


def test_warnings_a_number_webhook_and_a_leftover_flex_flow(conversations: RunningEmulator) -> None:
    client = conversations.client()
    [pn] = client.incoming_phone_numbers.list(phone_number=NUMBERS[0])
    client.incoming_phone_numbers(pn.sid).update(sms_url="https://demo.twilio.com/welcome/sms/reply/")
    client.flex_api.v1.flex_flow.create(friendly_name="old", chat_service_sid=CHAT_SERVICE, channel_type="sms",
                                        contact_identity=NUMBERS[0], enabled=True, integration_type="studio",
                                        integration_flow_sid=FLOW)
    v = only(judge(conversations))
    assert v.status is Status.WARN, v
    assert "'A message comes in' (a webhook on demo.twilio.com) also runs" in v.reason
    assert "legacy Flex Flow FO" in v.reason and "migration leftover" in v.reason
    assert judge(conversations)[NUMBERS[1]].status is Status.PASS


def test_an_sms_application_is_the_number_handler(conversations: RunningEmulator) -> None:
    client = conversations.client()
    app = client.applications.create(friendly_name="bot", sms_url="https://bot.example/sms")
    [pn] = client.incoming_phone_numbers.list(phone_number=NUMBERS[0])
    client.incoming_phone_numbers(pn.sid).update(sms_application_sid=app.sid)
    v = only(judge(conversations))
    assert v.status is Status.WARN and f"application {app.sid}" in v.reason, v


def test_what_this_update_manages_replaces_what_twilio_reports(conversations: RunningEmulator) -> None:
    """Judged after the update: a managed address to be created and a handler to be blanked."""
    client = conversations.client()
    address_of(client, NUMBERS[0]).delete()
    [pn] = client.incoming_phone_numbers.list(phone_number=NUMBERS[0])
    client.incoming_phone_numbers(pn.sid).update(sms_url="https://demo.twilio.com/welcome/sms/reply/")
    managed = FlexInbound(mode="conversations", address={"auto_creation_type": "studio",
                                                         "auto_creation_studio_flow_sid": FLOW, "blank_sms_url": True})
    v = only(judge(conversations, managed.expected(NUMBERS, DEFERS)))
    assert v.status is Status.PASS and v.route.startswith("address (set by this update) ->"), v
    assert not [r for r in conversations.requests() if r["path"].startswith("/v1/Configuration/Addresses")]

    unpublished = FlexInbound(mode="conversations", address={"auto_creation_type": "studio",
                                                             "auto_creation_studio_flow_sid": "FW" + "0" * 32})
    assert only(judge(conversations, unpublished.expected(NUMBERS, DEFERS))).status is Status.FAIL


def test_a_number_not_on_the_account_fails(conversations: RunningEmulator) -> None:
    v = only(judge(conversations, numbers=["+14155550177"]), "+14155550177")
    assert v.status is Status.FAIL and "is not a phone number of account" in v.reason


# ---------------------------------------------------------------------------------------------------------------
# legacy Flex


def test_a_wired_legacy_account_passes_with_an_end_of_life_warning(legacy: RunningEmulator) -> None:
    verdicts = judge(legacy)
    for number in NUMBERS:
        v = verdicts[number]
        assert (v.status, v.flavour) == (Status.WARN, Flavour.LEGACY), v
        assert v.reason == (f"legacy Flex messaging reached its end of life on {ir.LEGACY_END_OF_LIFE}; migrate the "
                            "number to Flex Conversations")
        assert v.route == (f"Flex Proxy {PROXY} -> Flex Flow FO0de000000000000000000000000{number[-5:]} -> "
                           f"Studio flow {LEGACY_FLOW} -> Send to Flex")
    kinds = assert_read_only(legacy)
    assert kinds[f"proxy /v1/Services/{PROXY}"] == 1 and kinds[f"studio /v2/Flows/{LEGACY_FLOW}"] == 1


def _flex_flow(client: Any) -> Any:
    return next(f for f in client.flex_api.v1.flex_flow.list() if f.contact_identity == NUMBERS[0])


def _repoint(client: Any, url: str) -> None:
    [pn] = client.incoming_phone_numbers.list(phone_number=NUMBERS[0])
    client.incoming_phone_numbers(pn.sid).update(sms_url=url)


@pytest.mark.parametrize(("break_it", "reason"), [
    (lambda c: _repoint(c, "https://demo.twilio.com/welcome/sms/reply/"),
     "'A message comes in' is a webhook on demo.twilio.com, not the Flex Proxy Service's webhook"),
    (lambda c: _repoint(c, ""), "'A message comes in' is blank"),
    (lambda c: _repoint(c, proxy_webhook("AC" + "9" * 32, PROXY)), "not the Flex Proxy Service's webhook"),
    (lambda c: c.proxy.v1.services(PROXY).delete(), f"names Proxy service {PROXY}, which does not exist"),
    (lambda c: _flex_flow(c).delete(), "no SMS Flex Flow for the number"),
    (lambda c: _flex_flow(c).update(enabled=False), "is disabled"),
    (lambda c: c.studio.v2.flows(LEGACY_FLOW).update(status="draft"), "is not published"),
], ids=["number re-pointed", "webhook blanked", "another account's Proxy", "Proxy deleted", "Flex Flow deleted",
        "Flex Flow disabled", "flow unpublished"])
def test_each_broken_legacy_hop_fails(legacy: RunningEmulator, break_it: Callable[[Any], Any], reason: str) -> None:
    break_it(legacy.client())
    v = only(judge(legacy))
    assert v.status is Status.FAIL and reason in v.reason, v
    assert_read_only(legacy)


def test_legacy_warnings_a_second_chat_service_and_a_conversations_address(legacy: RunningEmulator) -> None:
    client = legacy.client()
    client.proxy.v1.services(PROXY).update(chat_instance_sid="IS" + "8" * 32)
    client.conversations.v1.address_configurations.create(type="sms", address=NUMBERS[0])
    v = only(judge(legacy))
    assert v.status is Status.WARN
    assert "relays into chat service IS888" in v.reason and "Conversations address IG" in v.reason, v


# ---------------------------------------------------------------------------------------------------------------
# flavour, errors and the two places it runs


def test_the_flavour_comes_from_config_else_the_flex_ui_version_else_the_number(
        legacy: RunningEmulator, emulator: RunningEmulator) -> None:
    as_conversations = only(judge(legacy, Expected(service=DEFERS, flavour=Flavour.CONVERSATIONS)))
    assert as_conversations.flavour is Flavour.CONVERSATIONS and "no Conversations address" in as_conversations.reason
    # No Flex configuration on the account: a Flex Flow and no address make the number legacy.
    client = emulator.client()
    for number in NUMBERS:
        client.incoming_phone_numbers.create(phone_number=number)
    client.flex_api.v1.flex_flow.create(friendly_name="f", chat_service_sid=CHAT_SERVICE, channel_type="sms",
                                        contact_identity=NUMBERS[0], enabled=True)
    verdicts = judge(emulator)
    assert (verdicts[NUMBERS[0]].flavour, verdicts[NUMBERS[1]].flavour) == (Flavour.LEGACY, Flavour.CONVERSATIONS)
    assert ir.flavour_in_config('{"flavour": "legacy"}') is Flavour.LEGACY
    assert ir.flavour_in_config('{"mode": "conversations", "webhookUrl": "https://x"}') is Flavour.CONVERSATIONS
    assert ir.flavour_in_config(None) is None and ir.flavour_in_config("not json") is None


def test_a_twilio_failure_leaves_numbers_unverified_with_the_reason(conversations: RunningEmulator) -> None:
    conversations.add_fault(method="GET", path="/v1/FlexFlows", status=503, code=20503, count=50)
    client, creds = build_client(stack_config(conversations, maxRetries="1", retryTimeout="1"), environ={})
    verdicts = verify(NUMBERS, TwilioReads(client, creds.account_sid), Expected(service=DEFERS))
    for v in verdicts.values():
        assert v.status is Status.UNVERIFIED and "list Flex Flows failed: Twilio error 20503" in v.reason, v
    flex_flow_reads = [r for r in conversations.requests() if r["path"] == "/v1/FlexFlows"]
    assert len(flex_flow_reads) == 2  # one failed read (and its retry) for both numbers, not one per number


def test_the_program_without_credentials_reports_unverified(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"):
        monkeypatch.delenv(name, raising=False)
    outputs = ir.program_verdicts(NUMBERS, {"friendly_name": "x"}, FlexInbound())
    assert set(outputs) == set(NUMBERS)
    assert all(v["status"] == "unverified" and "twilio:accountSid" in v["reason"] for v in outputs.values())


def test_the_program_judges_the_desired_service(conversations: RunningEmulator,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", conversations.account_sid)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", conversations.auth_token)
    monkeypatch.setenv("TWILIO_API_BASE_URL", conversations.base_url)
    assert {v["status"] for v in ir.program_verdicts(NUMBERS, {}, FlexInbound()).values()} == {"pass"}
    failing = ir.program_verdicts(NUMBERS, {"use_inbound_webhook_on_number": False}, FlexInbound())
    assert {v["status"] for v in failing.values()} == {"fail"}
    assert "this stack's Messaging Service does not defer" in failing[NUMBERS[0]]["reason"]


def test_refresh_verifies_every_number_in_the_service_pool(conversations: RunningEmulator) -> None:
    provider = configure(MessagingServiceProvider, conversations)
    created = provider.create(checked(provider, {"friendly_name": "flex"}))
    client = conversations.client()
    for pn in client.incoming_phone_numbers.list():
        client.messaging.v1.services(created.id).phone_numbers.create(phone_number_sid=pn.sid)
    assert "inbound_routing" not in created.outs  # create and update leave it to the program

    read = provider.read(created.id, created.outs)
    assert {n: v["status"] for n, v in read.outs["inbound_routing"].items()} == {n: "pass" for n in NUMBERS}
    assert "inbound_routing" not in (read.inputs or {})  # an output only: no diff on the next preview

    client.messaging.v1.services(created.id).update(use_inbound_webhook_on_number=False)
    address_of(client, NUMBERS[1]).delete()
    conversations.clear_requests()
    read = provider.read(created.id, created.outs)
    routing = read.outs["inbound_routing"]
    assert routing[NUMBERS[0]]["status"] == "fail" and f"Messaging Service {created.id} does not defer" in \
        routing[NUMBERS[0]]["reason"]
    assert "no Conversations address configuration" in routing[NUMBERS[1]]["reason"]
    assert [r for r in conversations.requests() if r["method"] != "GET"] == []


def test_refresh_takes_the_flavour_from_the_stack_config(legacy: RunningEmulator) -> None:
    provider = MessagingServiceProvider()
    config = stack_config(legacy)
    config._props["flex-a2p:flexInbound"] = '{"flavour": "conversations"}'  # noqa: SLF001 - as the plugin hands it
    provider.configure(ConfigureRequest(config))
    created = provider.create(checked(provider, {"friendly_name": "flex"}))
    client = legacy.client()
    pn = client.incoming_phone_numbers.list(phone_number=NUMBERS[0])[0]
    client.messaging.v1.services(created.id).phone_numbers.create(phone_number_sid=pn.sid)
    routing = provider.read(created.id, created.outs).outs["inbound_routing"]
    assert routing[NUMBERS[0]]["flavour"] == "conversations" and routing[NUMBERS[0]]["status"] == "fail"


def test_reaching_send_to_flex_follows_transitions_from_the_trigger_event() -> None:
    flow = send_to_flex_flow()
    assert reaches_send_to_flex(flow, "incomingConversationMessage")
    assert not reaches_send_to_flex(flow, "incomingMessage")
    assert not reaches_send_to_flex(send_to_flex_flow(reaches_flex=False), "incomingConversationMessage")
    looping = {"states": [{"name": "T", "type": "trigger", "transitions": [{"event": "e", "next": "A"}]},
                          {"name": "A", "type": "split-based-on", "transitions": [{"event": "x", "next": "A"}]}]}
    assert not reaches_send_to_flex(looping, "e")
    assert not reaches_send_to_flex(None, "e") and not reaches_send_to_flex({"states": "x"}, "e")


def test_address_targets_read_as_reported() -> None:
    reported = type("Address", (), {"sid": "IG1", "auto_creation": {"enabled": True, "type": "webhook",
                                                                     "webhook_url": "https://x.example"}})()
    target = AddressTarget.reported(reported)
    assert (target.sid, target.enabled, target.type, target.webhook_url) == ("IG1", True, "webhook",
                                                                            "https://x.example")
    assert target.label == "address IG1"
