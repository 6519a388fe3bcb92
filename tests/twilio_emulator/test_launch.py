"""`python -m twilio_emulator.launch`: the one launcher of scripts/up, scripts/pr-check and the tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from twilio_emulator import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN

LAUNCH = [sys.executable, "-m", "twilio_emulator.launch"]
# The command under the launcher: report the environment it got, and whether the emulator answers with it.
REPORT = """
import base64, json, os, sys, urllib.request
env = {k: v for k, v in os.environ.items() if k.startswith("TWILIO_")}
request = urllib.request.Request(env["TWILIO_API_BASE_URL"] + "/v1/Services")
token = base64.b64encode(f"{env['TWILIO_ACCOUNT_SID']}:{env['TWILIO_AUTH_TOKEN']}".encode()).decode()
request.add_header("Authorization", "Basic " + token)
with urllib.request.urlopen(request, timeout=10) as response:
    env["status"] = response.status
print(json.dumps(env))
sys.exit(int(sys.argv[1]))
"""


def launch(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LAUNCH, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def report(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    return json.loads(result.stdout.strip().splitlines()[-1])


def listening(base_url: str) -> bool:
    host, port = base_url.removeprefix("http://").rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
        return True
    except OSError:
        return False


def test_the_command_gets_the_dev_account_and_its_exit_status_is_kept() -> None:
    result = launch("--port", "0", "--", sys.executable, "-c", REPORT, "3",
                    env={"TWILIO_API_KEY": "SK" + "1" * 32, "TWILIO_API_SECRET": "a real account's secret"})
    assert result.returncode == 3, result.stderr
    env = report(result)
    assert env["status"] == 200
    assert env["TWILIO_ACCOUNT_SID"] == DEFAULT_ACCOUNT_SID and env["TWILIO_AUTH_TOKEN"] == DEFAULT_AUTH_TOKEN
    assert env["TWILIO_API_BASE_URL"].startswith("http://127.0.0.1:")
    assert "TWILIO_API_KEY" not in env and "TWILIO_API_SECRET" not in env  # never sent to the emulator
    assert f"emulator listening on {env['TWILIO_API_BASE_URL']}" in result.stderr
    assert not listening(env["TWILIO_API_BASE_URL"])  # stopped with the command


def test_custom_account_and_api_key_reach_the_command(tmp_path: Path) -> None:
    account, key = "AC" + "ab" * 16, "SK" + "cd" * 16
    log = tmp_path / "emulator.log"
    result = launch("--log-file", str(log), "--port", "0", "--account-sid", account, "--api-key", key, "--",
                    sys.executable, "-c", REPORT, "0",
                    env={"TWILIO_EMULATOR_AUTH_TOKEN": "custom-token", "TWILIO_EMULATOR_API_SECRET": "key-secret"})
    assert result.returncode == 0, result.stderr
    env = report(result)
    assert (env["TWILIO_ACCOUNT_SID"], env["TWILIO_AUTH_TOKEN"]) == (account, "custom-token")
    assert (env["TWILIO_API_KEY"], env["TWILIO_API_SECRET"]) == (key, "key-secret")
    lines = log.read_text().splitlines()
    assert lines[0] == "listening on " + env["TWILIO_API_BASE_URL"]
    assert "custom-token" not in log.read_text() and "custom-token" not in result.stderr


def test_an_emulator_that_does_not_start_is_exit_125_and_the_command_does_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    touch = [sys.executable, "-c", f"open({str(marker)!r}, 'w')"]
    assert launch("--port", "0", "--latency-ms", "-5", "--", *touch).returncode == 125
    assert launch("--port", "0", "--review-delay", "soon", "--", *touch).returncode == 125
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        log = tmp_path / "emulator.log"
        result = launch("--log-file", str(log), "--port", port, "--", *touch)
    assert result.returncode == 125
    assert "emulator did not start" in result.stderr and "Address already in use" in result.stderr
    assert not marker.exists()


def test_usage_errors_and_missing_commands() -> None:
    assert launch("--port", "0").returncode == 125  # no command
    assert launch("--port", "0", "--").returncode == 125
    assert launch("--port", "0", "--", "no-such-command-flex-a2p").returncode == 127


def test_sigterm_reaches_the_command_and_the_emulator_stops(tmp_path: Path) -> None:
    ready = tmp_path / "url"
    wait = ("import os, signal, sys, time\n"
            f"open({str(ready)!r}, 'w').write(os.environ['TWILIO_API_BASE_URL'])\n"
            "signal.signal(signal.SIGTERM, lambda *a: sys.exit(7))\n"
            "time.sleep(60)\n")
    process = subprocess.Popen([*LAUNCH, "--port", "0", "--", sys.executable, "-c", wait],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not (ready.exists() and ready.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    base_url = ready.read_text()
    assert listening(base_url)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 7  # the command handled it and its status came through
    assert not listening(base_url)


def test_ctrl_c_ends_the_command_and_then_the_emulator(tmp_path: Path) -> None:
    """A terminal's Ctrl-C goes to the whole foreground process group: the command and the launcher, not the
    emulator, which runs in its own session and is stopped after the command."""
    ready = tmp_path / "url"
    command = ["sh", "-c", f"echo $TWILIO_API_BASE_URL > {ready}; exec sleep 60"]
    process = subprocess.Popen([*LAUNCH, "--port", "0", "--", *command], start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not (ready.exists() and ready.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.1)
    base_url = ready.read_text().strip()
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=30) == 128 + signal.SIGINT
    assert not listening(base_url)
