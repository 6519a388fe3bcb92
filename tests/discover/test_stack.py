"""Writing discovered values through the real Pulumi CLI: each keeps its type, secrets are encrypted by Pulumi and
reach the CLI on its standard input, lists are built in order."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from discover.stack import PulumiStack, StackError
from discover.values import Leaf
from pulumi_driver import PROJECT_ROOT, new_stack

SECRET = "alex@acme.example.com"


def test_values_keep_their_types_and_secrets_are_encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    driver = new_stack(tmp_path, PROJECT_ROOT, only=("Pulumi.yaml",), init=False)
    stack = PulumiStack(driver.program_dir, "prod", driver.env)
    assert not stack.exists()
    stack.create("passphrase")
    assert stack.exists() and not (driver.program_dir / ".pulumi").exists()
    seen: list[list[str]] = []
    real_run = PulumiStack._run

    def spy(self: PulumiStack, args: list[str], **kwargs: object) -> str:
        seen.append(list(args))
        return real_run(self, args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PulumiStack, "_run", spy)
    stack.write([
        Leaf("flex-a2p:x.postalCode", "94105"), Leaf("flex-a2p:x.mock", True), Leaf("flex-a2p:x.period", 600),
        Leaf("flex-a2p:x.flow", "line one\nline two = more"), Leaf("flex-a2p:x.keywords[0]", "STOP"),
        Leaf("flex-a2p:x.keywords[1]", "007"), Leaf("flex-a2p:x.keywords[2]", "QUIT"),
        Leaf("flex-a2p:x.people[0].email", SECRET, secret=True), Leaf("flex-a2p:x.people[0].name", "Alex"),
        Leaf("twilio:accountSid", "AC" + "0" * 32)])
    text = stack.file.read_text()
    assert SECRET not in text and not any(SECRET in " ".join(args) for args in seen), "never in plain text"
    assert len(seen) == 6  # three runs of plain values at once, the string that looks like a number, the secret
    config = yaml.safe_load(text)["config"]
    assert config["flex-a2p:x"]["postalCode"] == "94105" and config["flex-a2p:x"]["mock"] is True
    assert config["flex-a2p:x"]["period"] == 600 and config["flex-a2p:x"]["flow"] == "line one\nline two = more"
    assert config["flex-a2p:x"]["keywords"] == ["STOP", "007", "QUIT"]
    assert set(config["flex-a2p:x"]["people"][0]["email"]) == {"secure"}
    assert stack.config()["flex-a2p:x"]["people"][0] == {"email": SECRET, "name": "Alex"}


def test_a_cli_failure_names_the_command_and_the_stack(tmp_path: Path) -> None:
    driver = new_stack(tmp_path, PROJECT_ROOT, only=("Pulumi.yaml",), init=False)
    with pytest.raises(StackError, match="`pulumi config --json --show-secrets` for stack nope failed: error: no stack named .nope."):
        PulumiStack(driver.program_dir, "nope", driver.env).config()
    with pytest.raises(StackError, match="no `pulumi` CLI on PATH"):
        PulumiStack(driver.program_dir, "nope", {"PATH": str(tmp_path)})
