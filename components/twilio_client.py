"""The one place that builds the `twilio.rest.Client` the providers use.

Every provider calls :func:`build_client` from its ``configure()``, i.e. in the dynamic-provider plugin process
after the provider was unpickled, so the client (and the credentials inside it) never end up in the pickled
``__provider`` stored in Pulumi state.

Stack configuration read here: the ``twilio:*`` settings of ``components/twilio_settings.py`` (credentials, the base
URL of the emulator, retry bounds), each falling back to its ``TWILIO_*`` environment variable, converted and
bounded by the same declaration the program checks at preview. With ``twilio:apiBaseUrl`` set, every request to
a host of ``TWILIO_HOSTS`` goes there (the emulator), with the Twilio host name kept in ``Host``.

Retries (why they are shaped like this): Twilio answers 429 (20429, "never processed and always safe to
retry") under concurrency limits and, rarely, 5xx. GET and DELETE are idempotent and are retried on 429, 5xx and
connection errors. A POST that *creates* something is not idempotent, so it is retried only when the request
provably was not processed (429, or the connection could not even be opened). Any other failure of a create
raises an error for which :func:`outcome_unknown` is true; the provider then looks the object up instead of
blindly creating it again (see ``components/provider_base.py``). POSTs that update an existing object are
idempotent and are marked so with :func:`idempotent_requests`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

import requests
import urllib3.exceptions
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_random_exponential,
)
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client
from urllib3.util.retry import Retry

from components.errors import TwilioApiError, TwilioConfigError
from components.twilio_settings import ENVIRONMENT, Resolved, config_key, resolve
from twilio_contract import ErrorCode, host_name, split_twilio_url

__all__ = [
    "RetryPolicy",
    "TwilioCredentials",
    "TwilioHttpClientWithRetries",
    "TwilioOutcomeUnknown",
    "build_client",
    "idempotent_requests",
    "is_not_found",
    "none_if_not_found",
    "outcome_unknown",
    "still_in_flight",
    "twilio_error",
]

_log = logging.getLogger(__name__)
T = TypeVar("T")

#: The Twilio products flex-a2p calls; with ``twilio:apiBaseUrl`` set, a request to any other host is refused.
TWILIO_HOSTS = ("messaging", "api", "trusthub", "conversations", "flex-api", "studio", "proxy")


class ConfigLike(Protocol):
    """What ``configure()`` hands us: ``pulumi.dynamic.Config`` or anything with the same ``get``."""

    def get(self, key: str) -> Any: ...


class TwilioOutcomeUnknown(TwilioException):
    """A non-idempotent request may or may not have been processed by Twilio (connection lost after sending,
    read timeout). The caller must reconcile (look the object up) before trying again."""

    def __init__(self, method: str, url: str, cause: BaseException) -> None:
        super().__init__(f"{method} {_path_of(url)}: no response from Twilio ({type(cause).__name__}: {cause})")
        self.method = method
        self.url = url
        #: no answer in time: Twilio may still be working on it. A closed connection or an error answer means the
        #: handling ended, so whatever it did is visible at once.
        self.unanswered = isinstance(cause, requests.exceptions.Timeout)


def still_in_flight(exc: BaseException) -> bool:
    """True when a create may still take effect after it failed (Twilio did not answer within the timeout)."""
    return isinstance(exc, TwilioOutcomeUnknown) and exc.unanswered


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds for retrying one HTTP request: count, total time, and the exponential backoff (full jitter)."""

    max_retries: int = 5
    max_elapsed_seconds: float = 60.0
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 8.0
    request_timeout_seconds: float = 30.0


@dataclass(frozen=True)
class TwilioCredentials:
    """Resolved credentials. ``repr`` hides the secret so it cannot leak through logs or tracebacks."""

    account_sid: str
    username: str  # the account SID, or the API key SID (SK…)
    password: str
    api_base_url: str | None = None

    def __repr__(self) -> str:
        return (
            f"TwilioCredentials(account_sid={self.account_sid!r}, username={self.username!r}, password='***', "
            f"api_base_url={self.api_base_url!r})"
        )

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.password,)


# --------------------------------------------------------------------------------------------------------------
# configuration


def read_settings(config: ConfigLike | None, environ: Mapping[str, str] | None = None) -> Resolved:
    """The ``twilio:*`` settings (``components/twilio_settings.py``), or :class:`TwilioConfigError` naming every bad
    key."""
    settings = resolve(config.get if config is not None else None, environ)
    if settings.problems:
        raise TwilioConfigError("invalid Twilio settings:\n  " + "\n  ".join(settings.problems))
    return settings


def resolve_credentials(config: ConfigLike | None, environ: Mapping[str, str] | None = None) -> TwilioCredentials:
    """Credentials from stack config, falling back to the environment. Config wins as a whole pair, so a
    config auth token is never mixed with an API key left in the environment."""
    settings = read_settings(config, environ)
    secrets = ("api_key", "api_secret", "auth_token")
    in_config = any(settings.from_config(n) for n in secrets)
    given = {n: settings.get(n) for n in secrets if settings.from_config(n) == in_config}
    need = ("api_key", "api_secret") if given.get("api_key") or given.get("api_secret") else ("auth_token",)

    def label(name: str) -> str:
        if in_config:
            return config_key(name)
        return f"{config_key(name)} (or {ENVIRONMENT[name]})" if name == "auth_token" else ENVIRONMENT[name]

    missing = [label(n) for n in need if not given.get(n)]
    account_sid = settings.get("account_sid")
    if not account_sid:
        missing.insert(0, f"{config_key('account_sid')} (or {ENVIRONMENT['account_sid']})")
    if missing:
        raise TwilioConfigError(
            "Twilio credentials are incomplete: set "
            + ", ".join(missing)
            + " (`pulumi config set twilio:accountSid AC…` and `pulumi config set --secret twilio:authToken …`, "
            "or twilio:apiKey + twilio:apiSecret)"
        )
    api_key = given.get("api_key")
    return TwilioCredentials(
        account_sid=account_sid,
        username=api_key or account_sid,
        password=given["api_secret"] if api_key else given["auth_token"],
        api_base_url=settings.get("api_base_url"),
    )


def resolve_retry_policy(config: ConfigLike | None, environ: Mapping[str, str] | None = None) -> RetryPolicy:
    settings = read_settings(config, environ)
    return RetryPolicy(
        max_retries=int(settings.get("max_retries")),
        max_elapsed_seconds=float(settings.get("retry_timeout")),
        request_timeout_seconds=float(settings.get("request_timeout")),
    )


# --------------------------------------------------------------------------------------------------------------
# the HTTP client: base URL rewrite + retries

_state = threading.local()


@contextlib.contextmanager
def idempotent_requests() -> Iterator[None]:
    """Mark the POSTs made by this thread inside the block as idempotent (updates of an existing object), so
    they are retried like GETs. The plugin runs CRUD calls on several threads, hence thread-local."""
    previous = getattr(_state, "idempotent", False)
    _state.idempotent = True
    try:
        yield
    finally:
        _state.idempotent = previous


class _RetryableStatus(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def _path_of(url: str) -> str:
    return urlsplit(url).path or url


def _connection_not_opened(exc: BaseException) -> bool:
    """True when the request provably never reached the server (refused, DNS, connect timeout)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = exc.args[0] if exc.args else None
        reason = getattr(reason, "reason", reason)  # MaxRetryError wraps the cause
        return isinstance(reason, (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError))
    return False


class TwilioHttpClientWithRetries(TwilioHttpClient):
    """`TwilioHttpClient` that rewrites Twilio hosts to ``api_base_url`` and retries (see the module docstring)."""

    RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

    def __init__(
        self,
        policy: RetryPolicy,
        api_base_url: str | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        super().__init__(timeout=policy.request_timeout_seconds, logger=logging.getLogger("twilio.http_client"))
        self.policy = policy
        self.api_base_url = api_base_url
        self._sleep = sleep
        self._retry_after = Retry()

    def rewrite(self, url: str) -> str:
        return self.target(url)[0]

    def target(self, url: str) -> tuple[str, str | None]:
        """Where a request goes: the URL, and the Twilio host name to send as ``Host`` when it goes to
        ``api_base_url`` (one address serves every product there, and two products share paths)."""
        if self.api_base_url is None:
            return url, None
        parts = split_twilio_url(url)
        if parts is None:
            return url, None
        host, rest = parts
        if host not in TWILIO_HOSTS:
            # Region/edge hosts or another product: refuse rather than leak a request to real Twilio.
            raise TwilioException(
                f"twilio:apiBaseUrl is set but {host_name(host)} is not one of "
                f"{', '.join(host_name(h) for h in TWILIO_HOSTS)}; unset TWILIO_REGION/TWILIO_EDGE"
            )
        return self.api_base_url + rest, host_name(host)

    def _retryable(self, method: str, idempotent: bool, exc: BaseException) -> bool:
        if isinstance(exc, _RetryableStatus):
            return exc.response.status_code == 429 or idempotent
        if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout)):
            return idempotent or _connection_not_opened(exc)
        return False

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        backoff = wait_random_exponential(
            multiplier=self.policy.backoff_base_seconds, max=self.policy.backoff_max_seconds
        )(state)
        if isinstance(exc, _RetryableStatus):
            header = exc.response.headers.get("Retry-After") if exc.response.headers else None
            if header:
                try:
                    return max(0.0, float(self._retry_after.parse_retry_after(str(header))))
                except urllib3.exceptions.InvalidHeader:
                    pass
        return backoff

    def _before_sleep(self, method: str, url: str, state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome is not None else None
        why = f"HTTP {exc.response.status_code}" if isinstance(exc, _RetryableStatus) else type(exc).__name__
        sleep = state.next_action.sleep if state.next_action is not None else 0.0
        _log.warning(
            "Twilio %s %s failed (%s); retry %d/%d in %.2fs",
            method, _path_of(url), why, state.attempt_number, self.policy.max_retries, sleep,
        )

    def request(  # type: ignore[override]
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        method = method.upper()
        url, host = self.target(url)
        if host is not None:
            headers = {**(headers or {}), "Host": host}
        idempotent = method in ("GET", "HEAD", "DELETE") or getattr(_state, "idempotent", False)
        kwargs: dict[str, Any] = {"sleep": self._sleep} if self._sleep is not None else {}
        retrying = Retrying(
            stop=stop_after_attempt(self.policy.max_retries + 1) | stop_before_delay(self.policy.max_elapsed_seconds),
            wait=self._wait,
            retry=retry_if_exception(lambda e: self._retryable(method, idempotent, e)),
            before_sleep=lambda s: self._before_sleep(method, url, s),
            reraise=True,
            **kwargs,
        )
        try:
            for attempt in retrying:
                with attempt:
                    response = super().request(
                        method, url, params=params, data=data, headers=headers, auth=auth,
                        timeout=timeout, allow_redirects=allow_redirects,
                    )
                    if response.status_code in self.RETRY_STATUSES:
                        raise _RetryableStatus(response)
                    return response
        except _RetryableStatus as exc:
            return exc.response  # the twilio library turns it into TwilioRestException (code, status, message)
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            if not idempotent and not _connection_not_opened(exc):
                raise TwilioOutcomeUnknown(method, url, exc) from exc
            raise
        raise AssertionError("unreachable")  # pragma: no cover


def build_client(
    config: ConfigLike | None,
    environ: Mapping[str, str] | None = None,
    *,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] | None = None,
) -> tuple[Client, TwilioCredentials]:
    """A `twilio.rest.Client` for the stack's account, talking to ``twilio:apiBaseUrl`` when set."""
    creds = resolve_credentials(config, environ)
    http = TwilioHttpClientWithRetries(policy or resolve_retry_policy(config, environ), creds.api_base_url, sleep)
    client = Client(creds.username, creds.password, creds.account_sid, http_client=http)
    if creds.api_base_url is not None:
        # region/edge would rename the hosts (and break a localhost URL); the rewrite makes them pointless.
        client.region = None
        client.edge = None
    return client, creds


# --------------------------------------------------------------------------------------------------------------
# errors


def is_not_found(exc: BaseException) -> bool:
    return isinstance(exc, TwilioRestException) and (exc.status == 404 or exc.code == ErrorCode.NOT_FOUND)


def none_if_not_found(fetch: Callable[[], T]) -> T | None:
    """``fetch()``, or None when Twilio says the object does not exist (404 / 20404)."""
    try:
        return fetch()
    except Exception as exc:
        if is_not_found(exc):
            return None
        raise


def outcome_unknown(exc: BaseException) -> bool:
    """True when a create may have happened although it failed (5xx or connection lost after sending)."""
    return isinstance(exc, TwilioOutcomeUnknown) or (isinstance(exc, TwilioRestException) and exc.status >= 500)


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret and len(secret) >= 6:  # a shorter "secret" would mangle every message and protect nothing
            text = text.replace(secret, "***")
    return text


def _page_error(exc: BaseException) -> TwilioRestException | None:
    """List calls raise a bare `TwilioException('Unable to fetch page', response)` (no code, no status): read the
    error body so list failures say as much as the others."""
    if isinstance(exc, TwilioRestException) or not isinstance(exc, TwilioException) or len(exc.args) != 2:
        return None
    response = exc.args[1]
    if not isinstance(response, Response):
        return None
    try:
        body = json.loads(response.text)
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    return TwilioRestException(
        status=response.status_code, uri="", msg=str(body.get("message") or exc.args[0]),
        code=body.get("code") or response.status_code, method="GET",
    )


def twilio_error(action: str, exc: BaseException, secrets: tuple[str, ...] = ()) -> TwilioApiError:
    """A `TwilioApiError` that says what was being done, Twilio's code, HTTP status and message."""
    if isinstance(exc, TwilioRestException):
        message = re.sub(r"^Unable to \w+ record: ", "", str(exc.msg or "")) or "(no message)"
        text = f"{action} failed: Twilio error {exc.code} (HTTP {exc.status}): {message}"
        if exc.uri:
            text += f" [{exc.method} {exc.uri}]"
        if exc.code and exc.code >= 10000:
            text += f" (see https://www.twilio.com/docs/errors/{exc.code})"
        return TwilioApiError(redact(text, secrets), code=exc.code, status=exc.status)
    page_error = _page_error(exc)
    if page_error is not None:
        return twilio_error(action, page_error, secrets)
    if isinstance(exc, (requests.exceptions.RequestException, TwilioException)):
        return TwilioApiError(redact(f"{action} failed: could not reach Twilio: {exc}", secrets))
    return TwilioApiError(redact(f"{action} failed: {type(exc).__name__}: {exc}", secrets))
