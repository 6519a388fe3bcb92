"""What every Twilio dynamic provider shares: client set-up in ``configure()``, pickle hygiene, input checks,
diffs against stored outputs, and the create-without-duplicates loop.

Rules the providers follow (see ../shared/reference/pulumi-dynamic-and-offline-cli.md section 1):

- A provider instance pickles to a class reference and an empty state (:meth:`TwilioProvider.__getstate__`):
  nothing secret, nothing non-deterministic, a few hundred bytes, and code changes never change ``__provider``.
- The client is built in ``configure()``, which runs in the plugin process after unpickling; it is read-only
  afterwards, because the plugin runs CRUD calls on four threads that share one provider instance.
- ``diff()`` receives the old *outputs*. Outputs therefore mirror the inputs the user set (with the values Twilio
  reports, so ``refresh`` shows drift) plus the computed outputs; a key absent from the new inputs is not managed
  and never causes a change.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pulumi
from pulumi.dynamic import CheckFailure, ConfigureRequest, DiffResult, ResourceProvider
from pulumi.output import Unknown
from pulumi.runtime import rpc
from twilio.rest import Client

from components.twilio_client import (
    TwilioApiError,
    TwilioConfigError,
    TwilioCredentials,
    build_client,
    call_twilio,
    is_not_found,
    outcome_unknown,
    raise_twilio_error,
    twilio_error,
)

UNKNOWN = rpc.UNKNOWN
SID_PATTERNS = {prefix: re.compile(rf"^{prefix}[0-9a-fA-F]{{32}}$") for prefix in ("MG", "PN", "BN", "BU", "QE")}
E164 = re.compile(r"^\+[1-9]\d{1,14}$")

T = TypeVar("T")


def is_unknown(value: Any) -> bool:
    """True for a Pulumi unknown (preview), also inside lists and dicts.

    The dynamic-provider servicer hands check() and diff() unknowns as `pulumi.output.Unknown` objects
    (deserialized with keep_unknowns); other paths may carry the raw sentinel string.
    """
    if isinstance(value, Unknown):
        return True
    if isinstance(value, str):
        return value == UNKNOWN
    if isinstance(value, (list, tuple)):
        return any(is_unknown(v) for v in value)
    if isinstance(value, dict):
        return any(is_unknown(v) for v in value.values())
    return False


def user_inputs(props: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The inputs among ``names`` that are set (not None), Pulumi's internal keys dropped."""
    return {k: props[k] for k in names if props.get(k) is not None}


def warn(message: str) -> None:
    """Warn in the CLI: in the plugin process ``pulumi.log`` has no engine and prints to stderr, which the CLI
    shows under the resource."""
    pulumi.log.warn(message)


class Checker:
    """Collects `CheckFailure`s, each naming the field and the rule, for values that are known."""

    def __init__(self, props: Mapping[str, Any]) -> None:
        self.props = props
        self.failures: list[CheckFailure] = []

    def fail(self, field: str, reason: str) -> None:
        self.failures.append(CheckFailure(field, reason))

    def value(self, field: str) -> Any:
        value = self.props.get(field)
        return None if value is None or is_unknown(value) else value

    def required(self, *fields: str) -> None:
        for field in fields:
            if self.props.get(field) is None or self.props.get(field) == "":
                self.fail(field, f"{field} is required")

    def string(self, field: str, max_len: int | None = None, pattern: re.Pattern[str] | None = None,
               what: str | None = None) -> None:
        value = self.value(field)
        if value is None:
            return
        if not isinstance(value, str):
            self.fail(field, f"{field} must be a string, got {type(value).__name__}")
        elif max_len is not None and len(value) > max_len:
            self.fail(field, f"{field} must be at most {max_len} characters, got {len(value)}")
        elif pattern is not None and not pattern.match(value):
            self.fail(field, f"{field} must be {what or 'of the form ' + pattern.pattern}, got {value!r}")

    def sid(self, field: str, prefix: str, what: str) -> None:
        self.string(field, pattern=SID_PATTERNS[prefix], what=f"{what} SID ({prefix} followed by 32 hex digits)")

    def boolean(self, field: str) -> None:
        value = self.value(field)
        if value is not None and not isinstance(value, bool):
            self.fail(field, f"{field} must be a boolean (true or false), got {value!r}")

    def enum(self, field: str, allowed: Sequence[str]) -> None:
        value = self.value(field)
        if value is not None and value not in allowed:
            self.fail(field, f"{field} must be one of {', '.join(allowed)}, got {value!r}")

    def integer(self, field: str, low: int, high: int) -> None:
        value = self.value(field)
        if value is None:
            return
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # Pulumi numbers arrive as floats
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(field, f"{field} must be a whole number from {low} to {high}, got {value!r}")

    def url(self, field: str) -> None:
        value = self.value(field)
        if value is None or value == "":  # "" clears a URL on Twilio
            return
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            self.fail(field, f"{field} must be an absolute http(s) URL, got {value!r}")

    def unknown_keys(self, allowed: Iterable[str]) -> None:
        allowed = set(allowed)
        for key in sorted(self.props):
            if not key.startswith("__") and key not in allowed:
                self.fail(key, f"{key} is not an input of this resource (allowed: {', '.join(sorted(allowed))})")


def plain(value: Any) -> Any:
    """Outputs must be plain data: Twilio's datetimes become the wire format ``YYYY-MM-DDTHH:MM:SSZ``."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def as_int(value: Any) -> Any:
    """Pulumi sends numbers as floats; Twilio wants integers."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def changed(olds: Mapping[str, Any], news: Mapping[str, Any], keys: Iterable[str],
            normalize: Callable[[str, Any], Any] = lambda _k, v: v) -> list[str]:
    """Keys set in ``news`` whose value differs from the stored outputs ``olds`` (unknown counts as changed)."""
    result = []
    for key in keys:
        new = news.get(key)
        if new is None:
            continue
        if is_unknown(new) or key not in olds or normalize(key, new) != normalize(key, olds.get(key)):
            result.append(key)
    return result


def diff_result(changes: list[str], replaces: list[str], delete_before_replace: bool = False) -> DiffResult:
    return DiffResult(
        changes=bool(changes or replaces),
        replaces=sorted(set(replaces)),
        delete_before_replace=delete_before_replace if replaces else None,
    )


class TwilioProvider(ResourceProvider):
    """Base of the Twilio providers. Holds nothing until ``configure()``, and pickles to nothing after it."""

    serialize_as_secret_always = True
    #: resource kind for messages, e.g. "Messaging Service"
    kind = "Twilio resource"
    #: seconds to wait before each look-up for an object a failed create may have made
    reconcile_delays: tuple[float, ...] = (0.0, 1.0, 2.0, 4.0)

    _client: Client | None
    _creds: TwilioCredentials | None

    def __init__(self) -> None:
        self._client = None
        self._creds = None

    # -- pickle hygiene: the client and credentials exist only in the configured process -------------------------
    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        self._client = None
        self._creds = None

    def configure(self, req: ConfigureRequest) -> None:
        try:
            self._client, self._creds = build_client(req.config)
        except TwilioConfigError as exc:
            # Raised when a call needs Twilio, not here: check() and diff() (a preview in a pull-request check
            # without credentials) work without it.
            self._config_error = exc

    @property
    def client(self) -> Client:
        if self._client is None:
            error = getattr(self, "_config_error", None)
            if error is not None:
                raise error
            raise RuntimeError(f"{type(self).__name__} used before configure(): no Twilio client")
        return self._client

    @property
    def secrets(self) -> tuple[str, ...]:
        return self._creds.secrets if self._creds is not None else ()

    def call(self, action: str, fn: Callable[[], T]) -> T:
        """One Twilio call; a failure becomes a `TwilioApiError` saying what was being done."""
        return call_twilio(action, fn, self.secrets)

    def fetch_or_none(self, action: str, fetch: Callable[[], T]) -> T | None:
        """A fetch where 404 means "gone" (refresh drops the resource) rather than an error."""
        try:
            return fetch()
        except Exception as exc:  # noqa: BLE001
            if is_not_found(exc):
                return None
            raise self.error(action, exc) from None

    def delete_if_present(self, action: str, delete: Callable[[], Any]) -> None:
        """A delete where 404 is success: what we wanted is already true (and retried DELETEs land here)."""
        self.fetch_or_none(action, delete)

    def error(self, action: str, exc: BaseException) -> TwilioApiError:
        return twilio_error(action, exc, self.secrets)

    # -- create without duplicates --------------------------------------------------------------------------------
    def create_once(self, action: str, create: Callable[[], T], find_created: Callable[[], list[T]],
                    describe: Callable[[T], str], attempts: int = 3) -> T:
        """Create, and when the outcome is unknown (5xx, connection lost after sending) look for the object the
        lost request may have made before trying again. ``find_created`` returns candidates that did not exist
        before this create began (the caller snapshots them first)."""
        last: BaseException | None = None
        for _ in range(attempts):
            try:
                return create()
            except TwilioApiError:
                raise  # already says what went wrong
            except Exception as exc:  # noqa: BLE001 - classified below
                if not outcome_unknown(exc):
                    raise_twilio_error(action, exc, self.secrets)
                last = exc
            for delay in self.reconcile_delays:
                time.sleep(delay)
                found = self.call(f"{action} (looking for an object made by a lost request)", find_created)
                if len(found) == 1:
                    warn(f"{action}: Twilio's answer was lost ({self.error(action, last)}), "
                         f"but the request had been processed; using {describe(found[0])}")
                    return found[0]
                if len(found) > 1:
                    raise TwilioApiError(
                        f"{action}: Twilio's answer was lost and several matching objects appeared meanwhile "
                        f"({', '.join(describe(f) for f in found)}); adopt the right one with adopt_sid"
                    )
        assert last is not None
        raise_twilio_error(action, last, self.secrets)
