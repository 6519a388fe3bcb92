"""The ``twilio:*`` stack settings, declared once.

The program checks them at preview (``stack_config.py``) and the providers read them when they build their client
(``components/twilio_client.py``), through :func:`resolve`, so both refuse the same values with the same words.
Each setting falls back to an environment variable. Pulumi hands config over as text (``pulumi config set
twilio:maxRetries 3`` stores the string "3"), so every value is converted by its rule before it is checked.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from components.inputs import (
    ConfigValueError,
    ResourceArgs,
    Seconds,
    Sid,
    Text,
    Update,
    Url,
    Whole,
    twilio_field,
)

NAMESPACE = "twilio"


def _setting(rule: Any, doc: str, *, secret: bool = False, default: Any = None) -> Any:
    return twilio_field(rule, update=Update.LOCAL, secret=secret, default=default, doc=doc)


@dataclass(frozen=True, kw_only=True)
class TwilioSettings(ResourceArgs):
    """Every ``twilio:*`` key (camelCase of the field name) and its rule."""

    account_sid: str | None = _setting(Sid("AC", "an Account"), "the account (AC…); required with an API key too")
    auth_token: str | None = _setting(Text(min_len=1, max_len=256), "auth token (secret)", secret=True)
    api_key: str | None = _setting(Sid("SK", "an API key"), "API key SID (SK…), used instead of the auth token")
    api_secret: str | None = _setting(Text(min_len=1, max_len=256), "API key secret (secret)", secret=True)
    api_base_url: str | None = _setting(
        Url(base=True), "send every request to a Twilio product flex-a2p calls to this base URL (the emulator), the "
        "Twilio host name kept in the Host header; unset for Twilio")
    max_retries: int | None = _setting(Whole(low=0, high=10), "retries after the first attempt", default=5)
    retry_timeout: float | None = _setting(
        Seconds(low=1, high=3600),
        "seconds a call may spend retrying; also how long a create Twilio did not answer keeps being looked for "
        "(it may still take effect)", default=60)
    request_timeout: float | None = _setting(Seconds(low=0.1, high=600), "seconds per HTTP request", default=30)
    sender_pool_limit: int | None = _setting(
        Whole(low=1, high=100_000),
        "senders one Messaging Service may hold (Twilio's default 400, error 21714); raise it only if Twilio raised "
        "your account's limit", default=400)


#: the environment variable each setting falls back to
ENVIRONMENT = {
    "account_sid": "TWILIO_ACCOUNT_SID",
    "auth_token": "TWILIO_AUTH_TOKEN",
    "api_key": "TWILIO_API_KEY",
    "api_secret": "TWILIO_API_SECRET",
    "api_base_url": "TWILIO_API_BASE_URL",
    "max_retries": "TWILIO_MAX_RETRIES",
    "retry_timeout": "TWILIO_RETRY_TIMEOUT",
    "request_timeout": "TWILIO_REQUEST_TIMEOUT",
    "sender_pool_limit": "TWILIO_SENDER_POOL_LIMIT",
}


def config_key(name: str) -> str:
    """``max_retries`` -> ``twilio:maxRetries``."""
    return f"{NAMESPACE}:{TwilioSettings.config_keys()[name]}"


@dataclass(frozen=True)
class Resolved:
    """The settings as read: converted values (defaults applied), where each came from, and what is wrong."""

    values: dict[str, Any]
    sources: dict[str, str]  # setting -> "twilio:maxRetries" or "TWILIO_MAX_RETRIES"
    problems: list[str] = field(default_factory=list)

    def get(self, name: str) -> Any:
        return self.values.get(name)

    def from_config(self, name: str) -> bool:
        return self.sources.get(name, "").startswith(f"{NAMESPACE}:")


def resolve(get: Callable[[str], Any] | None, environ: Mapping[str, str] | None = None) -> Resolved:
    """Reads every setting: ``get(full key)`` (stack config) first, then its environment variable. A problem names
    the key (or variable) and the rule, never a secret value."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    problems: list[str] = []
    specs = TwilioSettings.specs()
    for name, spec in specs.items():
        key, env = config_key(name), ENVIRONMENT[name]
        raw = get(key) if get is not None else None
        source = key
        if raw is None or raw == "":
            raw, source = environ.get(env) or None, env
        if raw is None:
            if spec.default is not None:
                values[name] = spec.default
            continue
        sources[name] = source
        shown_name = source if source == key else f"{env} (for {key})"
        try:
            value = spec.rule.from_config(name, raw.strip() if isinstance(raw, str) else raw)
        except ConfigValueError as exc:
            violation = exc.violation.without(raw) if spec.secret else exc.violation
            problems.append(_line(shown_name, name, violation.message))
            continue
        found = TwilioSettings.violations({name: value}, adopting=True)
        if found:
            problems += [_line(shown_name, name, v.message) for v in found]
        else:
            values[name] = spec.rule.normalize(value)
    return Resolved(values, sources, problems)


def _line(shown_name: str, name: str, message: str) -> str:
    """``twilio:maxRetries: must be ...`` from ``max_retries must be ...``."""
    return f"{shown_name}: {message.removeprefix(name).strip()}"
