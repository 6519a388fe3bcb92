"""Every number provably reaches Flex: the real CLI runs the flex-a2p program and policy pack against emulated Flex
accounts (a wired Conversations account, a legacy one), and each case checks the emulator's request log.

`pulumi up` is run with its preview (no `--skip-preview`): the program's verification is known during that
preview, so a failing number stops the update there, before any write.
"""
from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import pytest

from pulumi_driver import PROJECT_ROOT, PulumiStack, assert_in_output, combined_output, new_stack
from tests.e2e.test_flex_a2p_stack import DEV_SECRETS_ENV, NUMBERS, SERVICE, dev_config, dev_stack_file, only
from tests.flex_wiring import address_of, send_to_flex_flow, wire_conversations
from twilio_emulator.testing import RunningEmulator

FIXTURES = PROJECT_ROOT / "twilio_emulator" / "fixtures"
PACK = str(PROJECT_ROOT / "policies")
ADDRESSES = "pulumi-python:dynamic/twilio:ConversationsAddressConfigurations"
FLOW = "FW0de0000000000000000000000000f1e0"
LEGACY_FLOW = "FW0de0000000000000000000000000f1e1"
RULE = "flex-numbers-reach-flex"
NO_TWILIO_ENV = {"TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "TWILIO_API_KEY": "", "TWILIO_API_SECRET": "",
                 "TWILIO_API_BASE_URL": ""}


def account(factory: Callable[..., RunningEmulator], fixture: str = "dev_account.json") -> RunningEmulator:
    return factory(review_delay=0, extra_args=("--fixtures", str(FIXTURES / fixture)))


def stack_on(tmp_path: Path, emulator: RunningEmulator, *, numbers: list[str] = NUMBERS, credentials: bool = True,
             **overrides: Any) -> PulumiStack:
    """The dev stack's program and config (with `overrides` of flex-a2p keys) on `emulator`'s account."""
    config = {**dev_config(), "flex-a2p:phoneNumbers": numbers,
              **{f"flex-a2p:{key}": value for key, value in overrides.items()}}
    config["twilio:apiBaseUrl"] = emulator.base_url
    if credentials:
        config["twilio:accountSid"] = emulator.account_sid
    stack = new_stack(tmp_path, PROJECT_ROOT, only=("Pulumi.yaml", "__main__.py", "stack_config.py"),
                      stack_config=dev_stack_file(config), extra_env={**NO_TWILIO_ENV, **DEV_SECRETS_ENV})
    if credentials:
        stack.set_config("twilio:authToken", emulator.auth_token, secret=True)
    return stack


def up_with_policies(stack: PulumiStack, *extra: str, check: bool = True) -> Any:
    """`pulumi up` as a user runs it: preview (with the pack), then the update."""
    return stack.run("up", "--yes", "--policy-pack", PACK, *extra, check=check)


def routing(stack: PulumiStack) -> dict[str, dict[str, Any]]:
    return stack.outputs()["inboundRouting"]


def statuses(verdicts: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {number: v["status"] for number, v in verdicts.items()}


def writes(emulator: RunningEmulator) -> list[tuple[str, str]]:
    return [(r["method"], r["path"]) for r in emulator.requests() if r["method"] != "GET"]


def reads_by_kind(emulator: RunningEmulator) -> Counter[str]:
    """GETs grouped: the account's numbers, its address configurations, and each other object."""
    kinds: Counter[str] = Counter()
    for r in emulator.requests():
        if "IncomingPhoneNumbers" in r["path"]:
            kinds["number"] += 1
        elif r["path"].startswith("/v1/Configuration/Addresses"):
            kinds["address"] += 1
        else:
            kinds[f"{r['host'].split('.')[0]} {r['path']}"] += 1
    return kinds


def service_routing(stack: PulumiStack) -> dict[str, dict[str, Any]]:
    return only(stack.resources_of_type(SERVICE))["outputs"]["inbound_routing"]


def repoint(emulator: RunningEmulator, number: str, url: str) -> None:
    client = emulator.client()
    [pn] = client.incoming_phone_numbers.list(phone_number=number)
    client.incoming_phone_numbers(pn.sid).update(sms_url=url)


# ---------------------------------------------------------------------------------------------------------------


def test_a_wired_conversations_account_passes_reading_each_object_once_however_many_numbers(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = account(emulator_factory)
    client = emulator.client()
    extra = [f"+1415555011{i}" for i in range(4)]
    for number in extra:  # six numbers on one flow, so what they share shows as read once
        client.incoming_phone_numbers.create(phone_number=number)
        wire_conversations(client, number, FLOW)
    stack = stack_on(tmp_path, emulator, numbers=NUMBERS + extra)
    emulator.clear_requests()

    preview = stack.preview("--policy-pack", PACK)
    assert_in_output(preview, "inboundRouting")
    assert writes(emulator) == []
    # one list of the account's numbers each for the pre-flight checks and the verification, one of the address
    # configurations, one of the services (pre-flight), and each shared object once: none of it per number
    assert reads_by_kind(emulator) == Counter({"number": 2, "address": 1, "messaging /v1/Services": 1,
                                               "flex-api /v1/Configuration": 1, "flex-api /v1/FlexFlows": 1,
                                               f"studio /v2/Flows/{FLOW}": 1})

    up_with_policies(stack)
    verdicts = routing(stack)
    assert statuses(verdicts) == {n: "pass" for n in NUMBERS + extra}
    assert verdicts[NUMBERS[0]] == {
        "status": "pass", "flavour": "conversations",
        "route": f"address IG0de00000000000000000000000050100 -> Studio flow {FLOW} -> Send to Flex",
        "reason": "inbound SMS creates a conversation that the Studio flow sends to Flex"}
    stack.preview("--expect-no-changes", "--policy-pack", PACK)


def _delete_address(emulator: RunningEmulator) -> None:
    address_of(emulator.client(), NUMBERS[0]).delete()


def _unpublish_flow(emulator: RunningEmulator) -> None:
    emulator.client().studio.v2.flows(FLOW).update(status="draft")


def _repoint_legacy_number(emulator: RunningEmulator) -> None:
    repoint(emulator, NUMBERS[0], "https://demo.twilio.com/welcome/sms/reply/")


@pytest.mark.parametrize(("fixture", "break_it", "reason"), [
    ("dev_account.json", _delete_address, "no Conversations address configuration for the number"),
    ("dev_account.json", _unpublish_flow, f"Studio flow {FLOW} is not published (status draft)"),
    ("legacy_account.json", _repoint_legacy_number, "'A message comes in' is a webhook on demo.twilio.com, not the "
                                                    "Flex Proxy Service's webhook"),
], ids=["address configuration deleted", "Studio flow unpublished", "number sms_url changed out of band"])
def test_drift_fails_at_refresh_and_the_policy_blocks_the_up(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator], fixture: str,
        break_it: Callable[[RunningEmulator], None], reason: str) -> None:
    emulator = account(emulator_factory, fixture)
    stack = stack_on(tmp_path, emulator)
    up_with_policies(stack)
    assert set(statuses(routing(stack)).values()) <= {"pass", "warn"}

    break_it(emulator)
    emulator.clear_requests()
    refresh = stack.refresh()
    assert_in_output(refresh, f"inbound SMS to {NUMBERS[0]}: FAIL: ", reason)
    assert service_routing(stack)[NUMBERS[0]]["status"] == "fail"
    assert reason in service_routing(stack)[NUMBERS[0]]["reason"]
    assert writes(emulator) == []

    # Something to deploy (a renamed service), which the policy stops at the preview: nothing is written.
    service = dict(dev_config()["flex-a2p:messagingService"], friendlyName="Flex contact center (renamed)")
    stack.set_config_object("flex-a2p:messagingService", service)
    emulator.clear_requests()
    blocked = up_with_policies(stack, check=False)
    assert blocked.returncode != 0, combined_output(blocked)
    assert_in_output(blocked, RULE, "mandatory", "Inbound SMS to …0100", "does not reach Flex agents", reason)
    assert writes(emulator) == []
    assert reads_by_kind(emulator)["number"] == 2  # the program's reads, once for the preview it stopped at
    assert routing(stack)[NUMBERS[0]]["status"] != "fail", "the failed update recorded nothing"

    # Back to the configuration of the last update: the refresh since then makes the program judge the routes
    # again (reads only), so the policy still blocks; an update without the pack records the verdicts, and after
    # it a run with nothing changed reads no Twilio at all and exports them as recorded.
    stack.set_config_object("flex-a2p:messagingService", dev_config()["flex-a2p:messagingService"])
    emulator.clear_requests()
    blocked = up_with_policies(stack, check=False)
    assert blocked.returncode != 0, combined_output(blocked)
    assert_in_output(blocked, RULE, "does not reach Flex agents", reason)
    assert writes(emulator) == [] and reads_by_kind(emulator)["number"] == 2
    stack.run("up", "--yes")
    assert routing(stack)[NUMBERS[0]]["status"] == "fail" and reason in routing(stack)[NUMBERS[0]]["reason"]
    emulator.clear_requests()
    again = up_with_policies(stack, check=False)
    assert again.returncode != 0 and emulator.requests() == []
    assert_in_output(again, RULE, "does not reach Flex agents", reason, "Twilio not read")


def test_a_service_that_stops_deferring_fails_and_blocks_and_console_drift_is_restored(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = account(emulator_factory)
    stack = stack_on(tmp_path, emulator)
    up_with_policies(stack)
    service_sid = stack.outputs()["messagingServiceSid"]

    # Out of band, in the Console: refresh reports it; the next up judges the route it restores, and restores it.
    emulator.client().messaging.v1.services(service_sid).update(use_inbound_webhook_on_number=False)
    stack.refresh()
    assert f"Messaging Service {service_sid} does not defer" in service_routing(stack)[NUMBERS[0]]["reason"]
    up_with_policies(stack)
    assert emulator.client().messaging.v1.services(service_sid).fetch().use_inbound_webhook_on_number is True
    assert set(statuses(routing(stack)).values()) == {"pass"}

    # In config: this policy alone (the defer policies switched off) stops the update at its preview.
    config = tmp_path / "only-flex-numbers.json"
    config.write_text(json.dumps({"messaging-service-uses-number-webhook": "disabled",
                                  "messaging-service-uses-number-webhook-stack": "disabled"}))
    stack.set_config_object("flex-a2p:messagingService",
                            dict(dev_config()["flex-a2p:messagingService"], useInboundWebhookOnNumber=False))
    emulator.clear_requests()
    blocked = up_with_policies(stack, "--policy-pack-config", str(config), check=False)
    assert blocked.returncode != 0
    assert_in_output(blocked, RULE, "this stack's Messaging Service does not defer to the number's webhook")
    assert writes(emulator) == []
    assert emulator.client().messaging.v1.services(service_sid).fetch().use_inbound_webhook_on_number is True


def test_a_webhook_next_to_conversations_is_a_warning_that_does_not_block(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = account(emulator_factory)
    stack = stack_on(tmp_path, emulator)
    up_with_policies(stack)
    repoint(emulator, NUMBERS[1], "https://demo.twilio.com/welcome/sms/reply/")
    # A change made in the Console reaches the program through a refresh (with nothing to change it reads no
    # Twilio): `up --refresh` reads the routes again and judges them.
    up = up_with_policies(stack, "--refresh")
    assert_in_output(up, "flex-numbers-reach-flex-warnings", "advisory", "Inbound SMS to …0101", "double handling")
    assert statuses(routing(stack)) == {NUMBERS[0]: "pass", NUMBERS[1]: "warn"}


def test_a_legacy_account_passes_with_an_end_of_life_warning(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = account(emulator_factory, "legacy_account.json")
    stack = stack_on(tmp_path, emulator)
    up = up_with_policies(stack)
    assert_in_output(up, "flex-numbers-reach-flex-warnings", "advisory", "end of life on 2026-06-01")
    verdicts = routing(stack)
    assert statuses(verdicts) == {n: "warn" for n in NUMBERS}
    assert {v["flavour"] for v in verdicts.values()} == {"legacy"}
    assert verdicts[NUMBERS[0]]["route"].startswith("Flex Proxy KS0de0000000000000000000000000f1e0 -> Flex Flow FO")
    assert stack.resources_of_type(ADDRESSES) == []  # legacy wiring is verified, never created


def test_managed_address_configurations_are_created_updated_in_place_and_removed(
        tmp_path: Path, emulator_factory: Callable[..., RunningEmulator]) -> None:
    emulator = account(emulator_factory)
    client = emulator.client()
    adopted = address_of(client, NUMBERS[1]).sid  # made in the Console: adopted, and left there by destroy
    address_of(client, NUMBERS[0]).delete()
    [pn] = client.incoming_phone_numbers.list(phone_number=NUMBERS[0])
    client.incoming_phone_numbers(pn.sid).update(sms_url="https://demo.twilio.com/welcome/sms/reply/")
    managed = {"mode": "conversations", "studioFlowSid": FLOW, "blankSmsUrl": True}
    stack = stack_on(tmp_path, emulator, flexInbound=managed)

    emulator.clear_requests()
    preview = stack.preview("--policy-pack", PACK)  # judged with the address this update creates: passes
    assert_in_output(preview, "ConversationsAddressConfigurations flex-addresses create")
    assert writes(emulator) == []
    up_with_policies(stack)
    [resource] = stack.resources_of_type(ADDRESSES)
    sids = resource["outputs"]["address_sids"]
    assert resource["outputs"]["created_addresses"] == [NUMBERS[0]] and sids[NUMBERS[1]] == adopted
    assert [address_of(client, n).auto_creation["studio_flow_sid"] for n in NUMBERS] == [FLOW, FLOW]
    assert client.incoming_phone_numbers(pn.sid).fetch().sms_url == ""
    assert set(statuses(routing(stack)).values()) == {"pass"}

    second = client.studio.v2.flows.create(friendly_name="Flex (v2)", status="published",
                                           definition=send_to_flex_flow()).sid
    stack.set_config_object("flex-a2p:flexInbound", {**managed, "studioFlowSid": second})
    emulator.clear_requests()
    update = up_with_policies(stack)
    assert_in_output(update, "~ 1 updated")
    assert only(stack.resources_of_type(ADDRESSES))["outputs"]["address_sids"] == sids
    assert sorted(p for m, p in writes(emulator)) == sorted(f"/v1/Configuration/Addresses/{sid}"
                                                            for sid in sids.values())
    assert [address_of(client, n).auto_creation["studio_flow_sid"] for n in NUMBERS] == [second, second]

    # Out of band: one configuration deleted, the other repointed. Refresh shows it, the next up restores both.
    address_of(client, NUMBERS[0]).delete()
    client.conversations.v1.address_configurations(adopted).update(auto_creation_studio_flow_sid=FLOW)
    stack.refresh()
    emulator.clear_requests()
    restored = up_with_policies(stack)
    assert_in_output(restored, "~ 1 updated")
    assert sorted(writes(emulator)) == [("POST", "/v1/Configuration/Addresses"),
                                        ("POST", f"/v1/Configuration/Addresses/{adopted}")]
    assert [address_of(client, n).auto_creation["studio_flow_sid"] for n in NUMBERS] == [second, second]
    stack.preview("--expect-no-changes", "--policy-pack", PACK)
    recreated = address_of(client, NUMBERS[0]).sid

    emulator.clear_requests()
    stack.destroy()
    deleted = [p for m, p in writes(emulator) if m == "DELETE" and p.startswith("/v1/Configuration/Addresses")]
    assert deleted == [f"/v1/Configuration/Addresses/{recreated}"]
    assert [a.sid for a in client.conversations.v1.address_configurations.list()] == [adopted]


def test_the_pull_request_check_without_credentials_previews_and_says_it_did_not_verify(tmp_path: Path) -> None:
    """scripts/pr-check's emulator mode: a fresh account is not the stack's, so no credentials reach the program."""
    stack = new_stack(tmp_path, PROJECT_ROOT, name="pr", only=("Pulumi.yaml", "__main__.py", "stack_config.py"),
                      stack_config=dev_stack_file(dev_config()), extra_env=DEV_SECRETS_ENV, init=False)
    env = {k: v for k, v in stack.env.items() if not k.startswith("TWILIO_") and k != "PULUMI_BACKEND_URL"}
    result = subprocess.run([str(PROJECT_ROOT / "scripts" / "pr-check"), "--program-dir", str(stack.program_dir),
                             "--stack", "pr", "--target", "emulator"],
                            env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, combined_output(result)
    assert_in_output(result, "inbound SMS routing to Flex was not verified", "flex-numbers-reach-flex-warnings",
                     "was not verified: no Twilio credentials", "pr-check: passed")
