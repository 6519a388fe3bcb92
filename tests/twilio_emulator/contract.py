"""Validation of recorded emulator traffic against Twilio's own OpenAPI documents (openapi-core).

The documents come from the npm package @twilio/cli-core (pinned in package.json, installed by `npm ci`). Three
patches are applied to the loaded dicts, all for quirks of the published documents rather than of the emulator:

1. Nullable enums: Twilio's enum component schemas (e.g. brand `identity_status`) carry neither `nullable` nor
   `null` in `enum`, yet Twilio's own examples and live responses send `null` there (a PENDING brand's
   `identity_status`). Every enum component schema gets `nullable: true` and `null` in its enum.
2. `messaging.v1.service.us_app_to_person_response` is `oneOf: [v1, v2]`, where v2 is v1 plus two required
   properties and neither forbids extra properties, so every v2 body also matches v1 and strict `oneOf` can never
   accept one. It is loaded as `anyOf`, which is what the document means: either shape.
3. The 2010 API's `uri`, `first_page_uri`, `next_page_uri` and `previous_page_uri` are declared `format: uri`
   (absolute) although they are paths relative to https://api.twilio.com in Twilio's own examples and in the
   client's paging code (`twilio.base.page.Page` joins them to the domain). They are loaded as
   `format: uri-reference`. (openapi-core does not check `uri` formats without an extra package; schemathesis
   does, so this matters for the property run.)
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

SPEC_DIR = Path(__file__).resolve().parents[2] / "node_modules/@twilio/cli-core/src/services/twilio-api"
#: Twilio host -> the document that describes it (its `servers` entry is https://<host>.twilio.com).
DOCUMENTS = {
    "messaging": "twilio_messaging_v1.json",
    "api": "twilio_api_v2010.json",
    "trusthub": "twilio_trusthub_v1.json",
    "conversations": "twilio_conversations_v1.json",
    "flex-api": "twilio_flex_v1.json",
    "studio": "twilio_studio_v2.json",
    "proxy": "twilio_proxy_v1.json",
}


def host_of(request: requests.PreparedRequest) -> str:
    """The Twilio host a request was meant for: its `Host` header (the emulator's clients always send one)."""
    host = request.headers.get("Host", "")
    if not host.endswith(".twilio.com"):
        raise AssertionError(f"{request.method} {request.url}: no Twilio Host header")
    return host.removesuffix(".twilio.com")


@cache
def raw_document(product: str) -> dict[str, Any]:
    path = SPEC_DIR / DOCUMENTS[product]
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `npm ci` in the project root")
    return json.loads(path.read_text())


@cache
def patched_document(product: str) -> dict[str, Any]:
    doc = copy.deepcopy(raw_document(product))
    for schema in doc["components"]["schemas"].values():
        if "enum" in schema:  # patch 1: nullable enums
            schema["nullable"] = True
            if None not in schema["enum"]:
                schema["enum"].append(None)
    if product == "api":  # patch 3: relative v2010 URIs
        for schema in _all_schemas(doc):
            for name, prop in schema.get("properties", {}).items():
                if name in ("uri", "first_page_uri", "next_page_uri", "previous_page_uri") and \
                        prop.get("format") == "uri":
                    prop["format"] = "uri-reference"
    usa2p = doc["components"]["schemas"].get("messaging.v1.service.us_app_to_person_response")
    if usa2p and "oneOf" in usa2p:  # patch 2: v1/v2 campaign bodies
        usa2p["anyOf"] = usa2p.pop("oneOf")
    return doc


def _all_schemas(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Component schemas and the inline response schemas of every operation (v2010 list bodies are inline)."""
    yield from doc["components"]["schemas"].values()
    for item in doc["paths"].values():
        for op in item.values():
            if isinstance(op, dict):
                for response in op.get("responses", {}).values():
                    for media in response.get("content", {}).values():
                        if "schema" in media:
                            yield media["schema"]


@cache
def openapi(product: str) -> OpenAPI:
    return OpenAPI.from_dict(patched_document(product))


def operation_id(host: str, method: str, path: str) -> str | None:
    """The spec operation a concrete request path of a host belongs to (literal segments win over templated ones)."""
    doc = raw_document(host)
    candidates = []
    for template, item in doc["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in item:
            candidates.append((template.count("{"), item[method.lower()]["operationId"]))
    return min(candidates)[1] if candidates else None


@dataclass
class Exchange:
    request: requests.PreparedRequest
    response: requests.Response

    @property
    def path(self) -> str:
        return urlsplit(self.request.url).path

    @property
    def host(self) -> str:
        return host_of(self.request)

    @property
    def operation(self) -> str | None:
        return operation_id(self.host, self.request.method or "", self.path)


class Recorder:
    """A requests response hook: every request the twilio client sends, with the response it got."""

    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []

    def hook(self, response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
        self.exchanges.append(Exchange(response.request, response))
        return response


def as_sent_to_twilio(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """The same request addressed to the product's real host, so the document's `servers` entry matches."""
    copy_ = request.copy()
    parts = urlsplit(request.url)
    copy_.url = f"https://{host_of(request)}.twilio.com{parts.path}" + (f"?{parts.query}" if parts.query else "")
    return copy_


def violations(exchanges: list[Exchange]) -> list[str]:
    """Schema violations of every request, and of every 2xx response (the documents describe no error bodies)."""
    found = []
    for ex in exchanges:
        spec = openapi(ex.host)
        request = RequestsOpenAPIRequest(as_sent_to_twilio(ex.request))
        label = f"{ex.request.method} {ex.path} ({ex.operation}) -> {ex.response.status_code}"
        try:
            spec.validate_request(request)
        except Exception as exc:  # openapi-core raises a family of validation errors
            found.append(f"request {label}: {exc!r} {getattr(exc, '__cause__', '')!r}")
        if 200 <= ex.response.status_code < 300:
            try:
                spec.validate_response(request, RequestsOpenAPIResponse(ex.response))
            except Exception as exc:
                details = getattr(exc, "schema_errors", None) or getattr(exc.__cause__, "schema_errors", None)
                found.append(f"response {label}: {exc!r} {details!r}")
    return found
