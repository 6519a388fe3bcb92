"""FlexA2PMessaging's shape under Pulumi mocks: which resources, type tokens, names, parents, ordering, outputs.

The mock engine replaces the CLI, so no provider CRUD runs; `new_resource` instead unpickles each dynamic
resource's ``__provider`` (proving the pickle loads) and runs its real ``check()`` (so the outputs show the defaults
the engine would apply).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from typing import Any

import dill
import pulumi
import pytest
from pulumi.runtime import mocks, rpc, settings

from tests.components.campaign_samples import COMPLIANT_CAMPAIGN
from tests.components.trust_hub_samples import customer_profile

MS = "pulumi-python:dynamic/twilio:MessagingService"
POOL = "pulumi-python:dynamic/twilio:MessagingServiceSenderPool"
BRAND = "pulumi-python:dynamic/twilio:BrandRegistration"
CAMPAIGN = "pulumi-python:dynamic/twilio:A2PCampaign"
PROFILE = "pulumi-python:dynamic/twilio:CustomerProfile"
TRUST_PRODUCT = "pulumi-python:dynamic/twilio:A2PTrustProduct"
ADDRESSES = "pulumi-python:dynamic/twilio:ConversationsAddressConfigurations"
COMPONENT = "flex-a2p:index:FlexA2PMessaging"
EXISTING_BRAND = "BN" + "e" * 32


class RecordingMonitor(mocks.MockMonitor):
    """Also records what the engine would get besides state: parent, dependencies, delete-before-replace."""

    def __init__(self, m: mocks.Mocks) -> None:
        super().__init__(m)
        self.requests: dict[str, Any] = {}
        self.reads: list[Any] = []

    def RegisterResource(self, request: Any) -> Any:
        response = super().RegisterResource(request)
        self.requests[request.name] = request
        return response

    def ReadResource(self, request: Any) -> Any:
        self.reads.append(request)
        return super().ReadResource(request)


def _is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(rpc._special_sig_key) == rpc._special_secret_sig


class ProviderBackedMocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.checked: dict[str, dict[str, Any]] = {}
        self.secret_inputs: dict[str, set[str]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        inputs = dict(args.inputs)
        if args.typ == COMPONENT:
            return None, inputs
        pickled = inputs.pop("__provider")
        # the pickled provider reaches the engine as a secret (serialize_as_secret_always)
        assert isinstance(pickled, dict) and pickled.get(rpc._special_sig_key) == rpc._special_secret_sig, pickled
        provider = dill.loads(base64.b64decode(pickled["value"]))
        self.secret_inputs[args.name] = {k for k, v in inputs.items() if _is_secret(v)}
        inputs = {k: v["value"] if _is_secret(v) else v for k, v in inputs.items()}
        if args.resource_id:  # a read (BrandRegistration.get)
            return args.resource_id, {"sid": args.resource_id, "status": "APPROVED"}
        result = provider.check({}, inputs)
        assert result.failures == [], [(f.property, f.reason) for f in result.failures]
        self.checked[args.name] = result.inputs
        state = dict(result.inputs)
        prefix = {MS: "MG", POOL: "MG", BRAND: "BN", CAMPAIGN: "QE", ADDRESSES: "XX", PROFILE: "BU",
                  TRUST_PRODUCT: "BU"}[args.typ]
        sid = prefix + format(abs(hash(args.name)) % 16**32, "032x")
        state["sid"] = sid
        if args.typ == POOL:
            state["phone_number_sids"] = {n: "PN" + format(abs(hash(n)) % 16**32, "032x")
                                          for n in state["phone_numbers"]}
        if args.typ == BRAND:
            state["status"] = "PENDING"
        if args.typ == CAMPAIGN:
            state["campaign_status"] = "PENDING"
        if args.typ in (PROFILE, TRUST_PRODUCT):
            state["status"] = "pending-review"
        return sid, state

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        return {}


@pytest.fixture
def engine() -> Iterator[tuple[ProviderBackedMocks, RecordingMonitor]]:
    old = settings.SETTINGS
    m = ProviderBackedMocks()
    monitor = RecordingMonitor(m)
    pulumi.runtime.set_mocks(m, project="flex-a2p", stack="dev", preview=False, monitor=monitor)
    yield m, monitor
    settings.configure(old)


def _campaign_inputs() -> dict[str, Any]:
    return {k: v for k, v in COMPLIANT_CAMPAIGN.items() if k not in ("messaging_service_sid", "brand_registration_sid")}


def _build(**overrides: Any) -> Any:
    from components.flex_a2p_messaging import FlexA2PMessaging

    args: dict[str, Any] = {
        "messaging_service": {"friendly_name": "flex-dev", "inbound_method": "post"},
        "phone_numbers": ["+14155550100", "+14155550101"],
        "brand": {"customer_profile_bundle_sid": "BU" + "1" * 32, "a2p_profile_bundle_sid": "BU" + "2" * 32,
                  "mock": True},
        "campaign": _campaign_inputs(),
    }
    args.update(overrides)
    return FlexA2PMessaging("flex", **args)


def _resolve(output: pulumi.Output[Any]) -> Any:
    box: list[Any] = []
    output.apply(box.append)
    return box


@pulumi.runtime.test
def test_component_registers_every_resource_under_its_type_token(engine: Any) -> None:
    m, monitor = engine
    component = _build()

    def verify(_: Any) -> None:
        types = {urn.split("::")[2].split("$")[-1]: urn for urn in monitor.get_registered_resources()}
        assert set(types) == {COMPONENT, MS, POOL, BRAND, CAMPAIGN}
        names = sorted(urn.split("::")[-1] for urn in monitor.get_registered_resources())
        assert names == ["flex", "flex-brand", "flex-campaign", "flex-sender-pool", "flex-service"]
        # every child is parented to the component (its URN type chain starts with the component's type)
        for urn in monitor.get_registered_resources():
            if not urn.endswith("::flex"):
                assert f"{COMPONENT}$pulumi-python:dynamic/twilio:" in urn, urn
        # check() applied the defer-to-number default and normalised the method
        assert m.checked["flex-service"]["use_inbound_webhook_on_number"] is True
        assert m.checked["flex-service"]["inbound_method"] == "POST"

    return component.campaign_status.apply(verify)


@pulumi.runtime.test
def test_numbers_and_campaign_are_wired_to_the_service_and_brand(engine: Any) -> None:
    m, monitor = engine
    component = _build()

    def verify(values: list[Any]) -> None:
        service_sid, brand_sid, sids, _ = values
        assert m.checked["flex-sender-pool"]["service_sid"] == service_sid
        assert m.checked["flex-sender-pool"]["phone_numbers"] == ["+14155550100", "+14155550101"]
        assert m.checked["flex-campaign"]["messaging_service_sid"] == service_sid
        assert m.checked["flex-campaign"]["brand_registration_sid"] == brand_sid
        assert set(sids) == {"+14155550100", "+14155550101"} and all(s.startswith("PN") for s in sids.values())
        # the campaign depends on the service and brand only (not a URN per number in its state), and is deleted
        # before a replacement (one campaign per service)
        campaign = monitor.requests["flex-campaign"]
        assert not [urn for urn in campaign.dependencies if "::flex-sender-pool" in urn or "::flex-number-" in urn]
        assert campaign.deleteBeforeReplace is True

    return pulumi.Output.all(component.messaging_service_sid, component.brand_registration_sid,
                             component.phone_number_sids, component.campaign_sid).apply(verify)


@pulumi.runtime.test
def test_existing_brand_is_read_not_registered(engine: Any) -> None:
    m, monitor = engine
    component = _build(brand={"sid": EXISTING_BRAND})

    def verify(values: list[Any]) -> None:
        brand_sid, status, _ = values
        assert brand_sid == EXISTING_BRAND and status == "APPROVED"
        assert [r.id for r in monitor.reads] == [EXISTING_BRAND]
        assert "flex-brand" not in monitor.requests  # never registered, so never created nor deleted
        assert m.checked["flex-campaign"]["brand_registration_sid"] == EXISTING_BRAND

    return pulumi.Output.all(component.brand_registration_sid, component.brand_status,
                             component.campaign_sid).apply(verify)


@pulumi.runtime.test
def test_service_only_component_exposes_empty_outputs(engine: Any) -> None:
    _, monitor = engine
    component = _build(phone_numbers=[], brand=None, campaign=None)

    def verify(values: list[Any]) -> None:
        assert values[1:] == [{}, None, None]
        types = {urn.split("::")[2].split("$")[-1] for urn in monitor.get_registered_resources()}
        assert types == {COMPONENT, MS}

    return pulumi.Output.all(component.messaging_service_sid, component.phone_number_sids, component.brand_registration_sid,
                             component.campaign_sid).apply(verify)


@pulumi.runtime.test
def test_trust_hub_bundles_feed_the_brand_and_personal_data_is_registered_secret(engine: Any) -> None:
    m, monitor = engine
    component = _build(trust_hub={"customer_profile": customer_profile(),
                                  "a2p_profile": {"friendly_name": "Acme A2P", "email": "ops@acme.example.com",
                                                  "company_type": "private"}},
                       brand={"mock": True})

    def verify(values: list[Any]) -> None:
        profile_sid, product_sid, profile_status, _ = values
        assert profile_sid.startswith("BU") and profile_status == "pending-review"
        assert m.checked["flex-a2p-profile"]["customer_profile_sid"] == profile_sid
        assert m.checked["flex-brand"]["customer_profile_bundle_sid"] == profile_sid
        assert m.checked["flex-brand"]["a2p_profile_bundle_sid"] == product_sid
        assert m.secret_inputs["flex-customer-profile"] == {"business_information", "authorized_representatives"}
        assert set(monitor.requests["flex-customer-profile"].additionalSecretOutputs) == {
            "business_information", "authorized_representatives"}
        assert m.secret_inputs["flex-a2p-profile"] == set()  # no brand contact email given
        assert m.secret_inputs["flex-brand"] == set()

    return pulumi.Output.all(component.customer_profile_sid, component.trust_product_sid,
                             component.customer_profile_status, component.campaign_sid).apply(verify)


@pulumi.runtime.test
def test_conversations_mode_manages_the_numbers_address_configurations_as_one_resource(engine: Any) -> None:
    from components.inbound_routing import FlexInbound

    m, monitor = engine
    flow = "FW" + "f" * 32
    managed = FlexInbound(mode="conversations", address={"auto_creation_type": "studio",
                                                         "auto_creation_studio_flow_sid": flow, "blank_sms_url": True})
    component = _build(flex_inbound=managed, addresses_created_before=["+14155550101"])

    def verify(_: Any) -> None:
        assert m.checked["flex-addresses"] == {"addresses": ["+14155550100", "+14155550101"], "type": "sms",
                                               "auto_creation_enabled": True, "auto_creation_type": "studio",
                                               "auto_creation_studio_flow_sid": flow, "blank_sms_url": True,
                                               "created_before": ["+14155550101"]}
        urns = monitor.get_registered_resources()
        assert [urn for urn in urns if "ConversationsAddress" in urn] == [
            urn for urn in urns if urn.endswith(f"{COMPONENT}${ADDRESSES}::flex-addresses")]
        assert component.addresses is not None

    return component.campaign_status.apply(verify)


@pulumi.runtime.test
def test_verify_mode_declares_no_address_configuration(engine: Any) -> None:
    from components.inbound_routing import FlexInbound

    _, monitor = engine
    component = _build(flex_inbound=FlexInbound(flavour=None))

    def verify(_: Any) -> None:
        assert not [urn for urn in monitor.get_registered_resources() if "ConversationsAddress" in urn]

    return component.campaign_status.apply(verify)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"trust_hub": {"customer_profiles": {}}}, "trust_hub: unknown key(s) customer_profiles"),
        ({"messaging_service": {"friendly_name": "x", "use_inbound_webhook": True}},
         "messaging_service: unknown key 'use_inbound_webhook'"),
        ({"phone_numbers": ["+14155550100", "+14155550100"]}, "phone_numbers: listed more than once: +14155550100"),
        ({"brand": None}, "brand: a campaign needs a brand"),
        ({"brand": {"sid": EXISTING_BRAND, "mock": True}}, "brand: give either `sid`"),
        ({"campaign": {**_campaign_inputs(), "messaging_service_sid": "MG" + "0" * 32}},
         "campaign: unknown key 'messaging_service_sid'"),
    ],
)
def test_bad_component_arguments_name_the_key(engine: Any, overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        _build(**overrides)
