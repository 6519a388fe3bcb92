"""Start the emulator as a subprocess for tests, and talk to it.

    with run_emulator(review_delay="manual") as emu:
        client = emu.client()                      # a twilio.rest.Client pointed at the emulator
        emu.review(brand_sid, "approved")          # /_emulator/reviews/{sid}

The process listens on a free port (`--port 0`); the first stdout line tells us which.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from base64 import b64encode
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN

STARTUP_TIMEOUT_SECONDS = 15.0


class EmulatorError(RuntimeError):
    """The emulator process failed to start, or a control call failed."""


@dataclass
class RunningEmulator:
    base_url: str
    account_sid: str
    auth_token: str
    process: subprocess.Popen[str]
    state: str | None = None
    api_key: str | None = None
    api_secret: str | None = None
    output: deque[str] = field(default_factory=lambda: deque(maxlen=200))

    def client(self, username: str | None = None, password: str | None = None, account_sid: str | None = None,
               **kwargs: Any) -> Any:
        """A `twilio.rest.Client` whose messaging, api and trusthub domains point at the emulator."""
        from twilio.rest import Client

        client = Client(username or self.account_sid, password or self.auth_token,
                        account_sid or (None if username is None else self.account_sid), **kwargs)
        point_client_at(client, self.base_url)
        return client

    # ---------------------------------------------------------------------------------- control API
    def control(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Authorization", "Basic " + b64encode(
            f"{self.account_sid}:{self.auth_token}".encode()).decode())
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise EmulatorError(f"{method} {path}: HTTP {exc.code} {exc.read().decode(errors='replace')}") from None
        return json.loads(raw) if raw else None

    def review(self, sid: str, status: str, reason: str | None = None, **extra: Any) -> dict[str, Any]:
        """Set a review outcome: `sid` is a brand (BN), a bundle (BU) or a service (MG) for its campaign."""
        return self.control("POST", f"/_emulator/reviews/{sid}", {"status": status, "reason": reason, **extra})

    def add_fault(self, **fault: Any) -> dict[str, Any]:
        return self.control("POST", "/_emulator/faults", fault)

    def clear_faults(self) -> None:
        self.control("DELETE", "/_emulator/faults")

    def requests(self) -> list[dict[str, Any]]:
        return self.control("GET", "/_emulator/requests")["requests"]

    def clear_requests(self) -> None:
        self.control("DELETE", "/_emulator/requests")

    def reset(self) -> None:
        self.control("POST", "/_emulator/reset")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def point_client_at(client: Any, base_url: str) -> None:
    """Per-domain base URLs (reference §1.10, option 2): v1 links come back absolute to the emulator."""
    for domain in ("messaging", "api", "trusthub"):
        getattr(client, domain).base_url = base_url.rstrip("/")


def _drain(stream: Any, sink: deque[str]) -> None:
    for line in stream:
        sink.append(line.rstrip("\n"))


@contextmanager
def run_emulator(*, state: str | os.PathLike[str] | None = None, review_delay: float | str = 0,
                 account_sid: str | None = None, auth_token: str | None = None, api_key: str | None = None,
                 api_secret: str | None = None, latency_ms: int = 0, host: str = "127.0.0.1",
                 extra_args: tuple[str, ...] = ()) -> Iterator[RunningEmulator]:
    """Run `python -m twilio_emulator --port 0` until the block exits."""
    args = [sys.executable, "-m", "twilio_emulator", "--host", host, "--port", "0",
            "--review-delay", str(review_delay), "--latency-ms", str(latency_ms), *extra_args]
    env = dict(os.environ)
    if state is not None:
        args += ["--state", str(Path(state))]
    if account_sid is not None:
        args += ["--account-sid", account_sid]
    if auth_token is not None:
        env["TWILIO_EMULATOR_AUTH_TOKEN"] = auth_token  # not on the command line, where `ps` would show it
    if api_key is not None:
        args += ["--api-key", api_key]
        env["TWILIO_EMULATOR_API_SECRET"] = api_secret or ""
    env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    output: deque[str] = deque(maxlen=200)
    first_line: list[str] = []
    ready = threading.Event()

    def read_first_line() -> None:
        assert process.stdout is not None
        first_line.append(process.stdout.readline())
        if first_line[0].startswith("listening on "):
            output.append(process.stdout.readline().rstrip("\n"))  # the account line
        ready.set()
        _drain(process.stdout, output)

    threading.Thread(target=read_first_line, daemon=True).start()
    emulator: RunningEmulator | None = None
    try:
        if not ready.wait(STARTUP_TIMEOUT_SECONDS) or not first_line[0].startswith("listening on http://"):
            process.kill()
            time.sleep(0.1)
            raise EmulatorError(f"emulator did not start: {first_line[0] if first_line else ''!r} "
                                + "\n".join(output))
        emulator = RunningEmulator(
            base_url=first_line[0].strip().removeprefix("listening on "),
            account_sid=account_sid or DEFAULT_ACCOUNT_SID, auth_token=auth_token or DEFAULT_AUTH_TOKEN,
            process=process, state=None if state is None else str(state), api_key=api_key, api_secret=api_secret,
            output=output)
        yield emulator
    finally:
        if emulator is not None:
            emulator.stop()
        elif process.poll() is None:
            process.kill()
            process.wait()
