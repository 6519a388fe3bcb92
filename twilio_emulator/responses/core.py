"""What every product's HTTP layer shares: the request context, operation declarations, Twilio's JSON, date
formats and both pagination envelopes."""

from __future__ import annotations

import base64
import binascii
import functools
import email.utils
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from twilio_contract.hosts import TWILIO_DOMAIN

from ..exceptions import InvalidPageToken, InvalidParameter, TwilioError
from ..models import Session
from ..params import PAGING, Param

MAX_PAGE_SIZE = 1000  # D11: larger PageSize values are capped, as the client does not clamp
DEFAULT_PAGE_SIZE = 50


def iso(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def rfc2822(ts: int | None) -> str | None:
    return None if ts is None else email.utils.format_datetime(datetime.fromtimestamp(ts, timezone.utc))


def v1_dates(doc: dict[str, Any], *date_fields: str) -> dict[str, Any]:
    """A copy with the dates as v1 APIs (Messaging, Trust Hub) write them: ISO 8601 in UTC."""
    out = dict(doc)
    for f in ("date_created", "date_updated", *date_fields):
        if f in out:
            out[f] = iso(out[f])
    return out


def v2010_dates(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy with the dates as the 2010 API writes them: RFC 2822."""
    out = dict(doc)
    for f in ("date_created", "date_updated"):
        if f in out:
            out[f] = rfc2822(out[f])
    return out


def twilio_json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    hdrs = {"Twilio-Request-Id": "RQ" + uuid.uuid4().hex, **(headers or {})}
    return JSONResponse(body, status_code=status, headers=hdrs)


def error_response(err: TwilioError) -> Response:
    return twilio_json(err.body(), err.status, err.headers)


def no_content() -> Response:
    return Response(status_code=204, headers={"Twilio-Request-Id": "RQ" + uuid.uuid4().hex})


def basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic" or not token:
        return None
    try:
        user, sep, password = base64.b64decode(token.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (user, password) if sep else None


@dataclass
class Ctx:
    """What a handler needs from the request, already authenticated and parsed."""

    request: Request
    session: Session
    account_sid: str
    form: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    by_key: bool = False  # authenticated with an API key, which acts on its own account only (D19)

    @property
    def base(self) -> str:
        """Where absolute URLs in responses point (D28): Twilio's own https host when the request named one in
        `Host`, else the address the request reached."""
        host = self.request.headers.get("host", "").split(":")[0].lower()
        if host.endswith(TWILIO_DOMAIN):
            return "https://" + host
        return str(self.request.base_url).rstrip("/")

    def path(self, name: str) -> str:
        return self.request.path_params[name]


Handler = Callable[[Ctx], Response]


@dataclass(frozen=True)
class Operation:
    """One Twilio operation: where it is, what handles it, and the parameters Twilio declares for it (the contract
    tests compare these with Twilio's OpenAPI documents). A path with `{account_sid}` is a v2010 account path."""

    method: str
    path: str
    handler: Handler
    form: tuple[Param, ...] = ()
    query: tuple[Param, ...] = ()


# ---------------------------------------------------------------------------------------------- pagination
@dataclass(frozen=True)
class Page:
    """One page of a list: its items and the links to itself and its neighbours."""

    number: int
    size: int
    offset: int
    items: list[dict[str, Any]]
    first: str
    current: str
    next: str | None
    previous: str | None


def _paging(ctx: Ctx, max_size: int) -> tuple[int, int]:
    size = ctx.query.get("page_size", DEFAULT_PAGE_SIZE)
    page = ctx.query.get("page", 0)
    if size < 1:
        raise InvalidParameter("PageSize", "must be at least 1")
    if page < 0:
        raise InvalidParameter("Page", "must be at least 0")
    size = min(size, max_size)
    token = ctx.query.get("page_token")
    if token is not None:
        match = re.fullmatch(r"PT(\d+)", token)
        if not match:
            raise InvalidPageToken(token)
        return size, int(match.group(1))
    return size, page * size


def _page(ctx: Ctx, docs: list[dict[str, Any]], filters: dict[str, Any] | None, url: str,
          max_size: int = MAX_PAGE_SIZE) -> Page:
    size, offset = _paging(ctx, max_size)
    extra = [(k, v) for k, v in (filters or {}).items() if v is not None]

    def link(page: int, off: int | None) -> str:
        query = extra + [("PageSize", size), ("Page", page)] + ([("PageToken", f"PT{off}")] if off is not None else [])
        return url + "?" + urlencode(query)

    page = offset // size
    return Page(
        number=page, size=size, offset=offset, items=docs[offset:offset + size], first=link(0, None),
        current=link(page, offset if ctx.query.get("page_token") else None),
        next=link(page + 1, offset + size) if offset + size < len(docs) else None,
        previous=link(page - 1, max(offset - size, 0)) if offset > 0 else None)


def echoed(ctx: Ctx, params: tuple[Param, ...]) -> dict[str, Any]:
    """A list's filters as its page links repeat them: by parameter name, booleans in lower case (paging left out)."""
    values = {p.name: ctx.query.get(p.key) for p in params if p not in PAGING}
    return {name: str(v).lower() if isinstance(v, bool) else v for name, v in values.items()}


def page_v1(ctx: Ctx, key: str, docs: list[dict[str, Any]], render: Callable[[dict[str, Any]], Any],
            filters: dict[str, Any] | None = None, max_size: int = MAX_PAGE_SIZE) -> Response:
    """v1 / Trust Hub envelope: `meta` with `key` and absolute URLs (the client follows next_page_url as is);
    `max_size` is the list's largest page where Twilio documents a smaller one than D11's."""
    page = _page(ctx, docs, filters, ctx.base + ctx.request.url.path, max_size)
    meta = {"page": page.number, "page_size": page.size, "first_page_url": page.first,
            "previous_page_url": page.previous, "next_page_url": page.next, "url": page.current, "key": key}
    return twilio_json({key: [render(d) for d in page.items], "meta": meta})


def page_v2010(ctx: Ctx, key: str, docs: list[dict[str, Any]], render: Callable[[dict[str, Any]], Any],
               filters: dict[str, Any] | None = None) -> Response:
    """v2010 envelope: flat, with URIs relative to the API host."""
    page = _page(ctx, docs, filters, ctx.request.url.path)
    return twilio_json({
        key: [render(d) for d in page.items], "page": page.number, "page_size": page.size, "start": page.offset,
        "end": page.offset + max(len(page.items) - 1, 0), "uri": page.current, "first_page_uri": page.first,
        "next_page_uri": page.next, "previous_page_uri": page.previous,
    })


# --------------------------------------------------------------------------------------------- collections
Render = Callable[[Ctx, dict[str, Any]], dict[str, Any]]


def collection(path: str, item: str, noun: str, render: Render, *, key: str, create_form: tuple[Param, ...],
               update_form: tuple[Param, ...], filters: tuple[Param, ...] = (), v2010: bool = False,
               max_size: int = MAX_PAGE_SIZE, scope: tuple[Any, ...] = (), plural: str = "") -> tuple[Operation, ...]:
    """The five operations of a collection resource at `path` (its items at `item`) over the model methods
    `list_<plural>` (`plural` defaults to `<noun>s`), `create_<noun>`, `fetch_<noun>`, `update_<noun>` and
    `delete_<noun>`, each taking `scope` (e.g. which kind of Trust Hub bundle) then the account SID first. `filters`
    are the list's query parameters besides paging: passed to `list_<plural>` by their keys and repeated in the page
    links; pages are v1 envelopes (at most `max_size` items) unless `v2010`."""

    def model(ctx: Ctx, verb: str) -> Callable[..., Any]:
        name = f"list_{plural or noun + 's'}" if verb == "list" else f"{verb}_{noun}"
        return functools.partial(getattr(ctx.session, name), *scope, ctx.account_sid)

    def list_(ctx: Ctx) -> Response:
        docs = model(ctx, "list")(**{p.key: ctx.query.get(p.key) for p in filters})
        if v2010:
            return page_v2010(ctx, key, docs, lambda d: render(ctx, d), echoed(ctx, filters))
        return page_v1(ctx, key, docs, lambda d: render(ctx, d), echoed(ctx, filters), max_size=max_size)

    def create(ctx: Ctx) -> Response:
        return twilio_json(render(ctx, model(ctx, "create")(ctx.form)), 201)

    def fetch(ctx: Ctx) -> Response:
        return twilio_json(render(ctx, model(ctx, "fetch")(ctx.path("sid"))))

    def update(ctx: Ctx) -> Response:
        return twilio_json(render(ctx, model(ctx, "update")(ctx.path("sid"), ctx.form)))

    def delete(ctx: Ctx) -> Response:
        model(ctx, "delete")(ctx.path("sid"))
        return no_content()

    return (
        Operation("GET", path, list_, query=(*filters, *PAGING)),
        Operation("POST", path, create, form=create_form),
        Operation("GET", item, fetch),
        Operation("POST", item, update, form=update_form),
        Operation("DELETE", item, delete),
    )
