"""The flex-a2p stack program with the real Pulumi CLI against the emulator, through the real twilio client.

Each test deploys a copy of the project's own program (`__main__.py`, `stack_config.py`, `Pulumi.yaml`) with the
dev stack's configuration (`Pulumi.dev.yaml`, its encrypted personal data included: the copy uses the dev stack's
encryption salt and passphrase), pointed at a fresh emulator seeded with the dev account's fixtures (its numbers).
Credentials are stack config, the auth token a Pulumi secret.
"""
from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from pulumi_driver import PROJECT_ROOT, PulumiStack, assert_in_output, combined_output, new_stack
from twilio_emulator.testing import RunningEmulator, compliant_bundles

FIXTURES = PROJECT_ROOT / "twilio_emulator" / "fixtures" / "dev_account.json"
DEV_STACK = PROJECT_ROOT / "Pulumi.dev.yaml"
DEV_PASSPHRASE = "flex-a2p-local-emulator-only"  # the dev stack's, documented in the README
SERVICE = "pulumi-python:dynamic/twilio:MessagingService"
POOL = "pulumi-python:dynamic/twilio:MessagingServiceSenderPool"
BRAND = "pulumi-python:dynamic/twilio:BrandRegistration"
CAMPAIGN = "pulumi-python:dynamic/twilio:A2PCampaign"
NUMBERS = ["+14155550100", "+14155550101"]


def dev_config() -> dict[str, Any]:
    """The dev stack's flex-a2p:* values, so the tests deploy what `scripts/up` deploys. Its personal data is
    encrypted: write it with :func:`dev_stack_file` and run the CLI with :data:`DEV_SECRETS_ENV`."""
    config = yaml.safe_load(DEV_STACK.read_text())["config"]
    return {key: value for key, value in config.items() if key.startswith("flex-a2p:")}


#: The dev stack's passphrase, so a copy of its config (encrypted values included) can be read.
DEV_SECRETS_ENV = {"PULUMI_CONFIG_PASSPHRASE": DEV_PASSPHRASE}


def dev_stack_file(config: dict[str, Any]) -> str:
    """A stack file for `config` under the dev stack's encryption salt, so its encrypted values decrypt."""
    return yaml.safe_dump({"encryptionsalt": yaml.safe_load(DEV_STACK.read_text())["encryptionsalt"], "config": config})


@pytest.fixture
def emulator(emulator_factory: Callable[..., RunningEmulator]) -> RunningEmulator:
    return emulator_factory(review_delay=0, extra_args=("--fixtures", str(FIXTURES)))


def flex_stack(tmp_path: Path, emulator: RunningEmulator, **overrides: Any) -> PulumiStack:
    """A stack of the dev config with `overrides` (flex-a2p keys; None leaves a key out)."""
    config = dev_config()
    for key, value in overrides.items():
        if value is None:
            config.pop(f"flex-a2p:{key}")
        else:
            config[f"flex-a2p:{key}"] = value
    config["twilio:apiBaseUrl"] = emulator.base_url
    config["twilio:accountSid"] = emulator.account_sid
    stack = new_stack(
        tmp_path, PROJECT_ROOT, only=("Pulumi.yaml", "__main__.py", "stack_config.py"),
        stack_config=dev_stack_file(config),
        # No ambient Twilio credentials: the stack's own config must be what reaches the emulator.
        extra_env={"TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "TWILIO_API_KEY": "", "TWILIO_API_SECRET": "",
                   **DEV_SECRETS_ENV},
    )
    stack.set_config("twilio:authToken", emulator.auth_token, secret=True)
    return stack


def set_flex_config(stack: PulumiStack, key: str, value: Any) -> None:
    stack.set_config_object(f"flex-a2p:{key}", value)


def only(resources: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(resources) == 1, resources
    return resources[0]


def test_up_is_idempotent_and_exports_the_documented_outputs(tmp_path: Path, emulator: RunningEmulator) -> None:
    stack = flex_stack(tmp_path, emulator)
    up = stack.up()
    assert_in_output(up, "+ 8 created")  # one sender pool for the two numbers
    outputs = stack.outputs()
    client = emulator.client()

    [service] = client.messaging.v1.services.list()
    assert outputs["messagingServiceSid"] == service.sid
    assert service.use_inbound_webhook_on_number is True, "Flex orchestration must not be overridden"
    senders = {n.phone_number: n.sid for n in client.messaging.v1.services(service.sid).phone_numbers.list()}
    assert outputs["phoneNumberSids"] == senders and sorted(senders) == NUMBERS
    assert outputs["brandRegistrationSid"].startswith("BN")
    assert outputs["campaignSid"] == client.messaging.v1.services(service.sid).us_app_to_person.list()[0].sid
    # the dev stack waits for each review: the brand is approved, the campaign verified, nothing asked of the user
    assert outputs["campaignStatus"] == "VERIFIED"
    assert outputs["brandStatus"] == "APPROVED" and outputs.get("brandStatusDetail") is None
    live = client.messaging.v1.services(service.sid).us_app_to_person.list()[0].sid
    campaign = client.messaging.v1.services(service.sid).us_app_to_person(live).fetch()
    assert (campaign.privacy_policy_url, campaign.terms_and_conditions_url) == (
        "https://example.com/privacy", "https://example.com/terms")  # the dev stack registers both URLs

    stack.preview("--expect-no-changes")
    stack.up("--expect-no-changes")


def test_with_nothing_changed_preview_and_up_make_no_twilio_call(tmp_path: Path, emulator: RunningEmulator) -> None:
    stack = flex_stack(tmp_path, emulator)
    stack.up()
    routing = stack.outputs()["inboundRouting"]
    digest = stack.outputs()["configDigest"]

    for command in (("preview", "--expect-no-changes"), ("up", "--yes", "--expect-no-changes")):
        emulator.clear_requests()
        result = stack.run(*command)
        assert emulator.requests() == [], command
        assert_in_output(result, "Twilio not read")
    assert stack.outputs()["inboundRouting"] == routing and stack.outputs()["configDigest"] == digest
    assert "StackReference" not in json.dumps(stack.export()), "the program reads its checkpoint, declares no reference"

    # A refresh reads Twilio; the next run judges it (reads only), then nothing again.
    stack.refresh()
    for expected_reads in (True, False):
        emulator.clear_requests()
        stack.preview("--expect-no-changes")
        assert bool(emulator.requests()) is expected_reads
        assert {r["method"] for r in emulator.requests()} <= {"GET"}
        if expected_reads:
            stack.up("--expect-no-changes")

    # A secret set again (same value, new ciphertext) counts as a change: the checks run again, read-only.
    key = "flex-a2p:trustHub.customerProfile.businessInformation.businessRegistrationNumber"
    value = stack.run("config", "get", "--path", key).stdout.strip()
    stack.run("config", "set", "--path", "--secret", key, value)
    emulator.clear_requests()
    stack.preview("--expect-no-changes")
    assert emulator.requests() and {r["method"] for r in emulator.requests()} == {"GET"}


def test_in_place_update_keeps_the_sid_and_a_replacing_change_says_so(
    tmp_path: Path, emulator: RunningEmulator
) -> None:
    stack = flex_stack(tmp_path, emulator)
    stack.up()
    service_sid = stack.outputs()["messagingServiceSid"]
    campaign_sid = stack.outputs()["campaignSid"]

    service = dict(dev_config()["flex-a2p:messagingService"], friendlyName="Flex contact center (renamed)",
                   stickySender=False)
    set_flex_config(stack, "messagingService", service)
    update = stack.up()
    assert_in_output(update, "~ 1 updated")
    assert stack.outputs()["messagingServiceSid"] == service_sid
    fetched = emulator.client().messaging.v1.services(service_sid).fetch()
    assert (fetched.friendly_name, fetched.sticky_sender) == ("Flex contact center (renamed)", False)

    campaign = dict(dev_config()["flex-a2p:campaign"], usecase="ACCOUNT_NOTIFICATION")
    set_flex_config(stack, "campaign", campaign)
    preview = stack.preview("--diff")
    assert_in_output(preview, "+-pulumi-python:dynamic/twilio:A2PCampaign", "us_app_to_person_usecase", "replace")
    assert stack.outputs()["campaignSid"] == campaign_sid, "preview changes nothing"
    assert len(emulator.client().messaging.v1.services(service_sid).us_app_to_person.list()) == 1


def test_refresh_finds_an_out_of_band_change_and_up_restores_it(tmp_path: Path, emulator: RunningEmulator) -> None:
    stack = flex_stack(tmp_path, emulator)
    stack.up()
    service_sid = stack.outputs()["messagingServiceSid"]

    # Someone unticks "Defer to sender's webhook" in the Console: Flex stops receiving inbound messages.
    emulator.client().messaging.v1.services(service_sid).update(use_inbound_webhook_on_number=False)
    refresh = stack.refresh()
    assert_in_output(refresh, "~ 1 updated")
    assert only(stack.resources_of_type(SERVICE))["outputs"]["use_inbound_webhook_on_number"] is False

    preview = stack.preview("--diff")
    assert_in_output(preview, "use_inbound_webhook_on_number")
    stack.up()
    assert emulator.client().messaging.v1.services(service_sid).fetch().use_inbound_webhook_on_number is True
    stack.preview("--expect-no-changes")


def test_a_number_removed_out_of_band_shows_on_refresh_and_is_added_back_by_up(
    tmp_path: Path, emulator: RunningEmulator
) -> None:
    stack = flex_stack(tmp_path, emulator)
    stack.up()
    service_sid = stack.outputs()["messagingServiceSid"]
    removed_sid = stack.outputs()["phoneNumberSids"][NUMBERS[0]]
    client = emulator.client()

    client.messaging.v1.services(service_sid).phone_numbers(removed_sid).delete()
    refresh = stack.refresh()
    assert_in_output(refresh, "~ 1 updated")
    assert only(stack.resources_of_type(POOL))["outputs"]["phone_numbers"] == [NUMBERS[1]]
    # the plan names the number it adds back (the pool's list input, diffed item by item)
    assert_in_output(stack.preview("--diff"), "phone_numbers", NUMBERS[0])

    emulator.clear_requests()
    up = stack.up()
    assert_in_output(up, "~ 1 updated")
    adds = [r for r in emulator.requests() if r["method"] == "POST" and r["path"].endswith("/PhoneNumbers")]
    assert len(adds) == 1, "only the missing number is added"
    senders = sorted(n.phone_number for n in client.messaging.v1.services(service_sid).phone_numbers.list())
    assert senders == NUMBERS


def test_destroy_leaves_no_service_or_association_and_only_forgets_the_brand(
    tmp_path: Path, emulator: RunningEmulator
) -> None:
    stack = flex_stack(tmp_path, emulator)
    stack.up()
    brand_sid = stack.outputs()["brandRegistrationSid"]
    client = emulator.client()

    destroy = stack.destroy()
    assert_in_output(destroy, f"Brand Registration {brand_sid} is only forgotten")
    assert stack.resources() == []
    assert client.messaging.v1.services.list() == []
    # The numbers stay bought (they were never the stack's), in no service; the brand cannot be deleted.
    assert sorted(n.phone_number for n in client.api.v2010.account.incoming_phone_numbers.list()) == NUMBERS
    assert client.messaging.v1.brand_registrations(brand_sid).fetch().sid == brand_sid


def test_adopt_sid_brings_console_objects_under_management_without_recreating_them(
    tmp_path: Path, emulator: RunningEmulator
) -> None:
    client = emulator.client()
    profile_sid, product_sid = compliant_bundles(client)
    console_service = client.messaging.v1.services.create(friendly_name="Made in the Console")
    console_brand = client.messaging.v1.brand_registrations.create(
        customer_profile_bundle_sid=profile_sid, a2p_profile_bundle_sid=product_sid)
    service = dict(dev_config()["flex-a2p:messagingService"], adoptSid=console_service.sid)
    stack = flex_stack(tmp_path, emulator, messagingService=service, brand={"adoptSid": console_brand.sid},
                       trustHub=None)
    stack.up()

    assert stack.outputs()["messagingServiceSid"] == console_service.sid
    assert stack.outputs()["brandRegistrationSid"] == console_brand.sid
    assert [s.sid for s in client.messaging.v1.services.list()] == [console_service.sid]
    assert [b.sid for b in client.messaging.v1.brand_registrations.list()] == [console_brand.sid]
    # Adopting applies the stack's settings to the existing service, in place.
    assert client.messaging.v1.services(console_service.sid).fetch().friendly_name == "Flex contact center (dev)"
    stack.preview("--expect-no-changes")


def test_bad_config_names_the_key_and_creates_nothing(tmp_path: Path, emulator: RunningEmulator) -> None:
    stack = flex_stack(tmp_path, emulator, phoneNumbers=["+14155550100", "4155550101"])
    result = stack.up(check=False)
    assert result.returncode != 0
    assert_in_output(result, "flex-a2p:phoneNumbers[1]: must be an E.164 phone number such as +14155551234, got "
                             "'4155550101'")
    assert emulator.client().messaging.v1.services.list() == []


def test_campaign_content_twilio_would_reject_fails_before_anything_is_created(
    tmp_path: Path, emulator: RunningEmulator
) -> None:
    campaign = dict(dev_config()["flex-a2p:campaign"], messageSamples=["only one sample, which is not enough"])
    stack = flex_stack(tmp_path, emulator, campaign=campaign)
    result = stack.up(check=False)
    assert result.returncode != 0
    assert_in_output(result, "flex-a2p:campaign.messageSamples")
    assert emulator.client().messaging.v1.services.list() == []
    assert emulator.client().messaging.v1.brand_registrations.list() == []


def without_policy_urls(campaign: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in campaign.items() if k not in ("privacyPolicyUrl", "termsAndConditionsUrl")}


def twilio_writes(emulator: RunningEmulator) -> list[dict[str, Any]]:
    return [r for r in emulator.requests() if r["method"] in ("POST", "DELETE")]


def test_a_new_campaign_without_policy_urls_stops_before_any_twilio_write(
    tmp_path: Path, emulator: RunningEmulator
) -> None:
    stack = flex_stack(tmp_path, emulator, campaign=without_policy_urls(dev_config()["flex-a2p:campaign"]))
    for result in (stack.preview(check=False), stack.up(check=False)):  # up skips the preview
        assert result.returncode != 0
        assert_in_output(result, "flex-a2p:campaign.privacyPolicyUrl: privacyPolicyUrl is required for a new "
                                 "registration", "Twilio error 30933",
                         "flex-a2p:campaign.termsAndConditionsUrl", "Twilio error 30934")
        assert "Traceback" not in combined_output(result)
    assert twilio_writes(emulator) == []
    assert [r["type"] for r in stack.resources() if r["type"].startswith("pulumi-python:")] == []


def test_an_existing_campaign_without_policy_urls_keeps_working_until_it_is_registered_again(
    tmp_path: Path, emulator: RunningEmulator
) -> None:
    stack = flex_stack(tmp_path, emulator)
    stack.up()
    old = without_policy_urls(dev_config()["flex-a2p:campaign"])
    set_flex_config(stack, "campaign", old)
    emulator.clear_requests()

    preview = stack.preview("--expect-no-changes")
    assert_in_output(preview, "keeps working without privacy_policy_url (Twilio error 30933)", "30934")
    stack.up("--expect-no-changes")
    assert twilio_writes(emulator) == []

    set_flex_config(stack, "campaign", dict(old, usecase="ACCOUNT_NOTIFICATION"))  # re-registers: a new campaign
    for result in (stack.preview(check=False), stack.up(check=False)):
        assert result.returncode != 0
        assert_in_output(result, "privacy_policy_url is required for a new registration", "Twilio error 30933")
    assert twilio_writes(emulator) == []


def test_a_brand_waiting_for_its_2fa_email_or_failing_it_says_what_to_do_on_refresh_preview_and_up(
    tmp_path: Path, emulator: RunningEmulator
) -> None:
    stack = flex_stack(tmp_path, emulator, campaign=None)
    stack.up()
    brand_sid = stack.outputs()["brandRegistrationSid"]
    emulator.review(brand_sid, "awaiting_2fa")  # a public company's brand: its contact must answer the 2FA email

    waiting = "waiting for the brand contact to complete the Authentication+ 2FA email"
    assert_in_output(stack.refresh(), f"Brand Registration {brand_sid}: {waiting}", "Twilio error 30994")
    up = stack.up("--expect-no-changes")
    assert_in_output(up, waiting)
    outputs = stack.outputs()
    assert outputs["brandStatus"] == "PENDING" and outputs["brandStatusDetail"].startswith(waiting)

    emulator.review(brand_sid, "failed", error_code=21738)
    refresh = stack.refresh()
    assert_in_output(refresh, "Authentication+ failed (Twilio error 21738: 2FA Email Undeliverable)",
                     "correct the brand contact email", f"/v1/a2p/BrandRegistrations/{brand_sid}/2fa")
    preview = stack.preview("--diff")
    assert_in_output(preview, "Twilio error 21738", "~ 1 to update")  # and `up` would resubmit it


def test_example_project_reads_the_outputs_through_stack_reference(tmp_path: Path, emulator: RunningEmulator) -> None:
    stack = flex_stack(tmp_path, emulator)
    stack.up()
    consumer = new_stack(
        tmp_path, PROJECT_ROOT / "examples" / "stack-reference", name="consumer", backend_dir=stack.backend_dir
    )
    consumer.set_config("flexA2pStack", f"organization/flex-a2p/{stack.name}")
    consumer.up()
    outputs = consumer.outputs()
    assert outputs["messagingServiceSid"] == stack.outputs()["messagingServiceSid"]
    assert outputs["senderCount"] == len(NUMBERS)
    assert outputs["campaignStatus"] == stack.outputs()["campaignStatus"]
    assert outputs.get("brandStatusDetail") == stack.outputs().get("brandStatusDetail")
    assert outputs["numbersNotReachingFlex"] == []  # the dev account routes both numbers to Flex


def test_the_auth_token_is_never_in_plain_text(tmp_path: Path, emulator: RunningEmulator) -> None:
    token = emulator.auth_token
    stack = flex_stack(tmp_path, emulator)
    up = stack.up("--logtostderr", "-v=9")
    assert token not in combined_output(up), "up output and engine logs"

    exported = stack.run("stack", "export").stdout
    assert token not in exported, "stack export"
    config_file = (stack.program_dir / f"Pulumi.{stack.name}.yaml").read_text()
    assert token not in config_file and "secure:" in config_file

    # The serialized providers: decrypt the state and decode every pickled __provider.
    plain_state = json.loads(stack.run("stack", "export", "--show-secrets").stdout)
    pickles = [
        r[section]["__provider"]
        for r in plain_state["deployment"]["resources"]
        for section in ("inputs", "outputs")
        if "__provider" in r.get(section, {})
    ]
    assert pickles, "dynamic resources carry their pickled provider"
    for pickled in pickles:
        value = pickled["plaintext"] if isinstance(pickled, dict) else pickled
        decoded = base64.b64decode(json.loads(value) if value.startswith('"') else value)
        assert token.encode() not in decoded

    # A Twilio error (a wrong token) names the code, never the token tried.
    wrong = "wrong-token-0123456789abcdef"
    stack.set_config("twilio:authToken", wrong, secret=True)
    set_flex_config(stack, "messagingService", dict(dev_config()["flex-a2p:messagingService"], stickySender=False))
    failed = stack.up(check=False)
    assert failed.returncode != 0
    assert_in_output(failed, "20003")
    assert wrong not in combined_output(failed) and token not in combined_output(failed)
