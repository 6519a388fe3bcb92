"""`python -m discover` end to end: an account built by hand through the Twilio API (the emulator, the real twilio
client), discovered read-only into a real stack's config through the real Pulumi CLI, then previewed and adopted by
`pulumi up` with the policy pack, counting Twilio writes in the emulator's request log."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
import yaml

from pulumi_driver import PROJECT_ROOT, PulumiStack, assert_in_output, combined_output, new_stack
from tests.components.campaign_samples import COMPLIANT_CAMPAIGN
from tests.discover.account import ELSEWHERE, NUMBERS, PERSONAL, build_account
from twilio_emulator.testing import RunningEmulator

POLICIES = str(PROJECT_ROOT / "policies")


def discover_stack(tmp_path: Path, emulator: RunningEmulator, *, init: bool = True) -> PulumiStack:
    """A copy of the program with a stack whose config holds only the emulator's credentials (the auth token a
    secret), as a team's new stack would; no ambient Twilio credentials."""
    stack = new_stack(tmp_path, PROJECT_ROOT, only=("Pulumi.yaml", "__main__.py", "stack_config.py"), init=init,
                      extra_env={"TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "TWILIO_API_KEY": "",
                                 "TWILIO_API_SECRET": "", "TWILIO_API_BASE_URL": ""})
    if init:
        stack.set_config("twilio:apiBaseUrl", emulator.base_url)
        stack.set_config("twilio:accountSid", emulator.account_sid)
        stack.set_config("twilio:authToken", emulator.auth_token, secret=True)
    return stack


def discover(stack: PulumiStack, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command, as scripts/discover runs it, on the stack's program copy and backend."""
    return subprocess.run([sys.executable, "-m", "discover", "--stack", stack.name, "--project",
                           str(stack.program_dir), *args], cwd=PROJECT_ROOT, env={**stack.env, **(env or {})},
                          capture_output=True, text=True, timeout=300)


def writes(emulator: RunningEmulator) -> list[tuple[str, str]]:
    return [(r["method"], r["path"]) for r in emulator.requests() if r["method"] != "GET"]


def stack_file(stack: PulumiStack) -> str:
    return (stack.program_dir / f"Pulumi.{stack.name}.yaml").read_text()


@pytest.fixture
def fresh(emulator_factory: Callable[..., RunningEmulator]) -> RunningEmulator:
    return emulator_factory(review_delay=0)


def test_a_hand_built_account_is_discovered_adopted_with_no_write_then_changed_in_place(
        tmp_path: Path, fresh: RunningEmulator) -> None:
    account = build_account(fresh)
    stack = discover_stack(tmp_path, fresh)
    fresh.clear_requests()

    found = discover(stack, "--service", account.service)
    assert found.returncode == 0, combined_output(found)
    assert {r["method"] for r in fresh.requests()} == {"GET"}, "discovery only reads"
    out = found.stdout
    for sid in (account.service, account.brand, account.campaign, *account.bundles, *account.addresses):
        assert sid in out
    assert_in_output(found, f"number {ELSEWHERE}", f"in Messaging Service {account.marketing} ('Marketing')",
                     "reported, not moved", "nothing the stack program or the policy pack would refuse",
                     "3 of them encrypted by Pulumi")
    text = stack_file(stack)
    assert not [p for p in PERSONAL if p in text or p in combined_output(found)], "personal data in plain text"
    written = stack.program_dir / f"Pulumi.{stack.name}.yaml"
    schema = subprocess.run([sys.executable, "-m", "stack_config", str(written)], cwd=PROJECT_ROOT, env=stack.env,
                            capture_output=True, text=True)
    assert schema.returncode == 0, combined_output(schema)  # every key written is one the schema knows
    config = yaml.safe_load(text)["config"]
    assert config["flex-a2p:messagingService"]["adoptSid"] == account.service
    assert config["flex-a2p:messagingService"]["stickySender"] is True
    assert config["flex-a2p:phoneNumbers"] == NUMBERS, "the other service's number is not moved"
    assert config["flex-a2p:brand"] == {"adoptSid": account.brand, "brandType": "STANDARD", "mock": True,
                                        "skipAutomaticSecVet": False}  # its bundles come from trustHub
    hub = config["flex-a2p:trustHub"]
    assert (hub["customerProfile"]["adoptSid"], hub["a2pProfile"]["adoptSid"]) == account.bundles
    assert set(hub["customerProfile"]["authorizedRepresentatives"][0]["email"]) == {"secure"}
    assert hub["customerProfile"]["address"]["postalCode"] == "94105"  # a string, as Twilio has it
    campaign = config["flex-a2p:campaign"]
    assert campaign["adoptSid"] == account.campaign and campaign["usecase"] == "CUSTOMER_CARE"
    assert campaign["messageSamples"] == COMPLIANT_CAMPAIGN["message_samples"]
    assert campaign["privacyPolicyUrl"] == COMPLIANT_CAMPAIGN["privacy_policy_url"]  # read with the API version
    assert config["flex-a2p:flexInbound"] == {"mode": "conversations", "studioFlowSid": account.flow,
                                              "studioRetryCount": 3}

    fresh.clear_requests()
    preview = stack.preview("--policy-pack", POLICIES, "--diff")
    assert_in_output(preview, "+ 9 to create")  # each an adoption (one for the 3 addresses): nothing else
    assert not [w for w in ("to update", "to replace", "to delete") if w in preview.stdout]
    up = stack.up("--policy-pack", POLICIES)
    assert_in_output(up, "+ 9 created")
    assert writes(fresh) == [], "adopting writes nothing to Twilio"
    stack.preview("--expect-no-changes", "--policy-pack", POLICIES)

    client = fresh.client()
    assert stack.outputs()["messagingServiceSid"] == account.service
    assert {s.sid for s in client.messaging.v1.services.list()} == {account.service, account.marketing}
    assert [c.sid for c in client.messaging.v1.services(account.service).us_app_to_person.list()] == [account.campaign]
    assert [b.sid for b in client.messaging.v1.brand_registrations.list()] == [account.brand]
    assert {a.sid for a in client.conversations.v1.address_configurations.list()} == set(account.addresses)

    fresh.clear_requests()
    stack.run("config", "set", "--path", "flex-a2p:messagingService.stickySender", "false")
    changed = stack.up("--policy-pack", POLICIES)
    assert_in_output(changed, "~ 1 updated")
    assert writes(fresh) == [("POST", f"/v1/Services/{account.service}")]
    assert client.messaging.v1.services(account.service).fetch().sticky_sender is False
    assert stack.outputs()["campaignSid"] == account.campaign
    exported = str(stack.export())
    assert not [p for p in PERSONAL if p in exported], "personal data in plain text in state"


def test_a_service_that_does_not_defer_is_reported_and_blocked_by_the_policy_until_fixed(
        tmp_path: Path, fresh: RunningEmulator) -> None:
    older = {k: v for k, v in COMPLIANT_CAMPAIGN.items() if not k.endswith("_url")}  # registered before 2026-06-30
    account = build_account(fresh, defers=False, campaign=older)
    stack = discover_stack(tmp_path, fresh)
    fresh.clear_requests()
    found = discover(stack, "--service", account.service)
    assert found.returncode == 1, combined_output(found)
    fix = (f"pulumi config set --stack {stack.name} --path 'flex-a2p:messagingService.useInboundWebhookOnNumber' "
           "true")
    assert_in_output(found, "does NOT defer", "[BLOCKS] policy messaging-service-uses-number-webhook",
                     "[BLOCKS] policy flex-numbers-reach-flex", fix,
                     "[advice] A2P campaign: the campaign has no flex-a2p:campaign.privacyPolicyUrl (Twilio error "
                     "30933) and flex-a2p:campaign.termsAndConditionsUrl (Twilio error 30934): it keeps working")
    config = yaml.safe_load(stack_file(stack))["config"]
    assert config["flex-a2p:messagingService"]["useInboundWebhookOnNumber"] is False  # as Twilio has it
    assert "privacyPolicyUrl" not in config["flex-a2p:campaign"]

    blocked = stack.preview("--policy-pack", POLICIES, check=False)
    assert blocked.returncode != 0
    assert_in_output(blocked, "messaging-service-uses-number-webhook", "mandatory")
    assert writes(fresh) == []

    stack.run("config", "set", "--path", "flex-a2p:messagingService.useInboundWebhookOnNumber", "true")  # the fix
    stack.up("--policy-pack", POLICIES)
    assert writes(fresh) == [("POST", f"/v1/Services/{account.service}")], "only the defer setting is written"
    assert fresh.client().messaging.v1.services(account.service).fetch().use_inbound_webhook_on_number is True
    assert stack.outputs()["campaignSid"] == account.campaign, "the campaign is adopted, not registered again"
    stack.preview("--expect-no-changes", "--policy-pack", POLICIES)


def test_several_services_are_listed_and_nothing_is_written_until_one_is_picked(
        tmp_path: Path, fresh: RunningEmulator) -> None:
    account = build_account(fresh)
    stack = discover_stack(tmp_path, fresh, init=False)
    fresh.clear_requests()
    env = {"TWILIO_ACCOUNT_SID": fresh.account_sid, "TWILIO_AUTH_TOKEN": fresh.auth_token,
           "TWILIO_API_BASE_URL": fresh.base_url}
    listed = discover(stack, env=env)
    assert listed.returncode == 2
    assert_in_output(listed, "the account has 2 Messaging Services; pick the one this stack manages with --service",
                     account.service, "Support (Console)", account.marketing,
                     "nothing written")
    assert not (stack.program_dir / f"Pulumi.{stack.name}.yaml").exists()
    assert "Traceback" not in combined_output(listed)

    bad = discover(stack, "--service", "MG123", env=env)
    assert bad.returncode == 2 and "--service: 'MG123' is not a Messaging Service SID" in bad.stderr
    missing = discover(stack, "--service", "MG" + "0" * 32, env=env)
    assert missing.returncode == 2 and "--service: the account has no Messaging Service MG000" in missing.stderr

    picked = discover(stack, "--service", account.marketing, env=env)  # a new stack, credentials from the env
    assert picked.returncode == 1, combined_output(picked)  # its number has no route to Flex: reported
    assert_in_output(picked, f"[BLOCKS] policy flex-numbers-reach-flex: Inbound SMS to …0198")
    assert {r["method"] for r in fresh.requests()} == {"GET"}
    config = yaml.safe_load(stack_file(stack))["config"]
    assert config["twilio:accountSid"] == fresh.account_sid and "twilio:authToken" not in config
    assert config["flex-a2p:phoneNumbers"] == [ELSEWHERE]
    assert_in_output(picked, "(stack created)", f"in Messaging Service {account.service} ('Support (Console)')")


def test_values_the_stack_already_has_are_kept_and_what_differs_is_said(tmp_path: Path,
                                                                          fresh: RunningEmulator) -> None:
    account = build_account(fresh)
    stack = discover_stack(tmp_path, fresh)
    stack.run("config", "set", "--path", "flex-a2p:messagingService.friendlyName", "Support (ours)")
    stack.run("config", "set", "--path", "--type", "string", "flex-a2p:phoneNumbers[0]", NUMBERS[1])
    subprocess.run(["pulumi", "config", "set", "--path", "--secret", "--non-interactive", "--stack", stack.name,
                    "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].email"],
                   input="alex.rivera@acme.example.com", text=True, cwd=stack.program_dir, env=stack.env, check=True)
    before = stack_file(stack)

    dry = discover(stack, "--service", account.service, "--dry-run")
    assert dry.returncode == 0, combined_output(dry)
    assert_in_output(dry, "would write", "nothing written")
    assert stack_file(stack) == before

    found = discover(stack, "--service", account.service)
    assert found.returncode == 0, combined_output(found)
    assert_in_output(found, "flex-a2p:messagingService.friendlyName: kept yours 'Support (ours)'; Twilio has "
                            "'Support (Console)'",
                     "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].email: kept yours (encrypted")
    assert "alex.rivera@acme.example.com" not in combined_output(found)
    config = yaml.safe_load(stack_file(stack))["config"]
    assert config["flex-a2p:messagingService"]["friendlyName"] == "Support (ours)"
    assert config["flex-a2p:messagingService"]["adoptSid"] == account.service
    assert config["flex-a2p:phoneNumbers"] == [NUMBERS[1], NUMBERS[0], NUMBERS[2]]  # yours first, none twice
    email = stack.run("config", "get", "--path",
                      "flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].email").stdout.strip()
    assert email == "alex.rivera@acme.example.com"

    again = discover(stack, "--service", account.service)  # a second run finds nothing left to write
    assert again.returncode == 0 and "wrote 0 value(s)" in again.stdout
    other = discover(stack, "--service", account.marketing)
    assert other.returncode == 2
    assert_in_output(other, f"the stack already adopts {account.service} (adoptSid)")
