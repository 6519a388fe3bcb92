"""One typed declaration per resource's inputs, and everything derived from it.

Each resource module declares its inputs once, as a frozen dataclass of :func:`twilio_field` entries (see
``MessagingServiceArgs`` in ``components/messaging_service.py``). From that one declaration come:

- the resource's keyword arguments and its registered props (:meth:`ResourceArgs.props`);
- ``check()``: defaults, normalisation, unknown keys, and each field's value rule (:meth:`ResourceArgs.checked`);
- ``diff()``: which fields update in place, which replace, which Twilio cannot change (:class:`Update`);
- the parameters sent to Twilio (:meth:`ResourceArgs.twilio_params`);
- the ``flex-a2p:*`` stack-config section in camelCase, converted from what YAML typed (:meth:`ResourceArgs.from_config`,
  ``stack_config.py``);
- the field lists of the policy pack (:meth:`ResourceArgs.names`).

Adding a Twilio field to a resource is one line here plus its tests.

Inputs can be objects (:class:`Group`) or lists of objects (:class:`GroupList`) whose fields are declared the same
way, in a ``ResourceArgs`` subclass of their own (e.g. a Trust Hub end user's attributes): their value rules, camelCase
config conversion, config key paths (:meth:`ResourceArgs.config_path`) and secrecy are derived from that declaration too,
at any depth. A violation inside one names the path, ``business_information.website_url`` or
``authorized_representatives[0].email``.

Values may be Pulumi unknowns during preview (:func:`is_unknown`); rules skip them, presence rules included.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from enum import Enum
from functools import cache
from typing import Any, ClassVar
from urllib.parse import urlsplit

from pulumi.output import Unknown
from pulumi.runtime import rpc

from twilio_contract import E164, ErrorCode, sid_pattern

UNKNOWN = rpc.UNKNOWN
_SPEC = "flex_a2p"


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


def to_camel(snake_name: str) -> str:
    """`a2p_profile_bundle_sid` -> `a2pProfileBundleSid` (pydantic's own gives `a2PProfileBundleSid`)."""
    first, *rest = snake_name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def as_int(value: Any) -> Any:
    """Pulumi sends numbers as floats; Twilio wants integers."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# ---------------------------------------------------------------------------------------------------------------
# violations


@dataclass(frozen=True)
class Violation:
    """One reason an input is refused: the field (a resource input name), a rule code, a message, and Twilio's
    error code when Twilio would refuse it with one."""

    field: str
    rule: str
    message: str
    twilio_error_code: int | None = None

    def without(self, value: Any) -> "Violation":
        """The same violation with ``value`` (a secret) kept out of the message."""
        return dataclasses.replace(self, message=self.message.replace(repr(value), SECRET_VALUE)
                                   .replace(shown(value), SECRET_VALUE))

    def describe(self) -> str:
        """The message, plus the rule and Twilio's code where they tell the user something."""
        if self.twilio_error_code is not None:
            return f"{self.message} (rule {self.rule}, Twilio error {int(self.twilio_error_code)})"
        if self.rule not in GENERIC_RULES:
            return f"{self.message} (rule {self.rule})"
        return self.message


def unknown_key(key: str, known: Iterable[str], what: str = "key", prefix: str = "") -> Violation:
    """A key nobody declared: named (as the violation's field, below ``prefix``, the path of a nested object), with
    the declared one it most likely meant."""
    known = sorted(known)
    guess = nearest(key, known)
    hint = f"did you mean {guess}?" if guess else f"known: {', '.join(known)}"
    return Violation(prefix + key, "unknown_key", f"unknown {what} ({hint})")


def listed_twice(field: str, values: Any) -> list[Violation]:
    """The items of a list input listed more than once (a number in a sender pool, an address), named in one
    violation; a value that is not a list of known strings is left to the field's rule."""
    if not isinstance(values, list):
        return []
    counts = Counter(v for v in values if isinstance(v, str))
    twice = sorted(v for v, n in counts.items() if n > 1)
    return [Violation(field, "duplicate_value", f"listed more than once: {', '.join(twice)}")] if twice else []


#: what a secret value is shown as in a message
SECRET_VALUE = "(secret value)"


#: stands for the stack-config key in messages written below the stack config (renderers put the key in)
THIS_KEY = "<this key>"


#: Rule codes that say nothing the message does not (a named rule is shown: it can be looked up and ignored).
GENERIC_RULES = frozenset({"invalid_value", "invalid_type", "invalid_sid", "invalid_phone_number",
                           "invalid_email", "missing_required_field", "unknown_key", "control_characters",
                           "required_when"})


# ---------------------------------------------------------------------------------------------------------------
# value rules: what a field's value must be


def shown(value: Any, limit: int = 60) -> str:
    """A value in a message: its repr, shortened (a 100 KiB mistake must not become a 100 KiB error)."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit - 15]}... ({len(value) if isinstance(value, str) else len(text)} characters)"


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The known name a misspelt one most likely meant: a case-insensitive match first, then the closest."""
    choices = list(choices)
    folded = {c.lower(): c for c in choices}
    if word.lower() in folded:
        return folded[word.lower()]
    close = get_close_matches(word.lower(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def control_characters(value: str, allowed: str = "") -> list[str]:
    """The control characters (Unicode Cc) in ``value`` other than ``allowed``, as U+XXXX."""
    return sorted({f"U+{ord(c):04X}" for c in value if unicodedata.category(c) == "Cc" and c not in allowed})


@dataclass(frozen=True)
class Rule:
    """How one field's value is checked. ``reason`` names the rule in violations; ``code`` is Twilio's error for
    it, if any."""

    reason: str = "invalid_value"
    code: int | None = None
    type_code: int | None = None  # Twilio's error for a value of the wrong type, if it has one

    def normalize(self, value: Any) -> Any:
        return value

    def problems(self, name: str, value: Any) -> Iterator[Violation]:
        """Violations of a known, non-None value."""
        return iter(())

    def from_config(self, name: str, value: Any) -> Any:
        """A stack-config value as the input it stands for. YAML and ``pulumi config set --path`` type what users
        type (``+14155550100`` becomes a number, ``true`` a boolean, ``3`` stays the string "3" without
        ``--path``): what can only mean one thing is converted; anything else raises :class:`ConfigValueError`
        saying what to type."""
        return value

    @property
    def group_fields(self) -> type[ResourceArgs] | None:
        """The declaration of a nested object's fields (:class:`Group`, :class:`GroupList`); None for a scalar."""
        return None

    @property
    def contains_secret(self) -> bool:
        """Whether a nested field is secret, which makes the whole input secret in state."""
        return False

    def _violation(self, name: str, message: str, reason: str | None = None) -> Violation:
        return Violation(name, reason or self.reason, message, self.code)

    def _type(self, name: str, what: str) -> Violation:
        return Violation(name, "invalid_type", f"{name} must be {what}", self.type_code)


class ConfigValueError(ValueError):
    """A stack-config value of a type the field cannot take; the message says what to type instead. A nested
    object (:class:`Group`) raises one for all of its fields' problems at once (``violations``)."""

    def __init__(self, violation: Violation, *more: Violation) -> None:
        super().__init__(violation.message)
        self.violation = violation
        self.violations = [violation, *more]


def _quote_it(name: str, value: Any, what: str) -> ConfigValueError:
    kind = "true/false" if isinstance(value, bool) else "a number" if isinstance(value, (int, float)) else \
        "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) else type(value).__name__
    key = name.rpartition(".")[2].partition("[")[0]  # the YAML key the value stands under
    return ConfigValueError(Violation(
        name, "invalid_type",
        f"{name} must be {what}, got {kind} ({shown(value)}); write it in quotes in Pulumi.<stack>.yaml "
        f"({key}: \"...\")"))


@dataclass(frozen=True)
class Text(Rule):
    min_len: int | None = None
    max_len: int | None = None
    pattern: re.Pattern[str] | None = None
    what: str | None = None  # how a pattern mismatch is explained, e.g. "an E.164 phone number"
    multiline: bool = False  # line breaks and tabs allowed (campaign texts); other control characters never are

    def problems(self, name: str, value: Any) -> Iterator[Violation]:
        if not isinstance(value, str):
            yield self._type(name, "a string")
            return
        controls = control_characters(value, "\n\r\t" if self.multiline else "")
        if controls:
            yield self._violation(name, f"{name} must not contain control characters, found {', '.join(controls)}",
                                  "control_characters")
        elif self.min_len is not None and self.max_len is not None and not self.min_len <= len(value) <= self.max_len:
            yield self._violation(name, f"{name} must be {self.min_len}-{self.max_len} characters long, "
                                        f"got {len(value)}")
        elif self.max_len is not None and len(value) > self.max_len:
            yield self._violation(name, f"{name} must be at most {self.max_len} characters, got {len(value)}")
        elif self.pattern is not None and not self.pattern.match(value):
            yield self._violation(name, f"{name} must be {self.what or 'of the form ' + self.pattern.pattern}, "
                                        f"got {shown(value)}")

    def from_config(self, name: str, value: Any) -> Any:
        # A whole number where text is wanted (`--path ...friendlyName 2024`, a keyword 123) can only mean its
        # digits, when they are a valid value.
        if isinstance(value, int) and not isinstance(value, bool):
            digits = self.as_text(value)
            if self.pattern is None or self.pattern.match(digits):
                return digits
        if not isinstance(value, str):
            raise _quote_it(name, value, self.what or "text")
        return value

    def as_text(self, number: int) -> str:
        return str(number)


@dataclass(frozen=True)
class PhoneNumber(Text):
    """An E.164 number. ``--path`` stores ``+14155550100`` as the number 14155550100: its digits with the '+'
    put back are accepted when they form an E.164 number."""

    def as_text(self, number: int) -> str:
        return f"+{number}"


def Sid(prefix: str, what: str, *, reason: str = "invalid_sid", code: int | None = None) -> Text:  # noqa: N802
    """A SID of one resource kind: ``prefix`` followed by 32 hex digits."""
    return Text(pattern=sid_pattern(prefix), what=f"{what} SID ({prefix} followed by 32 hex digits)",
                reason=reason, code=code)


def Phone(reason: str = "invalid_phone_number") -> Text:  # noqa: N802
    return PhoneNumber(pattern=E164, what="an E.164 phone number such as +14155551234", reason=reason)


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def Email(reason: str = "invalid_email") -> Text:  # noqa: N802
    return Text(pattern=EMAIL, what="an email address", reason=reason)


@dataclass(frozen=True)
class Flag(Rule):
    def problems(self, name: str, value: Any) -> Iterator[Violation]:
        if not isinstance(value, bool):
            yield Violation(name, "invalid_type", f"{name} must be a boolean (true or false), got {shown(value)}",
                            self.code)

    def from_config(self, name: str, value: Any) -> Any:
        # `pulumi config set` without --path, or a quoted YAML "true", stores the string.
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        return value


@dataclass(frozen=True)
class Whole(Rule):
    low: int = 0
    high: int = 2**31 - 1

    def normalize(self, value: Any) -> Any:
        return as_int(value)

    def problems(self, name: str, value: Any) -> Iterator[Violation]:
        if not isinstance(value, int) or isinstance(value, bool) or not self.low <= value <= self.high:
            yield self._violation(name, f"{name} must be a whole number from {self.low} to {self.high}, "
                                        f"got {shown(value)}")

    def from_config(self, name: str, value: Any) -> Any:
        if isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            return int(value)
        return as_int(value)


@dataclass(frozen=True)
class Seconds(Rule):
    """A duration in seconds: a number (whole or not) from ``low`` to ``high``."""

    low: float = 0.0
    high: float = 3600.0

    def problems(self, name: str, value: Any) -> Iterator[Violation]:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not self.low <= value <= self.high:
            yield self._violation(name, f"{name} must be a number of seconds from {self.low:g} to {self.high:g}, "
                                        f"got {shown(value)}")

    def from_config(self, name: str, value: Any) -> Any:
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                return value
            return number if math.isfinite(number) else value
        return value


@dataclass(frozen=True)
class Choice(Rule):
    values: tuple[str, ...] = ()
    upper: bool = False  # accept any case and send upper case (HTTP methods, brand types)
    example: str | None = None  # shown instead of the whole list when it is long

    def normalize(self, value: Any) -> Any:
        return value.upper() if self.upper and isinstance(value, str) else value

    def problems(self, name: str, value: Any) -> Iterator[Violation]:
        if value not in self.values:
            allowed = self.example or ", ".join(self.values)
            yield self._violation(name, f"{name} must be one of {allowed}, got {shown(value)}")


#: a host name (LDH labels), or an IPv4 address; IPv6 literals are checked by `ipaddress`
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def host_problem(host: str | None) -> str | None:
    """Why ``host`` (from urlsplit) is not a host Twilio can call, or None."""
    if not host:
        return "has no host"
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"has an invalid host {shown(host)}"
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or not all(_HOST_LABEL.match(label) for label in labels):
        return f"has an invalid host {shown(host)}"
    return None


#: Top-level domains that never name a public web site (RFC 2606, RFC 6761, RFC 6762, ICANN's .internal).
_PRIVATE_TLDS = frozenset({"test", "example", "invalid", "localhost", "local", "internal"})


def _public_host(host: str) -> bool:
    """Whether a URL's host can be reached from the internet: a dotted name outside the reserved top-level domains,
    or a global IP address."""
    try:
        return ipaddress.ip_address(host).is_global
    except ValueError:
        pass
    labels = host.rstrip(".").lower().split(".")
    return len(labels) > 1 and all(labels) and labels[-1] not in _PRIVATE_TLDS


@dataclass(frozen=True)
class Url(Rule):
    """An absolute http(s) URL with a valid host, no whitespace or control characters. An empty string clears the
    URL on Twilio and is allowed unless ``required``. ``public`` URLs are ones Twilio's reviewers must open, so their
    host must be reachable from the internet."""

    https_only: bool = False
    public: bool = False
    base: bool = False  # a base URL (twilio:apiBaseUrl): no query or fragment, a trailing "/" dropped
    max_len: int = 2048  # ours: Twilio documents no limit for these URLs; longer ones are never intended

    def normalize(self, value: Any) -> Any:
        return value.rstrip("/") if self.base and isinstance(value, str) else value

    def problems(self, name: str, value: Any) -> Iterator[Violation]:
        if value == "":
            return
        what = "an absolute https URL" if self.https_only else "an absolute http(s) URL"
        if not isinstance(value, str):
            yield self._violation(name, f"{name} must be {what}, got {shown(value)}")
            return
        if len(value) > self.max_len:
            yield self._violation(name, f"{name} must be at most {self.max_len} characters, got {len(value)}")
            return
        if any(c.isspace() for c in value) or control_characters(value):
            yield self._violation(name, f"{name} must be {what} without spaces or control characters, "
                                        f"got {shown(value)}")
            return
        parts = urlsplit(value)
        schemes = ("https",) if self.https_only else ("http", "https")
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number from 0 to 65535
            host = host_problem(parts.hostname)
        except ValueError:
            host = "has an invalid port"
        if self.base and not host and (parts.query or parts.fragment):
            host = "a base URL has no query or fragment"
        if parts.scheme not in schemes or not parts.netloc or host:
            yield self._violation(name, f"{name} must be {what}, got {shown(value)}" + (f" ({host})" if host else ""))
        elif self.public and not _public_host(str(parts.hostname)):
            yield self._violation(name, f"{name} must be {what} on a public host, got {shown(value)}")

    def from_config(self, name: str, value: Any) -> Any:
        return value if isinstance(value, str) else Text().from_config(name, value)


@dataclass(frozen=True)
class TextList(Rule):
    """A list of strings, each checked by ``item``; ``joined_max`` bounds the comma-joined length."""

    min_items: int | None = None
    max_items: int | None = None
    item: Text = Text()
    joined_max: int | None = None
    count_reason: str = "invalid_count"
    noun: str = "items"

    def normalize(self, value: Any) -> Any:
        return list(value) if isinstance(value, tuple) else value

    def problems(self, name: str, value: Any) -> Iterator[Violation]:
        if not isinstance(value, list):
            yield self._type(name, "a list of strings")
            return
        if self.min_items is not None and self.max_items is not None \
                and not self.min_items <= len(value) <= self.max_items:
            yield self._violation(name, f"{name} must hold {self.min_items}-{self.max_items} {self.noun}, got {len(value)}",
                                  self.count_reason)
        bad_type = [i for i, v in enumerate(value) if not isinstance(v, str)]
        if bad_type:
            yield self._type(f"{name}[{bad_type[0]}]", "a string")
            return
        if self.item.pattern is not None:  # report a pattern list in one line
            bad = [v for v in value if not self.item.pattern.match(v)]
            if bad:
                yield Violation(name, self.item.reason, f"{name} values must be {self.item.what}: {shown(bad)}",
                                self.item.code)
        else:
            for i, item in enumerate(value):
                yield from self.item.problems(f"{name}[{i}]", item)
        if self.joined_max is not None and len(",".join(value)) > self.joined_max:
            yield Violation(name, self.item.reason, f"{name} must total at most {self.joined_max} characters",
                            self.item.code)

    def from_config(self, name: str, value: Any) -> Any:
        if not isinstance(value, list):
            raise ConfigValueError(Violation(
                name, "invalid_type", f"{name} must be a list, got {shown(value)}; write a YAML list "
                                      f"({name}: [A, B]) or set the items one by one with `pulumi config set "
                                      f"--path '{THIS_KEY}[0]' A`"))
        return [self.item.from_config(f"{name}[{i}]", item) for i, item in enumerate(value)]


@dataclass(frozen=True)
class Group(Rule):
    """An object whose fields are declared like a resource's inputs, by a ``ResourceArgs`` subclass (``fields``).

    Unknown keys, required fields and each field's rule are checked as for a resource, the violations named by their
    path (``address.postal_code``). Unset (None) fields are dropped by :meth:`normalize`, so stored and new values
    compare equal whichever way an unset field was written.
    """

    fields: type[ResourceArgs] | None = None
    what: str = "an object"

    def __post_init__(self) -> None:
        if self.fields is None:
            raise TypeError("Group needs the declaration of its fields")

    @property
    def group_fields(self) -> type[ResourceArgs] | None:
        return self.fields

    @property
    def contains_secret(self) -> bool:
        assert self.fields is not None
        return any(spec.is_secret for spec in self.fields.specs().values())

    def normalize(self, value: Any) -> Any:
        if not isinstance(value, Mapping) or self.fields is None:
            return value
        return {k: v for k, v in self.fields.normalized(value).items() if v is not None}

    def problems(self, name: str, value: Any) -> Iterator[Violation]:
        if not isinstance(value, Mapping):
            yield self._type(name, self.what)
            return
        assert self.fields is not None
        yield from self.fields.violations(value, prefix=f"{name}.")

    def from_config(self, name: str, value: Any) -> Any:
        """The object's camelCase keys as input names, each value converted by its field's rule, at any depth."""
        assert self.fields is not None
        if not isinstance(value, Mapping):
            raise ConfigValueError(Violation(name, "invalid_type", f"{name} must be {self.what}, got {shown(value)}"))
        inputs, found = self.fields.from_config(value, prefix=f"{name}.")
        if found:
            raise ConfigValueError(*found)
        return inputs


@dataclass(frozen=True)
class GroupList(Rule):
    """A list of objects, each checked by ``item`` (a :class:`Group`) and named by its index."""

    item: Group | None = None
    min_items: int | None = None
    max_items: int | None = None
    count_reason: str = "invalid_count"
    noun: str = "items"

    @property
    def group_fields(self) -> type[ResourceArgs] | None:
        assert self.item is not None
        return self.item.fields

    @property
    def contains_secret(self) -> bool:
        assert self.item is not None
        return self.item.contains_secret

    def normalize(self, value: Any) -> Any:
        assert self.item is not None
        return [self.item.normalize(v) for v in value] if isinstance(value, (list, tuple)) else value

    def problems(self, name: str, value: Any) -> Iterator[Violation]:
        assert self.item is not None
        if not isinstance(value, list):
            yield self._type(name, f"a list of {self.noun}")
            return
        low = self.min_items if self.min_items is not None else 0
        high = self.max_items if self.max_items is not None else len(value)
        if not low <= len(value) <= high:
            yield self._violation(name, f"{name} must hold {low}-{high} {self.noun}, got {len(value)}",
                                  self.count_reason)
        for i, item in enumerate(value):
            yield from self.item.problems(f"{name}[{i}]", item)

    def from_config(self, name: str, value: Any) -> Any:
        assert self.item is not None
        if not isinstance(value, list):
            raise ConfigValueError(Violation(name, "invalid_type", f"{name} must be a list of {self.noun}, got "
                                                                   f"{shown(value)}"))
        items, found = [], []
        for i, item in enumerate(value):
            try:
                items.append(self.item.from_config(f"{name}[{i}]", item))
            except ConfigValueError as exc:
                found += exc.violations
        if found:
            raise ConfigValueError(*found)
        return items


# ---------------------------------------------------------------------------------------------------------------
# field specs


class Update(Enum):
    """What a change of the field does to the Twilio object."""

    IN_PLACE = "in place"  # Twilio's update accepts it
    REPLACE = "replace"  # a new Twilio object (and for a brand or campaign: new fees and review)
    FIXED = "fixed"  # Twilio cannot change it and we do not replace on our own: `up` stops and says how
    LOCAL = "local"  # ours only, never sent to Twilio (e.g. how long to wait for a review)
    ADOPT = "adopt"  # adopt_sid: replaces only when it names another object than the one managed


@dataclass(frozen=True)
class NewRequirement:
    """A field Twilio began to require on create after objects had been made without it: a new object needs it, one
    that exists (created earlier, or adopted) keeps working without it."""

    rule: str  # the reason code of the violation, e.g. "privacy_policy_url_missing"
    code: int  # Twilio's error for a create without it
    since: date

    def violation(self, name: str) -> Violation:
        return Violation(name, self.rule, f"{name} is required for a new registration (Twilio refuses one without "
                                          f"it since {self.since:%Y-%m-%d})", self.code)


@dataclass(frozen=True)
class FieldSpec:
    rule: Rule
    update: Update = Update.IN_PLACE
    required: bool = False  # on create, unless adopting an existing object
    required_code: int | None = None
    new_requirement: NewRequirement | None = None  # required only to create a new object, see NewRequirement
    default: Any = None  # applied by check(), so the plan and the policies see it
    config: str | None = None  # the stack-config key; None: camelCase of the name; "" keeps it out of config
    secret: bool = False  # personal or secret data: never printed, secret in state
    path: bool = False  # a URL path parameter (the parent's SID): always required, never in the request body
    doc: str = ""

    @property
    def sent(self) -> bool:
        """A request-body parameter of Twilio's create (and update, if it updates in place)."""
        return self.update not in (Update.LOCAL, Update.ADOPT) and not self.path

    @property
    def is_secret(self) -> bool:
        """Secret itself, or an object holding a secret field (the whole input is then secret in state)."""
        return self.secret or self.rule.contains_secret


def twilio_field(rule: Rule, *, update: Update = Update.IN_PLACE, required: bool = False,
                 required_code: int | None = None, new_requirement: NewRequirement | None = None,
                 default: Any = None, config: str | None = None, secret: bool = False, path: bool = False,
                 doc: str = "") -> Any:
    """Declare one input of a resource (a dataclass field defaulting to None = not set)."""
    spec = FieldSpec(rule, update=update, required=required, required_code=required_code,
                     new_requirement=new_requirement, default=default, config=config, secret=secret, path=path,
                     doc=doc)
    return dataclasses.field(default=None, metadata={_SPEC: spec})


def wait_field(what: str) -> Any:
    """``wait_for_review``: whether `up` waits until Twilio's review of the object ends (ours, never sent)."""
    return twilio_field(Flag(), update=Update.LOCAL, doc=f"wait during `up` until Twilio's review of the {what} ends")


def review_timeout_field() -> Any:
    """``review_timeout_seconds``: how long `up` waits for a review (ours, never sent)."""
    return twilio_field(Whole(low=1, high=7 * 24 * 3600), update=Update.LOCAL,
                        doc="how long `up` waits for a review, in seconds (default 300)")


def adopt_field(prefix: str, what: str) -> Any:
    return twilio_field(Sid(prefix, what), update=Update.ADOPT,
                        doc=f"SID of an existing {what.removeprefix('a ').removeprefix('an ')} to bring under "
                            "management instead of creating one")


# ---------------------------------------------------------------------------------------------------------------
# the declaration base


@dataclass(frozen=True, kw_only=True)
class ResourceArgs:
    """Base of the per-resource input declarations. Subclasses are frozen, keyword-only dataclasses."""

    #: the computed outputs the resource reports besides its inputs
    OUTPUTS: ClassVar[tuple[str, ...]] = ()
    #: fields required only when another field has a value: (field, value, required fields), e.g. a public
    #: company's stock ticker
    REQUIRED_WHEN: ClassVar[tuple[tuple[str, Any, tuple[str, ...]], ...]] = ()

    @classmethod
    @cache
    def specs(cls) -> Mapping[str, FieldSpec]:
        return {f.name: f.metadata[_SPEC] for f in dataclasses.fields(cls) if _SPEC in f.metadata}

    @classmethod
    def names(cls, *updates: Update, rule: type[Rule] | None = None) -> tuple[str, ...]:
        """Input names, optionally only those that change by one of ``updates`` or use a ``rule`` type."""
        return tuple(name for name, spec in cls.specs().items()
                     if (not updates or spec.update in updates) and (rule is None or isinstance(spec.rule, rule)))

    @classmethod
    def sent_names(cls) -> tuple[str, ...]:
        """The inputs that are Twilio parameters (create and update)."""
        return tuple(name for name, spec in cls.specs().items() if spec.sent)

    @classmethod
    def secret_names(cls) -> tuple[str, ...]:
        """Inputs stored as secrets: personal or secret data, or objects that hold some."""
        return tuple(name for name, spec in cls.specs().items() if spec.is_secret)

    def props(self) -> dict[str, Any]:
        """The props registered with Pulumi: every input (None = not set) and every computed output as None."""
        props = {name: getattr(self, name) for name in self.specs()}
        props.update({name: None for name in self.OUTPUTS if name not in props})
        return props

    # -- check ------------------------------------------------------------------------------------------------
    @classmethod
    def user_inputs(cls, props: Mapping[str, Any]) -> dict[str, Any]:
        """The declared inputs that are set (not None); Pulumi's internal keys and outputs dropped."""
        return {k: props[k] for k in cls.specs() if props.get(k) is not None}

    @classmethod
    def normalized(cls, news: Mapping[str, Any]) -> dict[str, Any]:
        """Defaults applied and known values normalised (upper-case enums, whole numbers), other keys kept."""
        inputs = dict(news)
        for name, spec in cls.specs().items():
            value = inputs.get(name)
            if value is None:
                if spec.default is not None:
                    inputs[name] = spec.default
            elif not is_unknown(value):
                inputs[name] = spec.rule.normalize(value)
        return inputs

    @classmethod
    def violations(cls, inputs: Mapping[str, Any], *, adopting: bool | None = None, existing: bool = False,
                   skip_required: Iterable[str] = (), prefix: str = "") -> list[Violation]:
        """Every declared rule the known ``inputs`` break: unknown keys, required fields, value rules.

        ``adopting`` (default: ``adopt_sid`` is set) waives the required fields, since an adopted object keeps
        what it has; ``existing`` (the object was created earlier) waives the requirements Twilio added since
        (:class:`NewRequirement`); ``skip_required`` waives some (e.g. SIDs that siblings provide). ``prefix`` is
        the path of a nested object (``address.``), which every violation is named by. A secret field's value
        never appears in a message.
        """
        specs = cls.specs()
        if adopting is None:
            adopting = inputs.get("adopt_sid") is not None
        found: list[Violation] = []
        for key in sorted(inputs):
            if not key.startswith("__") and key not in specs and key not in cls.OUTPUTS:
                found.append(unknown_key(key, specs, f"field of {prefix[:-1]}" if prefix else "input", prefix))
        waived = set(skip_required)
        for name, spec in specs.items():
            value = inputs.get(name)
            if is_unknown(value):
                continue
            if value is None or (value in ("", []) and (spec.required or spec.path or spec.new_requirement)):
                if (spec.path or (spec.required and not adopting)) and name not in waived:
                    found.append(Violation(prefix + name, "missing_required_field", f"{prefix}{name} is required",
                                           spec.required_code))
                continue
            problems = spec.rule.problems(prefix + name, value)
            found.extend(v.without(value) if spec.secret else v for v in problems)
        for field, when, needed in cls.REQUIRED_WHEN:
            if inputs.get(field) != when:
                continue
            for name in needed:
                if inputs.get(name) in (None, "") and name not in waived:
                    found.append(Violation(prefix + name, "required_when",
                                           f"{prefix}{name} is required when {prefix}{field} is {when!r}",
                                           specs[name].required_code))
        if not (adopting or existing):
            found += [v for v in cls.new_requirements_missing(inputs) if v.field not in waived]
        return found

    @classmethod
    def new_requirements_missing(cls, inputs: Mapping[str, Any]) -> list[Violation]:
        """The :class:`NewRequirement` fields that known ``inputs`` leave out (or empty): what a new object of
        these inputs would be refused for, whether or not this one exists."""
        return [spec.new_requirement.violation(name) for name, spec in cls.specs().items()
                if spec.new_requirement is not None and not is_unknown(inputs.get(name))
                and inputs.get(name) in (None, "", [])]

    @classmethod
    def new_requirement_rules(cls) -> frozenset[str]:
        """The rule codes of :class:`NewRequirement` violations: rules that bind only objects not created yet."""
        return frozenset(spec.new_requirement.rule for spec in cls.specs().values() if spec.new_requirement)

    # -- Twilio ------------------------------------------------------------------------------------------------
    @classmethod
    def twilio_params(cls, inputs: Mapping[str, Any], names: Iterable[str] | None = None) -> dict[str, Any]:
        """The Twilio parameters among the set ``inputs`` (snake_case, as the twilio client takes them)."""
        wanted = cls.sent_names() if names is None else tuple(names)
        return {k: as_int(inputs[k]) for k in wanted if inputs.get(k) is not None}

    # -- stack config ------------------------------------------------------------------------------------------
    @classmethod
    def config_keys(cls) -> dict[str, str]:
        """Input name -> stack-config key (camelCase), for the inputs a user sets in stack config."""
        keys = {}
        for name, spec in cls.specs().items():
            if spec.config == "":
                continue
            keys[name] = spec.config or to_camel(name)
        return keys

    @classmethod
    def from_config(cls, section: Any, prefix: str = "") -> tuple[dict[str, Any], list[Violation]]:
        """A stack-config section (camelCase keys) as the inputs it sets, converted from what YAML and ``pulumi config
        set --path`` typed (:meth:`Rule.from_config`), nested objects (:class:`Group`) included; unknown keys and
        values of the wrong type as violations (named by input path, or by the unknown key below ``prefix``), a
        secret's value never quoted. A Pulumi unknown stands for a value that cannot be read here (an encrypted one)
        and is kept as it is. Value rules are left to :meth:`violations`."""
        keys = cls.config_keys()
        inputs: dict[str, Any] = {}
        found: list[Violation] = []
        if not isinstance(section, Mapping):
            example = next(iter(keys.values()))
            return {}, [Violation("", "invalid_type", f"must be an object of {', '.join(keys.values())}, got "
                                                      f"{shown(section)}; set one key with `pulumi config set --path "
                                                      f"'{THIS_KEY}.{example}' VALUE`")]
        by_key = {key: name for name, key in keys.items()}
        for key, value in section.items():
            name = by_key.get(key)
            if name is None:
                found.append(unknown_key(str(key), keys.values(), prefix=prefix))
            elif isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN):
                inputs[name] = value
            elif value is not None:
                spec = cls.specs()[name]
                try:
                    inputs[name] = spec.rule.from_config(prefix + name, value)
                except ConfigValueError as exc:
                    found += [v.without(value) if spec.is_secret else v for v in exc.violations]
        return inputs, found

    @classmethod
    def config_path(cls, field: str) -> str:
        """An input path as violations name it (``authorized_representatives[0].phone_number``) in stack-config
        keys (``authorizedRepresentatives[0].phoneNumber``); a part that names no input (an unknown key) is kept."""
        keys: list[str] = []
        declaration: type[ResourceArgs] | None = cls
        for part in field.split("."):
            name, bracket, index = part.partition("[")
            spec = declaration.specs().get(name) if declaration is not None else None
            key = (spec.config or to_camel(name)) if spec is not None else name  # an unknown key as it was written
            keys.append(key + bracket + index)
            declaration = spec.rule.group_fields if spec is not None else None
        return ".".join(keys)

    @classmethod
    def declares(cls, field: str) -> bool:
        """Whether an input path (``address.city``, ``authorized_representatives[1].email``) names a declared field."""
        declaration: type[ResourceArgs] | None = cls
        for part in field.split("."):
            spec = declaration.specs().get(part.partition("[")[0]) if declaration is not None else None
            if spec is None:
                return False
            declaration = spec.rule.group_fields
        return True

    @classmethod
    def config_names(cls) -> dict[str, str]:
        """Every input name, nested ones included, -> its stack-config key (to reword messages in config terms)."""
        names: dict[str, str] = {}
        for name, spec in cls.specs().items():
            if spec.config == "":
                continue
            names.setdefault(name, spec.config or to_camel(name))
            if spec.rule.group_fields is not None:
                for inner, key in spec.rule.group_fields.config_names().items():
                    names.setdefault(inner, key)
        return names

    @classmethod
    def secret_paths(cls, values: Mapping[str, Any], prefix: str = "") -> list[str]:
        """The input paths of the secret fields set in ``values`` (``authorized_representatives[1].email``), at any
        depth: where personal data sits in a given set of inputs."""
        paths: list[str] = []
        for name, spec in cls.specs().items():
            value = values.get(name)
            if value is None:
                continue
            if spec.secret:
                paths.append(prefix + name)
                continue
            inner = spec.rule.group_fields
            if inner is None:
                continue
            items = enumerate(value) if isinstance(value, list) else [(None, value)]
            for index, item in items:
                if isinstance(item, Mapping):
                    where = f"{prefix}{name}" + (f"[{index}]" if index is not None else "")
                    paths += inner.secret_paths(item, prefix=where + ".")
        return paths


def changed(olds: Mapping[str, Any], news: Mapping[str, Any], keys: Iterable[str],
            normalize: Any = None) -> list[str]:
    """Keys set in ``news`` whose value differs from the stored outputs ``olds`` (unknown counts as changed)."""
    norm = normalize or (lambda _k, v: v)
    result = []
    for key in keys:
        new = news.get(key)
        if new is None:
            continue
        if is_unknown(new) or key not in olds or norm(key, new) != norm(key, olds.get(key)):
            result.append(key)
    return result

