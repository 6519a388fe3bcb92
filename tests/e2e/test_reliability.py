"""Issue 16 through the real CLI: no duplicate after a lost answer or a killed CLI, the documented recovery, and
bad configuration refused at preview. Small versions of bench/chaos.py and bench/config_sweep.py, which run the
large scenarios and the whole sweep."""
from __future__ import annotations

import time
from pathlib import Path

import yaml

from bench.chaos import after, deployment, fault_taken, kill_when
from bench.config_sweep import cases, run_cli
from pulumi_driver import assert_in_output, combined_output


def test_a_killed_up_during_the_service_and_brand_creates_recovers_with_no_duplicate(tmp_path: Path) -> None:
    """SIGKILL while the service create is in flight (it takes effect after the kill) and the brand create was
    processed but not answered, then the README's recovery: cancel, up, refresh --clear-pending-creates."""
    with deployment(tmp_path, 3) as d:
        d.emulator.add_fault(method="POST", path="/v1/Services", count=1, delay_seconds=5)
        d.emulator.add_fault(method="POST", path="/v1/a2p/BrandRegistrations", count=1, answer_delay_seconds=5)
        kill_when(d, after(0.5, fault_taken))
        time.sleep(6)  # the delayed create lands after the CLI is gone
        killed = d.counts()
        assert (killed.services, killed.brands, killed.pending) == (1, 1, 2), killed
        assert killed.orphans == 2, "what the interrupted creates made is in Twilio, not in state"

        assert d.stack.run("up", "--yes", check=False).returncode != 0  # the dead update's lock
        d.stack.run("cancel", "--yes")
        recovered = d.stack.up()
        assert_in_output(recovered, "an interrupted update was creating the Messaging Service named",
                         "an interrupted update was creating the brand for these bundles",
                         "so this update adopts it instead of creating another",
                         "once it has succeeded, drop them with `pulumi refresh --clear-pending-creates --yes`")
        counts = d.counts()
        assert (counts.duplicates, counts.orphans, counts.complete) == (0, 0, True), counts
        assert counts.pending == 2, "the engine keeps its records through up"

        d.stack.refresh("--clear-pending-creates")
        assert d.counts().clean()
        d.stack.preview("--expect-no-changes")
        assert "interrupted update" not in combined_output(d.stack.preview())


def test_creates_answered_12s_late_with_a_2s_request_timeout_make_one_service_and_one_brand(tmp_path: Path) -> None:
    """Issue 16's first finding: Twilio processes the create 12 s after it is sent; the client gave up after 2 s."""
    with deployment(tmp_path, 2, {"requestTimeout": 2}) as d:
        d.emulator.add_fault(method="POST", path="/v1/Services", count=1, delay_seconds=12)
        d.emulator.add_fault(method="POST", path="/v1/a2p/BrandRegistrations", count=1, delay_seconds=12)
        result = d.stack.up()
        assert_in_output(result, "but the request had been processed")
        assert d.counts().clean(), d.counts()
        assert len([r for r in d.emulator.requests() if r["method"] == "POST" and r["path"] == "/v1/Services"]) == 1


def test_a_sample_of_the_sweep_fails_at_preview_through_the_cli(tmp_path: Path) -> None:
    wanted = ("flex-a2p:campaigns", "twilio:apiBaseUrl: a query", "twilio:maxRetries: not a number",
              "twilio:requestTimeout: below the range", "twilio: a number not on the account",
              "twilio: brand.sid does not exist", "twilio: a service of the same name not managed by the stack",
              "twilio: a full sender pool", "messagingService.friendlyName: a control character",
              "stack file: a malformed secure value", "stack file: a value too large for the environment",
              "twilio: customer profile bundle does not exist", "twilio: messagingService.adoptSid does not exist")
    selected = [c for c in cases() if any(c.name.startswith(w) or c.name == f"top level: {w}" for w in wanted)]
    assert len(selected) == len(wanted), [c.name for c in selected]
    summary = run_cli(selected, tmp_path)
    assert [o for o in summary.outcomes if not o.ok()] == []
    assert summary.writes == 0
    assert {o.caught_by for o in summary.outcomes} == {"preview", "stack file check"}


def test_a_refusal_during_up_is_one_clean_line_naming_the_resource_and_twilios_code(tmp_path: Path) -> None:
    """What the read-only checks cannot foresee (here Twilio refusing a number with 21714 at the last moment)."""
    with deployment(tmp_path, 2) as d:
        d.emulator.add_fault(method="POST", path="/v1/Services/*/PhoneNumbers", count=1, status=400, code=21714)
        result = d.stack.up(check=False)
        output = combined_output(result)
        assert result.returncode != 0
        assert_in_output(result, "MessagingServicePhoneNumber (flex-number-", "error: flex-a2p: add phone number +1415555",
                         "Twilio error 21714 (HTTP 400)")
        assert "Traceback" not in output and "Task was destroyed" not in output


def test_numbers_set_with_config_set_path_are_accepted_at_preview(tmp_path: Path) -> None:
    """`pulumi config set --path 'flex-a2p:phoneNumbers[0]' +14155550100` stores the number 14155550100."""
    with deployment(tmp_path, 2) as d:
        path = d.stack.program_dir / f"Pulumi.{d.stack.name}.yaml"
        document = yaml.safe_load(path.read_text())
        del document["config"]["flex-a2p:phoneNumbers"]
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        d.stack.run("config", "set", "--path", "flex-a2p:phoneNumbers[0]", "+14155551000")
        d.stack.run("config", "set", "--path", "flex-a2p:phoneNumbers[1]", "+14155551001")
        d.stack.run("config", "set", "--path", "flex-a2p:messagingService.stickySender", "false")
        assert "- 14155551000" in path.read_text(), "the CLI stores a number"
        preview = d.stack.preview()
        assert_in_output(preview, "flex-number-14155551000 create", "flex-number-14155551001 create")


def test_a_preview_without_credentials_skips_the_twilio_checks_with_a_notice(tmp_path: Path) -> None:
    with deployment(tmp_path, 1) as d:
        d.stack.extra_env.update(TWILIO_ACCOUNT_SID="", TWILIO_AUTH_TOKEN="")
        preview = d.stack.preview()
        assert_in_output(preview, "no Twilio credentials", "the read-only Twilio checks are skipped")
        assert d.emulator.requests() == []
