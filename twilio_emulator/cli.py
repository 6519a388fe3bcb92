"""Command line: `python -m twilio_emulator --host 127.0.0.1 --port PORT [--state FILE] ...`.

The first stdout line is exactly `listening on http://HOST:PORT` (with the real port when --port 0), so a parent
process can read it and connect; the second names the account. Everything uvicorn logs goes to stderr. `launch.py` starts the emulator this way
and reads the same options (`parse`), so it knows the account without the token ever being printed.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import uvicorn

from twilio_contract import ErrorCode, sid_pattern

from .app import Runtime, create_app
from .models import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, Backend, Settings
from .store import Store

LISTENING = "listening on "  # the first stdout line: LISTENING + "http://HOST:PORT"
BANNER_LINES = 2  # the listening line and the account line, printed before any request is served


class UsageError(ValueError):
    """Options that parse one by one but do not go together."""


@dataclass(frozen=True)
class Credentials:
    """The account the emulator serves, and the API key valid for it if one was given."""

    account_sid: str
    auth_token: str
    api_key: str | None = None
    api_secret: str | None = None

    @property
    def api_keys(self) -> list[tuple[str, str]]:
        return [(self.api_key, self.api_secret)] if self.api_key and self.api_secret else []

    @property
    def is_default(self) -> bool:
        return (self.account_sid, self.auth_token) == (DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN)


def review_delay(value: str) -> float | None:
    if value == "manual":
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a number of seconds or 'manual'") from None
    if seconds < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return seconds


def sid_of(prefix: str) -> Callable[[str], str]:
    """An argparse type that accepts SIDs of one resource (`prefix` and 32 hex digits)."""
    def check(value: str) -> str:
        if not sid_pattern(prefix).fullmatch(value):
            raise argparse.ArgumentTypeError(f"must be {prefix} followed by 32 hex digits")
        return value
    return check


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m twilio_emulator", description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=4010, help="0 picks a free port")
    p.add_argument("--state", help="SQLite file that keeps state across restarts (in memory without it)")
    p.add_argument("--account-sid", type=sid_of("AC"), help=f"default {DEFAULT_ACCOUNT_SID}")
    p.add_argument("--auth-token", help="default: the documented test token; or env TWILIO_EMULATOR_AUTH_TOKEN")
    p.add_argument("--api-key", type=sid_of("SK"), help="an API key SID (SK…) valid for the account")
    p.add_argument("--api-secret", help="the API key's secret; or env TWILIO_EMULATOR_API_SECRET")
    p.add_argument("--review-delay", type=review_delay, default=3.0,
                   help="seconds until brands, campaigns and bundles pass review, or 'manual' (default 3)")
    p.add_argument("--latency-ms", type=int, default=0, help="latency added to every Twilio API request")
    p.add_argument("--number-pool-limit", type=int, default=400,
                   help=f"senders per Messaging Service (error {ErrorCode.SENDER_POOL_FULL:d})")
    p.add_argument("--fixtures", help="JSON file of objects the account already owns (numbers, approved bundles); "
                   "see twilio_emulator/fixtures/dev_account.json")
    p.add_argument("--log-level", default="warning", help="uvicorn log level (stderr)")
    return p


def parse(argv: Sequence[str] | None, environ: Mapping[str, str]) -> tuple[argparse.Namespace, Credentials]:
    """The options and the credentials they settle (secrets may come from `environ`, so `ps` never shows them).

    Raises SystemExit for what argparse rejects and UsageError for options that do not go together.
    """
    args = build_parser().parse_args(argv)
    auth_token = args.auth_token or environ.get("TWILIO_EMULATOR_AUTH_TOKEN")
    if args.account_sid and not auth_token:
        raise UsageError("--account-sid needs --auth-token (or TWILIO_EMULATOR_AUTH_TOKEN)")
    api_secret = args.api_secret or environ.get("TWILIO_EMULATOR_API_SECRET")
    if bool(args.api_key) != bool(api_secret):
        raise UsageError("--api-key and --api-secret go together")
    if args.latency_ms < 0:
        raise UsageError("--latency-ms must not be negative")
    credentials = Credentials(args.account_sid or DEFAULT_ACCOUNT_SID, auth_token or DEFAULT_AUTH_TOKEN,
                              args.api_key, api_secret if args.api_key else None)
    return args, credentials


def serve(args: argparse.Namespace, credentials: Credentials) -> None:
    backend = Backend(Store(args.state), Settings(review_delay=args.review_delay,
                                                  number_pool_limit=args.number_pool_limit))
    backend.bootstrap(credentials.account_sid, credentials.auth_token, credentials.api_keys)
    if args.fixtures:
        with open(args.fixtures, encoding="utf-8") as fixtures:
            backend.seed(credentials.account_sid, json.load(fixtures))
    runtime = Runtime(account_sid=credentials.account_sid, auth_token=credentials.auth_token,
                      api_keys=credentials.api_keys, latency_ms=args.latency_ms)

    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    # proto IPPROTO_TCP (not 0): asyncio sets TCP_NODELAY only on such sockets; without it every response whose
    # headers and body are written separately waits ~40 ms for the client's delayed ACK (Nagle).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(128)
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    print(f"{LISTENING}http://{host}:{port}", flush=True)
    if credentials.is_default:
        print(f"account {credentials.account_sid} with the documented test auth token {DEFAULT_AUTH_TOKEN}",
              flush=True)
    else:
        print(f"account {credentials.account_sid} (auth token as given)", flush=True)
    config = uvicorn.Config(create_app(backend, runtime), log_level=args.log_level, access_log=False,
                            lifespan="off", timeout_graceful_shutdown=2)
    uvicorn.Server(config).run(sockets=[sock])


def main(argv: Sequence[str] | None = None) -> None:
    try:
        args, credentials = parse(argv, os.environ)
    except UsageError as exc:
        sys.exit(str(exc))
    serve(args, credentials)
