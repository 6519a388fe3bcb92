"""The products Flex receives SMS through: Conversations address configurations, Flex configuration and Flex Flows,
Studio flows, Proxy services and TwiML applications, served on one port and told apart by the Twilio host."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest
from twilio.base.exceptions import TwilioRestException

from twilio_emulator.testing import RunningEmulator

from ..flex_wiring import CHAT_SERVICE, address_of, proxy_webhook, send_to_flex_flow, wire_conversations, wire_legacy
from .conftest import Raw, assert_twilio_error

FIXTURES = Path(__file__).resolve().parents[2] / "twilio_emulator" / "fixtures"
NUMBER = "+14155550100"


def on(host: str) -> dict[str, str]:
    return {"Host": f"{host}.twilio.com"}


@pytest.fixture
def number(client: Any) -> Any:
    return client.incoming_phone_numbers.create(phone_number=NUMBER)


def test_the_twilio_host_decides_between_products_that_share_a_path(client: Any, raw: Raw) -> None:
    client.messaging.v1.services.create(friendly_name="Flex")
    client.proxy.v1.services.create(unique_name="Flex Proxy Service")
    messaging = raw("GET", "/v1/Services", headers=on("messaging")).json()["services"]
    proxy = raw("GET", "/v1/Services", headers=on("proxy")).json()["services"]
    assert [s["sid"][:2] for s in messaging] == ["MG"] and [s["sid"][:2] for s in proxy] == ["KS"]
    # D38: a request to the emulator's own address is routed by path; the first product serving it wins.
    assert [s["sid"][:2] for s in raw("GET", "/v1/Services").json()["services"]] == ["MG"]

    assert "default_chat_service_sid" in raw("GET", "/v1/Configuration", headers=on("conversations")).json()
    assert_twilio_error(raw("GET", "/v1/Configuration", headers=on("flex-api")), 404, 20404)  # D41: no Flex yet
    # A host serves only its own paths.
    assert_twilio_error(raw("GET", "/v1/FlexFlows", headers=on("studio")), 404, 20404)


def test_urls_follow_the_host_the_request_named(client: Any, raw: Raw, emulator: RunningEmulator) -> None:
    flow = client.studio.v2.flows.create(friendly_name="f", status="published", definition=send_to_flex_flow())
    assert flow.url == f"https://studio.twilio.com/v2/Flows/{flow.sid}"  # D28
    assert flow.webhook_url == f"https://webhooks.twilio.com/v1/Accounts/{emulator.account_sid}/Flows/{flow.sid}"
    assert raw("GET", f"/v2/Flows/{flow.sid}").json()["url"] == f"{emulator.base_url}/v2/Flows/{flow.sid}"
    assert {(r["host"], r["path"]) for r in emulator.requests()} >= {
        ("studio.twilio.com", "/v2/Flows"), (emulator.base_url.removeprefix("http://"), f"/v2/Flows/{flow.sid}")}


def test_address_configuration_lifecycle(client: Any, number: Any) -> None:
    wired = wire_conversations(client, NUMBER)
    fetched = address_of(client, NUMBER)  # by the address itself, its + encoded
    assert fetched.sid == wired["address"] and fetched.type == "sms" and fetched.address == NUMBER
    assert fetched.auto_creation == {"enabled": True, "type": "studio", "conversation_service_sid": None,
                                     "studio_flow_sid": wired["flow"], "studio_retry_count": 3}
    assert client.conversations.v1.configuration().fetch().default_chat_service_sid == CHAT_SERVICE

    updated = client.conversations.v1.address_configurations(fetched.sid).update(
        auto_creation_type="webhook", auto_creation_webhook_url="https://flex.example/c",
        auto_creation_webhook_method="post")
    assert updated.auto_creation == {"enabled": True, "type": "webhook", "conversation_service_sid": None,
                                     "webhook_url": "https://flex.example/c", "webhook_method": "POST",
                                     "webhook_filters": []}
    assert [a.sid for a in client.conversations.v1.address_configurations.list(type="sms")] == [fetched.sid]
    assert client.conversations.v1.address_configurations.list(type="whatsapp") == []

    client.conversations.v1.address_configurations(fetched.sid).delete()
    with pytest.raises(TwilioRestException) as gone:
        address_of(client, NUMBER)
    assert gone.value.status == 404


def test_address_configuration_rules(client: Any, raw: Raw, number: Any) -> None:
    path = "/v1/Configuration/Addresses"
    studio = {"Type": "sms", "Address": NUMBER, "AutoCreation.Enabled": "true", "AutoCreation.Type": "studio"}
    assert_twilio_error(raw("POST", path, headers=on("conversations"), data=studio), 400, 20001,
                        "AutoCreation.StudioFlowSid")  # D39: the type's target is required
    assert_twilio_error(raw("POST", path, headers=on("conversations"),
                            data={"Type": "sms", "Address": "+14155550199"}), 400, 20001, "not a phone number")
    client.conversations.v1.address_configurations.create(type="sms", address=NUMBER)
    assert_twilio_error(raw("POST", path, headers=on("conversations"), data={"Type": "sms", "Address": NUMBER}),
                        409, 20409, NUMBER)
    for i in range(60):
        client.conversations.v1.address_configurations.create(type="whatsapp", address=f"whatsapp:+1415555{i:04d}")
    page = raw("GET", path, headers=on("conversations"), params={"PageSize": 1000}).json()
    assert page["meta"]["page_size"] == 50 and len(page["address_configurations"]) == 50  # Twilio's largest page
    assert len(client.conversations.v1.address_configurations.list()) == 61


def test_studio_flow_definition_and_publishing(client: Any, raw: Raw) -> None:
    flow = client.studio.v2.flows.create(friendly_name="Flex", status="published", definition=send_to_flex_flow())
    assert (flow.status, flow.revision, flow.valid) == ("published", 1, True)
    assert [s["type"] for s in flow.definition["states"]] == ["trigger", "split-based-on", "send-to-flex",
                                                               "send-message"]
    draft = client.studio.v2.flows(flow.sid).update(status="draft")
    assert (draft.status, draft.revision) == ("draft", 2)
    assert client.studio.v2.flows(flow.sid).fetch().definition == flow.definition

    bad = {**send_to_flex_flow(), "initial_state": "Nowhere"}
    for definition, words in (("not json", "JSON object"), (json.dumps(bad), "initial_state"),
                              (json.dumps({"states": []}), "states")):
        assert_twilio_error(raw("POST", "/v2/Flows", headers=on("studio"),
                                data={"FriendlyName": "x", "Status": "draft", "Definition": definition}),
                            400, 20001, words)  # D42


def test_flex_flows_per_integration_type_and_conflicts(client: Any, raw: Raw, number: Any) -> None:
    base = {"FriendlyName": "SMS", "ChatServiceSid": CHAT_SERVICE, "ChannelType": "sms", "ContactIdentity": NUMBER,
            "Enabled": "true"}
    assert_twilio_error(raw("POST", "/v1/FlexFlows", headers=on("flex-api"),
                            data={**base, "IntegrationType": "studio"}), 400, 20001, "Integration.FlowSid")
    first = client.flex_api.v1.flex_flow.create(friendly_name="SMS", chat_service_sid=CHAT_SERVICE,
                                                channel_type="sms", contact_identity=NUMBER, enabled=True,
                                                integration_type="external", integration_url="https://flex.example/in")
    assert first.integration == {"url": "https://flex.example/in", "retry_count": 3}
    assert_twilio_error(raw("POST", "/v1/FlexFlows", headers=on("flex-api"),
                            data={**base, "IntegrationType": "external", "Integration.Url": "https://x.example"}),
                        409, 20409, first.sid)  # D41
    disabled = client.flex_api.v1.flex_flow.create(friendly_name="SMS (old)", chat_service_sid=CHAT_SERVICE,
                                                   channel_type="sms", contact_identity=NUMBER)
    assert disabled.enabled is False and disabled.integration_type is None  # D41: defaults


def test_proxy_services_and_applications(client: Any, raw: Raw, number: Any, emulator: RunningEmulator) -> None:
    proxy = client.proxy.v1.services.create(unique_name="Flex Proxy Service", chat_instance_sid=CHAT_SERVICE,
                                            callback_url="https://flex.example/cb")
    assert (proxy.chat_instance_sid, proxy.number_selection_behavior, proxy.geo_match_level) == (
        CHAT_SERVICE, "prefer-sticky", "country")
    assert client.proxy.v1.services(proxy.sid).update(callback_url="").callback_url is None
    assert_twilio_error(raw("POST", "/v1/Services", headers=on("proxy"), data={"UniqueName": "Flex Proxy Service"}),
                        409, 20409)  # D43

    app = client.applications.create(friendly_name="Inbound", sms_url=proxy_webhook(emulator.account_sid, proxy.sid))
    client.incoming_phone_numbers(number.sid).update(sms_application_sid=app.sid)
    assert client.applications(app.sid).fetch().sms_url.endswith(f"/Proxy/{proxy.sid}/Webhooks/Message")
    client.applications(app.sid).delete()
    assert client.incoming_phone_numbers(number.sid).fetch().sms_application_sid is None  # D40


def test_the_wiring_helpers_build_what_each_flavour_needs(client: Any, emulator: RunningEmulator,
                                                          number: Any) -> None:
    legacy = wire_legacy(client, emulator.account_sid, NUMBER)
    assert client.incoming_phone_numbers(number.sid).fetch().sms_url == proxy_webhook(emulator.account_sid,
                                                                                      legacy["proxy"])
    flex_flow = client.flex_api.v1.flex_flow(legacy["flex_flow"]).fetch()
    assert (flex_flow.contact_identity, flex_flow.integration["flow_sid"]) == (NUMBER, legacy["flow"])


@pytest.mark.parametrize("fixture", ["dev_account.json", "legacy_account.json"])
def test_account_fixtures_set_up_flex(emulator_factory: Callable[..., RunningEmulator], fixture: str) -> None:
    fixtures: dict[str, Any] = json.loads((FIXTURES / fixture).read_text())
    emulator = emulator_factory(extra_args=("--fixtures", str(FIXTURES / fixture)))
    client = emulator.client()
    flex = client.flex_api.v1.configuration().fetch()
    assert flex.ui_version == fixtures["flex_configuration"]["ui_version"]
    for flow in fixtures["studio_flows"]:
        assert client.studio.v2.flows(flow["sid"]).fetch().status == "published"
    for address in fixtures.get("address_configurations", []):
        assert address_of(client, address["address"]).sid == address["sid"]
    for flex_flow in fixtures.get("flex_flows", []):
        assert client.flex_api.v1.flex_flow(flex_flow["sid"]).fetch().contact_identity == flex_flow["contact_identity"]
    for proxy in fixtures.get("proxy_services", []):
        assert client.proxy.v1.services(proxy["sid"]).fetch().unique_name == "Flex Proxy Service"
    numbers = {n.phone_number: n.sms_url for n in client.incoming_phone_numbers.list()}
    expected = {(e if isinstance(e, str) else e["phone_number"]): ("" if isinstance(e, str) else e["sms_url"])
                for e in fixtures["incoming_phone_numbers"]}
    assert numbers == expected
