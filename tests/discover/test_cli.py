"""The command's refusals: each names the flag or key and the rule, writes nothing, and shows no traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from discover.cli import EMULATOR_ONLY_PASSPHRASE, _owned, main
from discover.plan import Plan
from discover.values import Leaf
from pulumi_driver import PROJECT_ROOT, new_stack
from tests.discover.account import ELSEWHERE, build_account
from twilio_emulator.testing import RunningEmulator


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
        **env: str) -> tuple[int, str]:
    driver = new_stack(tmp_path, PROJECT_ROOT, only=("Pulumi.yaml",), init=False)
    environ = {**driver.env, "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "", "TWILIO_API_KEY": "",
               "TWILIO_API_SECRET": "", "TWILIO_API_BASE_URL": "", **env}
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    code = main(["--stack", "prod", "--project", str(driver.program_dir), *args])
    captured = capsys.readouterr()
    assert not (driver.program_dir / "Pulumi.prod.yaml").exists(), "nothing written"
    return code, captured.out + captured.err


def test_missing_credentials_name_the_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run(tmp_path, capsys, monkeypatch)
    assert code == 2 and "Traceback" not in out
    assert "Twilio credentials are incomplete: set twilio:accountSid (or TWILIO_ACCOUNT_SID)" in out
    assert "nothing written" in out


def test_a_real_account_is_never_given_the_published_passphrase(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    token = "f" * 32
    code, out = run(tmp_path, capsys, monkeypatch, TWILIO_ACCOUNT_SID="AC" + "1" * 32, TWILIO_AUTH_TOKEN=token,
                    PULUMI_CONFIG_PASSPHRASE=EMULATOR_ONLY_PASSPHRASE)
    assert code == 2 and "emulator-only passphrase" in out and "PULUMI_CONFIG_PASSPHRASE_FILE" in out
    assert token not in out


def test_a_malformed_flag_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run(tmp_path, capsys, monkeypatch, "--brand", "brand-1", "--dry-run", TWILIO_ACCOUNT_SID="AC" + "1" * 32,
                    TWILIO_AUTH_TOKEN="f" * 32, TWILIO_API_BASE_URL="http://127.0.0.1:9")
    assert code == 2 and "Traceback" not in out
    assert "list Messaging Services failed: could not reach Twilio" in out and "f" * 32 not in out


def test_a_number_the_stack_lists_but_another_service_holds_blocks_up(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        emulator: RunningEmulator) -> None:
    account = build_account(emulator)
    driver = new_stack(tmp_path, PROJECT_ROOT, only=("Pulumi.yaml",), name="prod")
    driver.set_config_object("flex-a2p:phoneNumbers", [ELSEWHERE])
    for name, value in {**driver.env, "TWILIO_ACCOUNT_SID": emulator.account_sid,
                        "TWILIO_AUTH_TOKEN": emulator.auth_token, "TWILIO_API_BASE_URL": emulator.base_url}.items():
        monkeypatch.setenv(name, value)
    code = main(["--stack", "prod", "--project", str(driver.program_dir), "--service", account.service, "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1
    assert (f"[BLOCKS] Twilio: {ELSEWHERE} is in Messaging Service {account.marketing} ('Marketing'), so `up` "
            "cannot add it to this one (Twilio error 21712)") in out
    assert "discovery never moves a number" in out


def test_a_deployed_stack_s_own_objects_are_not_adopted_over() -> None:
    existing = {"flex-a2p:messagingService": {"friendlyName": "made by the stack"}}
    writes = [Leaf("flex-a2p:messagingService.adoptSid", "MG" + "1" * 32),
              Leaf("flex-a2p:messagingService.stickySender", True),
              Leaf("flex-a2p:campaign.adoptSid", "QE" + "1" * 32), Leaf("flex-a2p:campaign.usecase", "MIXED")]
    plan = Plan()
    assert _owned(writes, existing, plan) == {"flex-a2p:messagingService"}
    assert plan.notes == ["flex-a2p:messagingService: the deployed stack made this object itself, so nothing found "
                          "in Twilio is written there (adopting another object would replace it)"]
