"""The stack program's shape under Pulumi mocks: which resources it declares from stack config, and its exports.

Mocks replace the engine, so no provider code runs here; the providers are tested against the emulator in
tests/components and the whole path with the real CLI in tests/e2e.
"""
from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pulumi
import pytest
import yaml
from pulumi.runtime import settings
from pulumi.runtime.mocks import MockMonitor

from components.stack_state import StackState

from tests.components.trust_hub_samples import as_config, customer_profile

ROOT = Path(__file__).resolve().parents[1]
PREFIX = {
    "pulumi-python:dynamic/twilio:MessagingService": "MG",
    "pulumi-python:dynamic/twilio:MessagingServiceSenderPool": "MG",
    "pulumi-python:dynamic/twilio:BrandRegistration": "BN",
    "pulumi-python:dynamic/twilio:A2PCampaign": "QE",
    "pulumi-python:dynamic/twilio:CustomerProfile": "BU",
    "pulumi-python:dynamic/twilio:A2PTrustProduct": "BU",
}
BU1, BU2, BN = "BU" + "1" * 32, "BU" + "2" * 32, "BN" + "3" * 32


@pytest.fixture(autouse=True)
def _no_twilio_account(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program reads Twilio to verify inbound routing; here it must never find credentials to do so with."""
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET",
                 "TWILIO_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


class TwilioShapedMocks(pulumi.runtime.Mocks):
    """Answers every registration with a Twilio-shaped SID and the inputs echoed back as outputs."""

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        prefix = PREFIX.get(args.typ, "XX")
        sid = args.resource_id or f"{prefix}{abs(hash(args.name)) % 16**32:032x}"
        outputs = {k: v for k, v in args.inputs.items() if not k.startswith("__")}
        outputs["sid"] = sid
        if args.typ.endswith(":BrandRegistration"):
            outputs["status"] = "PENDING"
        if args.typ.endswith(":A2PCampaign"):
            outputs["campaign_status"] = "PENDING"
        if args.typ.endswith(":MessagingServiceSenderPool"):
            outputs["phone_number_sids"] = {n: f"PN{abs(hash(n)) % 16**32:032x}" for n in outputs["phone_numbers"]}
        return sid, outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        return {}


def run_program(config: dict[str, Any], previous: dict[str, Any] | None = None,
                mocks: TwilioShapedMocks | None = None, secret_keys: list[str] | None = None,
                ) -> tuple[list[tuple[str, str, dict[str, Any]]], dict[str, Any]]:
    """Runs __main__.py under mocks; returns the registered (type, name, inputs) and the stack outputs.
    ``previous``: the stack outputs of the stack's last update, if it has one; ``secret_keys``: the config keys the
    engine marks secret (no stack file exists where the tests run)."""
    mocks = mocks or TwilioShapedMocks()
    monitor = MockMonitor(mocks)
    checkpoint = StackState.from_deployment(
        {"resources": [{"urn": "urn:pulumi:test::flex-a2p::pulumi:pulumi:Stack::flex-a2p-test",
                        "type": "pulumi:pulumi:Stack", "outputs": previous or {}}]})
    saved = settings.SETTINGS
    pulumi.runtime.set_mocks(mocks, project="flex-a2p", stack="test", preview=False, monitor=monitor,
                             organization="organization")  # the file backend's
    pulumi.runtime.set_all_config({f"flex-a2p:{k}": json.dumps(v) for k, v in config.items()}, secret_keys or [])
    stack_outputs: dict[str, Any] = {}

    @pulumi.runtime.test
    def program() -> pulumi.Output[Any]:
        runpy.run_path(str(ROOT / "__main__.py"), run_name="__main__")
        exported = settings.get_root_resource().outputs  # what pulumi.export recorded on the root stack
        return pulumi.Output.all(**exported).apply(stack_outputs.update)

    try:
        with patch("components.stack_state.read_stack_state", lambda stack: checkpoint):
            program()
        registered = []
        for urn, (_, _, state) in monitor.get_registered_resources().items():
            type_token = urn.split("::")[2].split("$")[-1]
            registered.append((type_token, urn.split("::")[3], state))
        return registered, stack_outputs
    finally:
        pulumi.runtime.set_all_config({}, [])
        settings.configure(saved)


FULL_CONFIG = {
    "messagingService": {"friendlyName": "Flex (test)"},
    "phoneNumbers": ["+14155550100", "+14155550101"],
    "brand": {"customerProfileBundleSid": BU1, "a2pProfileBundleSid": BU2, "brandType": "STANDARD"},
    "campaign": yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())["config"]["flex-a2p:campaign"],
}


def types_of(registered: list[tuple[str, str, dict[str, Any]]]) -> list[str]:
    return sorted(t for t, _, _ in registered)


def test_full_config_declares_service_numbers_brand_campaign() -> None:
    registered, _ = run_program(FULL_CONFIG)
    assert types_of(registered) == sorted(
        [
            "flex-a2p:index:FlexA2PMessaging",
            "pulumi-python:dynamic/twilio:MessagingService",
            "pulumi-python:dynamic/twilio:MessagingServiceSenderPool",
            "pulumi-python:dynamic/twilio:BrandRegistration",
            "pulumi-python:dynamic/twilio:A2PCampaign",
        ]
    )
    [pool] = [state for t, _, state in registered if t.endswith(":MessagingServiceSenderPool")]
    assert pool["phone_numbers"] == ["+14155550100", "+14155550101"]
    [campaign] = [state for t, _, state in registered if t.endswith(":A2PCampaign")]
    assert campaign["us_app_to_person_usecase"] == "CUSTOMER_CARE"
    assert campaign["brand_registration_sid"].startswith("BN")
    assert campaign["messaging_service_sid"].startswith("MG")


def test_exports_the_documented_outputs() -> None:
    _, outputs = run_program(FULL_CONFIG)
    assert set(outputs) >= {
        "messagingServiceSid", "phoneNumberSids", "brandRegistrationSid", "brandStatus", "brandStatusDetail",
        "campaignSid", "campaignStatus",
    }
    assert outputs["messagingServiceSid"].startswith("MG")
    assert set(outputs["phoneNumberSids"]) == {"+14155550100", "+14155550101"}
    assert outputs["brandStatus"] == "PENDING"


def test_service_only_config_declares_no_brand_or_campaign() -> None:
    registered, outputs = run_program({"messagingService": {"friendlyName": "Flex (test)"}})
    assert "pulumi-python:dynamic/twilio:A2PCampaign" not in types_of(registered)
    assert "pulumi-python:dynamic/twilio:BrandRegistration" not in types_of(registered)
    assert outputs.get("campaignSid") is None


def test_invalid_config_fails_before_any_resource_is_declared() -> None:
    with pytest.raises(pulumi.RunError, match=r"flex-a2p:phoneNumbers\[0\]"):
        run_program({"messagingService": {"friendlyName": "x"}, "phoneNumbers": ["555"]})


def test_a_new_campaign_without_policy_urls_stops_the_program() -> None:
    old_campaign = {k: v for k, v in FULL_CONFIG["campaign"].items() if not k.endswith("Url")}
    with pytest.raises(pulumi.RunError, match=r"flex-a2p:campaign.privacyPolicyUrl: .*Twilio error 30933"):
        run_program({**FULL_CONFIG, "campaign": old_campaign})


def test_a_stack_that_registered_its_campaign_reads_it_from_its_own_last_outputs() -> None:
    old_campaign = {k: v for k, v in FULL_CONFIG["campaign"].items() if not k.endswith("Url")}
    registered, _ = run_program({**FULL_CONFIG, "campaign": old_campaign},
                                previous={"campaignSid": "QE2c6890da8086d771620e9b13fadeba0b"})
    assert "pulumi-python:dynamic/twilio:A2PCampaign" in types_of(registered)
    assert "pulumi:pulumi:StackReference" not in types_of(registered), "read from the checkpoint, not a resource"


def test_brand_status_detail_says_what_the_brand_waits_for() -> None:
    class WaitingFor2FA(TwilioShapedMocks):
        def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
            sid, outputs = super().new_resource(args)
            if args.typ.endswith(":BrandRegistration"):
                outputs["identity_status"] = "UNVERIFIED"
            return sid, outputs

    _, plain = run_program(FULL_CONFIG)
    assert plain["brandStatus"] == "PENDING" and plain.get("brandStatusDetail") is None
    _, waiting = run_program(FULL_CONFIG, mocks=WaitingFor2FA())
    assert waiting["brandStatus"] == "PENDING"
    assert waiting["brandStatusDetail"].startswith("waiting for the brand contact to complete the Authentication+ 2FA")


def test_exports_inbound_routing_unverified_without_credentials_and_creates_nothing_for_it() -> None:
    registered, outputs = run_program(FULL_CONFIG)
    assert set(outputs["inboundRouting"]) == {"+14155550100", "+14155550101"}
    for verdict in outputs["inboundRouting"].values():
        assert verdict["status"] == "unverified" and "no Twilio credentials" in verdict["reason"]
    assert not [t for t, _, _ in registered if ":ConversationsAddressConfiguration" in t]


def test_conversations_mode_declares_one_resource_for_the_numbers_address_configurations() -> None:
    flow = "FW" + "4" * 32
    registered, _ = run_program({**FULL_CONFIG, "flexInbound": {"mode": "conversations", "studioFlowSid": flow}})
    [(name, state)] = [(name, state) for t, name, state in registered
                       if t.endswith(":ConversationsAddressConfigurations")]
    assert name == "flex-addresses" and state["addresses"] == ["+14155550100", "+14155550101"]
    assert (state["auto_creation_type"], state["auto_creation_studio_flow_sid"]) == ("studio", flow)
    assert state.get("created_before") is None  # no Twilio credentials here: no state was read for it
    assert not [t for t, _, _ in registered if t.endswith(":ConversationsAddressConfiguration")]


def test_bad_flex_inbound_config_fails_before_any_resource_is_declared() -> None:
    with pytest.raises(pulumi.RunError, match=r"flex-a2p:flexInbound: `mode: conversations` needs exactly one"):
        run_program({**FULL_CONFIG, "flexInbound": {"mode": "conversations"}})


TRUST_HUB_CONFIG = {**FULL_CONFIG, "brand": {"brandType": "STANDARD"},
                    "trustHub": {"customerProfile": as_config(customer_profile()),
                                 "a2pProfile": {"friendlyName": "Acme A2P", "email": "compliance@acme.example.com",
                                                "companyType": "private"}}}


def test_trust_hub_config_declares_the_bundles_and_the_brand_takes_them() -> None:
    registered, outputs = run_program(TRUST_HUB_CONFIG, secret_keys=["flex-a2p:trustHub"])
    by_type = {t.split(":")[-1]: state for t, _, state in registered}
    assert {"CustomerProfile", "A2PTrustProduct", "BrandRegistration", "A2PCampaign"} <= set(by_type)
    profile_sid, product_sid = outputs["customerProfileSid"], outputs["trustProductSid"]
    assert profile_sid.startswith("BU") and product_sid.startswith("BU") and profile_sid != product_sid
    assert by_type["A2PTrustProduct"]["customer_profile_sid"] == profile_sid
    assert (by_type["BrandRegistration"]["customer_profile_bundle_sid"],
            by_type["BrandRegistration"]["a2p_profile_bundle_sid"]) == (profile_sid, product_sid)
    assert {"customerProfileStatus", "trustProductStatus"} <= set(outputs)


def test_without_trust_hub_the_new_outputs_are_empty() -> None:
    _, outputs = run_program(FULL_CONFIG)
    assert outputs["customerProfileSid"] is None and outputs["trustProductSid"] is None


def test_personal_data_in_plain_text_stops_the_program_before_anything_is_declared() -> None:
    with pytest.raises(pulumi.RunError, match=r"pulumi config set --stack test --secret --path "
                                              r"'flex-a2p:trustHub.customerProfile.authorizedRepresentatives\[0\].email'"):
        run_program(TRUST_HUB_CONFIG)
