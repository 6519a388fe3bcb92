"""Form and query parameters as Twilio declares them: names, types, required flags, enums.

Each product's operations declare their parameters next to their handlers (`responses/<product>.py`); this module
holds the declaration types and the parsing. Parsing turns `application/x-www-form-urlencoded` pairs into typed
values keyed by snake_case field names and rejects anything else with a Twilio-shaped 400 that names the parameter
and the rule (D17: unknown parameters are rejected rather than ignored).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from twilio_contract import sid_pattern

from .exceptions import (InvalidParameter, InvalidPhoneNumberSid, MalformedRequest, MissingParameter,
                         UnknownParameter, UnsupportedContentType)

E164 = re.compile(r"^\+[1-9]\d{1,14}$")


@dataclass(frozen=True)
class Param:
    """One declared parameter. `kind`: str, bool, int, uri, list, phone, enum, object (a JSON object, as the client
    sends Trust Hub `Attributes`), or sid (with `prefix`)."""

    name: str
    kind: str = "str"
    required: bool = False
    choices: tuple[str, ...] = ()
    prefix: str = ""
    field: str = ""
    clearable: bool = False  # an empty string clears the reference (v2010 numbers)

    @property
    def key(self) -> str:
        return self.field or re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", self.name).lower()


def sid(name: str, prefix: str, required: bool = False, field: str = "", clearable: bool = False) -> Param:
    return Param(name, "sid", required, prefix=prefix, field=field, clearable=clearable)


def enum(name: str, *choices: str, required: bool = False) -> Param:
    return Param(name, "enum", required, choices=choices)


HTTP_METHOD = ("GET", "POST")


def decode_form(raw: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """Decode a request body; malformed encodings are 400s, not crashes."""
    if not raw:
        return []
    media = (content_type or "").split(";")[0].strip().lower()
    if media != "application/x-www-form-urlencoded":
        raise UnsupportedContentType(media or "(none)")
    try:
        text = raw.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, strict_parsing=True, errors="strict")
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedRequest("form body", exc) from None


def decode_query(query: str) -> list[tuple[str, str]]:
    if not query:
        return []
    try:
        return parse_qsl(query, keep_blank_values=True, strict_parsing=True, errors="strict")
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedRequest("query string", exc) from None


def parse(pairs: list[tuple[str, str]], declared: tuple[Param, ...], where: str = "post body") -> dict[str, Any]:
    by_name = {p.name: p for p in declared}
    raw: dict[str, list[str]] = {}
    for name, value in pairs:
        if name not in by_name:
            allowed = ", ".join(by_name) or "none"
            raise UnknownParameter(name, where, allowed)
        raw.setdefault(name, []).append(value)
    out: dict[str, Any] = {}
    for p in declared:
        values = raw.get(p.name)
        if values is None:
            if p.required:
                raise MissingParameter(p.name, where)
            continue
        if p.kind == "list":
            out[p.key] = list(values)
            continue
        if len(values) > 1:
            raise InvalidParameter(p.name, "must be given once")
        out[p.key] = convert(p, values[0])
    return out


def convert(p: Param, value: str) -> Any:
    if p.kind == "str":
        return value
    if p.kind == "bool":
        lowered = value.lower()
        if lowered not in ("true", "false"):
            raise InvalidParameter(p.name, f"must be true or false, got {value!r}")
        return lowered == "true"
    if p.kind == "int":
        if not re.fullmatch(r"-?\d{1,18}", value):
            raise InvalidParameter(p.name, f"must be an integer, got {value!r}")
        return int(value)
    if p.kind == "enum":
        if value not in p.choices:
            raise InvalidParameter(p.name, f"must be one of {', '.join(p.choices)}, got {value!r}")
        return value
    if p.kind == "uri":
        if value == "":
            return ""  # the client's only way to clear a URL
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidParameter(p.name, f"must be an absolute http(s) URL, got {value!r}")
        return value
    if p.kind == "object":
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise InvalidParameter(p.name, "must be a JSON object")
        return parsed
    if p.kind == "phone":
        if not E164.match(value):
            raise InvalidParameter(p.name, f"must be an E.164 phone number (+ and digits), got {value!r}")
        return value
    if p.kind == "sid":
        if value == "" and p.clearable:
            return ""
        if not sid_pattern(p.prefix).match(value):
            if p.name == "PhoneNumberSid":
                raise InvalidPhoneNumberSid(value)
            raise InvalidParameter(p.name, f"must be a {p.prefix} SID ({p.prefix} + 32 hex digits), got {value!r}")
        return value
    raise AssertionError(p.kind)


PAGING = (Param("PageSize", "int"), Param("Page", "int"), Param("PageToken"))
