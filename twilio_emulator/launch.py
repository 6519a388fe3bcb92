"""Start the emulator, wait until it listens, and run a command against it: the one way every tool starts it.

    python -m twilio_emulator.launch [--log-file FILE] [--startup-timeout SECONDS] [EMULATOR OPTIONS] \\
        -- COMMAND [ARG ...]

runs `python -m twilio_emulator EMULATOR OPTIONS` (any option of `python -m twilio_emulator --help`), waits for its
first line `listening on http://HOST:PORT`, then runs COMMAND with the emulator's account in its environment:

- `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN`: the account the emulator serves (by default the dev account,
  `models.DEFAULT_ACCOUNT_SID` / `DEFAULT_AUTH_TOKEN`);
- `TWILIO_API_BASE_URL`: `http://HOST:PORT`, where `components/twilio_client.py` sends every Twilio call;
- `TWILIO_API_KEY`, `TWILIO_API_SECRET`: the `--api-key` and its secret if given, otherwise removed, so that a real
  account's key in the caller's environment never reaches the command.

When COMMAND ends, the emulator is stopped (its `--state` file keeps what it holds) and the launcher exits with
COMMAND's status, 128+N if signal N ended it. It exits with 125 if its options are wrong or the emulator did not
start (with the emulator's output), 126 if COMMAND could not be run and 127 if it was not found (the conventions of
`env` and `timeout`). The emulator's output goes to FILE (overwritten) or, without `--log-file`, to stderr.

The emulator runs in its own session, so a Ctrl-C in the terminal reaches COMMAND (which may still need the emulator
to cancel cleanly) and not the emulator; SIGTERM and SIGHUP are passed on to COMMAND.

`twilio_emulator.testing.run_emulator` starts its emulators with `start()` from here.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from types import FrameType
from typing import NoReturn, TextIO

from .cli import BANNER_LINES, LISTENING, Credentials, UsageError, parse

STARTUP_TIMEOUT_SECONDS = 30.0
EMULATOR_FAILED, CANNOT_RUN, NOT_FOUND = 125, 126, 127


class EmulatorError(RuntimeError):
    """The emulator process failed to start, or a control call failed."""


@dataclass
class EmulatorProcess:
    """A started emulator: where it listens, the account it serves, and its latest output lines."""

    process: subprocess.Popen[str]
    base_url: str
    credentials: Credentials
    output: deque[str]
    reader: threading.Thread = field(repr=False)

    def stop(self) -> None:
        stop_process(self.process)
        self.reader.join(timeout=5)  # the last lines reach the sink before it is closed


def stop_process(process: subprocess.Popen[str], timeout: float = 10) -> None:
    """SIGTERM (uvicorn shuts down gracefully; every request has committed already), SIGKILL if that hangs."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start(options: Sequence[str], *, env: Mapping[str, str] | None = None, sink: Callable[[str], None] | None = None,
          timeout: float = STARTUP_TIMEOUT_SECONDS, own_session: bool = False) -> EmulatorProcess:
    """Run `python -m twilio_emulator OPTIONS` and return once it listens and has printed its banner.

    The options are parsed here first, with the emulator's own parser, so bad ones fail before a process starts and
    the credentials are known without the emulator printing a token. Every output line is kept (the last 200, for
    error messages and tests) and passed to `sink`.
    """
    environ = dict(os.environ if env is None else env)
    try:
        _, credentials = parse(list(options), environ)
    except SystemExit:  # argparse has printed why
        raise EmulatorError(f"invalid emulator options: {shlex.join(options)}") from None
    except UsageError as exc:
        raise EmulatorError(str(exc)) from None
    environ["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen([sys.executable, "-m", "twilio_emulator", *options], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env=environ, start_new_session=own_session)
    output: deque[str] = deque(maxlen=200)
    banner: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            line = raw.rstrip("\n")
            output.append(line)
            if sink is not None:
                sink(line)
            if not ready.is_set():
                banner.append(line)
                if len(banner) == BANNER_LINES or not banner[0].startswith(LISTENING):
                    ready.set()
        ready.set()  # the process ended (or closed its output) before its banner

    reader = threading.Thread(target=read, name="twilio-emulator-output", daemon=True)
    reader.start()
    try:
        started = ready.wait(timeout)
    except BaseException:  # e.g. Ctrl-C while waiting: no emulator is left behind
        stop_process(process, timeout=1)
        raise
    if not started or len(banner) < BANNER_LINES or not banner[0].startswith(LISTENING + "http://"):
        if started:  # it printed something else first: it is failing, so let it finish saying why
            reader.join(timeout=5)
        stop_process(process, timeout=1)
        reader.join(timeout=2)
        shown = banner[0] if banner else ""
        raise EmulatorError(f"emulator did not start: {shown!r}\n" + "\n".join(output))
    return EmulatorProcess(process, banner[0].strip().removeprefix(LISTENING), credentials, output, reader)


def command_environment(environ: Mapping[str, str], emulator: EmulatorProcess) -> dict[str, str]:
    """`environ` with the emulator's account and URL in place of any Twilio credentials it had."""
    env = {k: v for k, v in environ.items() if k not in ("TWILIO_API_KEY", "TWILIO_API_SECRET")}
    creds = emulator.credentials
    env.update(TWILIO_ACCOUNT_SID=creds.account_sid, TWILIO_AUTH_TOKEN=creds.auth_token,
               TWILIO_API_BASE_URL=emulator.base_url)
    if creds.api_key and creds.api_secret:
        env.update(TWILIO_API_KEY=creds.api_key, TWILIO_API_SECRET=creds.api_secret)
    return env


class _Signals:
    """Until COMMAND starts, SIGINT/SIGTERM/SIGHUP end the launcher (what has started is stopped on the way out).
    From then on the launcher waits for COMMAND: SIGTERM and SIGHUP are passed on to it, and Ctrl-C, which the
    terminal sends to COMMAND itself (same process group), is ignored here."""

    def __init__(self) -> None:
        self.child: subprocess.Popen[bytes] | None = None

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.child is None:
            if signum == signal.SIGINT:
                raise KeyboardInterrupt
            raise SystemExit(128 + signum)
        if signum != signal.SIGINT and self.child.poll() is None:
            self.child.send_signal(signum)

    @contextmanager
    def installed(self) -> Iterator[_Signals]:
        handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        previous = {s: signal.signal(s, self) for s in handled}
        try:
            yield self
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)


def run_command(command: Sequence[str], env: Mapping[str, str], signals: _Signals) -> int:
    try:
        signals.child = subprocess.Popen(list(command), env=dict(env))
    except FileNotFoundError:
        print(f"twilio_emulator.launch: {command[0]}: command not found", file=sys.stderr)
        return NOT_FOUND
    except OSError as exc:
        print(f"twilio_emulator.launch: {command[0]}: {exc.strerror}", file=sys.stderr)
        return CANNOT_RUN
    status = signals.child.wait()
    return 128 - status if status < 0 else status


class _Parser(argparse.ArgumentParser):
    """Usage errors exit with EMULATOR_FAILED, so they are not mistaken for COMMAND's own status 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EMULATOR_FAILED, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m twilio_emulator.launch", allow_abbrev=False,
                usage="%(prog)s [--log-file FILE] [--startup-timeout SECONDS] [EMULATOR OPTIONS] -- COMMAND [ARG ...]",
                description="Start the Twilio emulator, run COMMAND with TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and "
                "TWILIO_API_BASE_URL set to it, stop it. EMULATOR OPTIONS: see python -m twilio_emulator --help.")
    p.add_argument("--log-file", help="write the emulator's output here (default: stderr)")
    p.add_argument("--startup-timeout", type=float, default=STARTUP_TIMEOUT_SECONDS,
                   help=f"seconds to wait for the emulator to listen (default {STARTUP_TIMEOUT_SECONDS:g})")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if "--" not in argv:
        if any(a in ("-h", "--help") for a in argv):
            parser.print_help()
            return 0
        parser.error("give the command to run after --")
    split = argv.index("--")
    args, options = parser.parse_known_args(argv[:split])
    command = argv[split + 1:]
    if not command:
        parser.error("give the command to run after --")

    try:
        output = _output(args.log_file)
    except OSError as exc:
        parser.error(f"--log-file: {exc}")
    signals = _Signals()
    with output as out, signals.installed():
        try:
            emulator = start(options, sink=lambda line: out.write(line + "\n"), timeout=args.startup_timeout,
                             own_session=True)
        except EmulatorError as exc:  # the emulator's output is in the message; on stderr it is there already
            message = str(exc) if args.log_file else str(exc).splitlines()[0]
            print(f"twilio_emulator.launch: {message}", file=sys.stderr)
            return EMULATOR_FAILED
        try:
            where = f"output in {args.log_file}" if args.log_file else "output on stderr"
            print(f"twilio_emulator.launch: emulator listening on {emulator.base_url} for account "
                  f"{emulator.credentials.account_sid} ({where})", file=sys.stderr, flush=True)
            return run_command(command, command_environment(os.environ, emulator), signals)
        finally:
            emulator.stop()


def _output(path: str | None) -> AbstractContextManager[TextIO]:
    """Where the emulator's output goes: the log file (line-buffered, so `tail -f` follows it) or stderr."""
    return open(path, "w", encoding="utf-8", buffering=1) if path else nullcontext(sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
