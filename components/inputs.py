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

Values may be Pulumi unknowns during preview (:func:`is_unknown`); rules skip them, presence rules included.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
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
        return dataclasses.replace(self, message=self.message.replace(repr(value), "<secret>")
                                   .replace(shown(value), "<secret>"))

    def describe(self) -> str:
        """The message, plus the rule and Twilio's code where they tell the user something."""
        if self.twilio_error_code is not None:
            return f"{self.message} (rule {self.rule}, Twilio error {int(self.twilio_error_code)})"
        if self.rule not in GENERIC_RULES:
            return f"{self.message} (rule {self.rule})"
        return self.message


def unknown_key(key: str, known: Iterable[str], what: str = "key") -> Violation:
    """A key nobody declared: named (as the violation's field), with the declared one it most likely meant."""
    known = sorted(known)
    guess = nearest(key, known)
    hint = f"did you mean {guess}?" if guess else f"known: {', '.join(known)}"
    return Violation(key, "unknown_key", f"unknown {what} ({hint})")


#: stands for the stack-config key in messages written below the stack config (renderers put the key in)
THIS_KEY = "<this key>"


#: Rule codes that say nothing the message does not (a named rule is shown: it can be looked up and ignored).
GENERIC_RULES = frozenset({"invalid_value", "invalid_type", "invalid_sid", "invalid_phone_number",
                           "missing_required_field", "unknown_key", "control_characters"})


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

    def _violation(self, name: str, message: str, reason: str | None = None) -> Violation:
        return Violation(name, reason or self.reason, message, self.code)

    def _type(self, name: str, what: str) -> Violation:
        return Violation(name, "invalid_type", f"{name} must be {what}", self.type_code)


class ConfigValueError(ValueError):
    """A stack-config value of a type the field cannot take; the message says what to type instead."""

    def __init__(self, violation: Violation) -> None:
        super().__init__(violation.message)
        self.violation = violation


def _quote_it(name: str, value: Any, what: str) -> ConfigValueError:
    kind = "true/false" if isinstance(value, bool) else "a number" if isinstance(value, (int, float)) else \
        "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) else type(value).__name__
    return ConfigValueError(Violation(
        name, "invalid_type",
        f"{name} must be {what}, got {kind} ({shown(value)}); write it in quotes in Pulumi.<stack>.yaml "
        f"({name}: \"...\")"))


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


@dataclass(frozen=True)
class Url(Rule):
    """An absolute http(s) URL with a valid host, no whitespace or control characters. An empty string clears the
    URL on Twilio and is allowed unless ``required``."""

    https_only: bool = False
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
class FieldSpec:
    rule: Rule
    update: Update = Update.IN_PLACE
    required: bool = False  # on create, unless adopting an existing object
    required_code: int | None = None
    default: Any = None  # applied by check(), so the plan and the policies see it
    config: str | None = None  # the stack-config key; None: camelCase of the name; "" keeps it out of config
    secret: bool = False  # personal or secret data: never printed, secret in state
    path: bool = False  # a URL path parameter (the parent's SID): always required, never in the request body
    doc: str = ""

    @property
    def sent(self) -> bool:
        """A request-body parameter of Twilio's create (and update, if it updates in place)."""
        return self.update not in (Update.LOCAL, Update.ADOPT) and not self.path


def twilio_field(rule: Rule, *, update: Update = Update.IN_PLACE, required: bool = False,
                 required_code: int | None = None, default: Any = None, config: str | None = None,
                 secret: bool = False, path: bool = False, doc: str = "") -> Any:
    """Declare one input of a resource (a dataclass field defaulting to None = not set)."""
    spec = FieldSpec(rule, update, required, required_code, default, config, secret, path, doc)
    return dataclasses.field(default=None, metadata={_SPEC: spec})


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
        return tuple(name for name, spec in cls.specs().items() if spec.secret)

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
    def violations(cls, inputs: Mapping[str, Any], *, adopting: bool | None = None,
                   skip_required: Iterable[str] = ()) -> list[Violation]:
        """Every declared rule the known ``inputs`` break: unknown keys, required fields, value rules.

        ``adopting`` (default: ``adopt_sid`` is set) waives the required fields, since an adopted object keeps
        what it has; ``skip_required`` waives some (e.g. SIDs that siblings provide).
        """
        specs = cls.specs()
        if adopting is None:
            adopting = inputs.get("adopt_sid") is not None
        found: list[Violation] = []
        for key in sorted(inputs):
            if not key.startswith("__") and key not in specs and key not in cls.OUTPUTS:
                found.append(unknown_key(key, specs, "input"))
        waived = set(skip_required)
        for name, spec in specs.items():
            value = inputs.get(name)
            if is_unknown(value):
                continue
            if value is None or (value in ("", []) and (spec.required or spec.path)):
                if (spec.path or (spec.required and not adopting)) and name not in waived:
                    found.append(Violation(name, "missing_required_field", f"{name} is required", spec.required_code))
                continue
            problems = spec.rule.problems(name, value)
            found.extend(v.without(value) if spec.secret else v for v in problems)
        return found

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
    def from_config(cls, section: Any) -> tuple[dict[str, Any], list[Violation]]:
        """A stack-config section (camelCase keys) as the inputs it sets, converted from what YAML and ``pulumi config
        set --path`` typed (:meth:`Rule.from_config`); unknown keys and values of the wrong type as violations
        (named by input, or by the unknown key). Value rules are left to :meth:`violations`."""
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
                found.append(unknown_key(str(key), keys.values()))
            elif value is not None:
                try:
                    inputs[name] = cls.specs()[name].rule.from_config(name, value)
                except ConfigValueError as exc:
                    found.append(exc.violation)
        return inputs, found


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

