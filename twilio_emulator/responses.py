"""Twilio's HTTP surface over the models: routes, Basic auth, parameter parsing and wire-exact JSON.

One port serves the paths of messaging.twilio.com (/v1/Services, /v1/a2p), trusthub.twilio.com (/v1/CustomerProfiles,
/v1/TrustProducts) and api.twilio.com (/2010-04-01). Absolute URLs in responses (`url`, `links`, `meta.*_url`) are
built from the request's own scheme and Host, so a client pointed at the emulator follows them back to it.
"""

from __future__ import annotations

import base64
import binascii
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
from starlette.routing import Route

from . import params as P
from .exceptions import (AccountNotAccessible, InvalidCredentials, InvalidPageToken, InvalidParameter,
                         NoCredentials, TwilioError, UnexpectedBody)
from .models import Backend, Session
from .models.messaging import SERVICE_USECASES

MAX_PAGE_SIZE = 1000  # D11: larger PageSize values are capped, as the client does not clamp
DEFAULT_PAGE_SIZE = 50


def iso(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def rfc2822(ts: int | None) -> str | None:
    return None if ts is None else email.utils.format_datetime(datetime.fromtimestamp(ts, timezone.utc))


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

    @property
    def base(self) -> str:
        return str(self.request.base_url).rstrip("/")

    def path(self, name: str) -> str:
        return self.request.path_params[name]


Handler = Callable[[Ctx], Response]


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


class TwilioApi:
    """Builds the Starlette routes for every modelled Twilio operation."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    # ------------------------------------------------------------------------------------------ plumbing
    def op(self, handler: Handler, *, form: tuple[P.Param, ...] = (), query: tuple[P.Param, ...] = (),
           v2010_account: bool = False) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            try:
                raw = await request.body()
                pairs = P.decode_form(raw, request.headers.get("content-type")) if request.method == "POST" else []
                if request.method != "POST" and raw:
                    raise UnexpectedBody(request.method)
                query_pairs = P.decode_query(request.url.query)
                creds = basic_credentials(request)
                self.backend.tick()
                with self.backend.session() as session:
                    account_sid = session.authenticate(*creds) if creds else None
                    if account_sid is None:
                        raise InvalidCredentials() if creds else NoCredentials()
                    if v2010_account:
                        path_account = request.path_params["account_sid"]
                        if not session.may_act_on(account_sid, path_account):
                            raise AccountNotAccessible(path_account)
                        account_sid = path_account
                    ctx = Ctx(request, session, account_sid,
                              form=P.parse(pairs, form) if request.method == "POST" else {},
                              query=P.parse(query_pairs, query, where="query string"))
                    return handler(ctx)
            except TwilioError as err:
                return error_response(err)
        endpoint.form_params = form  # type: ignore[attr-defined]  # declared parameters, for contract tests
        endpoint.query_params = query  # type: ignore[attr-defined]
        return endpoint

    def routes(self) -> list[Route]:
        r = Route
        acct = "/2010-04-01/Accounts/{account_sid}"
        return [
            # Messaging v1: Services and their senders
            r("/v1/Services/Usecases", self.op(self.service_usecases), methods=["GET"]),
            r("/v1/Services", self.op(self.list_services, query=P.PAGING), methods=["GET"]),
            r("/v1/Services", self.op(self.create_service, form=P.CREATE_SERVICE), methods=["POST"]),
            r("/v1/Services/{sid}", self.op(self.fetch_service), methods=["GET"]),
            r("/v1/Services/{sid}", self.op(self.update_service, form=P.UPDATE_SERVICE), methods=["POST"]),
            r("/v1/Services/{sid}", self.op(self.delete_service), methods=["DELETE"]),
            r("/v1/Services/{service_sid}/PhoneNumbers", self.op(self.list_service_numbers, query=P.PAGING),
              methods=["GET"]),
            r("/v1/Services/{service_sid}/PhoneNumbers",
              self.op(self.add_service_number, form=P.ADD_SERVICE_PHONE_NUMBER), methods=["POST"]),
            r("/v1/Services/{service_sid}/PhoneNumbers/{sid}", self.op(self.fetch_service_number), methods=["GET"]),
            r("/v1/Services/{service_sid}/PhoneNumbers/{sid}", self.op(self.remove_service_number),
              methods=["DELETE"]),
            # Messaging v1: US A2P campaigns
            r("/v1/Services/{service_sid}/Compliance/Usa2p/Usecases",
              self.op(self.a2p_usecases, query=P.A2P_USECASES_QUERY), methods=["GET"]),
            r("/v1/Services/{service_sid}/Compliance/Usa2p", self.op(self.list_campaigns, query=P.PAGING),
              methods=["GET"]),
            r("/v1/Services/{service_sid}/Compliance/Usa2p", self.op(self.create_campaign, form=P.CREATE_CAMPAIGN),
              methods=["POST"]),
            r("/v1/Services/{service_sid}/Compliance/Usa2p/{sid}", self.op(self.fetch_campaign), methods=["GET"]),
            r("/v1/Services/{service_sid}/Compliance/Usa2p/{sid}",
              self.op(self.update_campaign, form=P.CAMPAIGN_UPDATABLE), methods=["POST"]),
            r("/v1/Services/{service_sid}/Compliance/Usa2p/{sid}", self.op(self.delete_campaign), methods=["DELETE"]),
            # Messaging v1: brands
            r("/v1/a2p/BrandRegistrations", self.op(self.list_brands, query=P.PAGING), methods=["GET"]),
            r("/v1/a2p/BrandRegistrations", self.op(self.create_brand, form=P.CREATE_BRAND), methods=["POST"]),
            r("/v1/a2p/BrandRegistrations/{sid}", self.op(self.fetch_brand), methods=["GET"]),
            r("/v1/a2p/BrandRegistrations/{sid}", self.op(self.resubmit_brand), methods=["POST"]),
            # Trust Hub v1
            *self.bundle_routes("/v1/CustomerProfiles", "customer_profile"),
            *self.bundle_routes("/v1/TrustProducts", "trust_product"),
            # API 2010
            r("/2010-04-01/Accounts.json", self.op(self.create_account, form=P.CREATE_ACCOUNT), methods=["POST"]),
            r("/2010-04-01/Accounts/{sid}.json", self.op(self.fetch_account), methods=["GET"]),
            r(acct + "/IncomingPhoneNumbers.json",
              self.op(self.list_numbers, query=P.LIST_NUMBERS, v2010_account=True), methods=["GET"]),
            r(acct + "/IncomingPhoneNumbers.json",
              self.op(self.create_number, form=P.CREATE_NUMBER, v2010_account=True), methods=["POST"]),
            r(acct + "/IncomingPhoneNumbers/{sid}.json", self.op(self.fetch_number, v2010_account=True),
              methods=["GET"]),
            r(acct + "/IncomingPhoneNumbers/{sid}.json",
              self.op(self.update_number, form=P.UPDATE_NUMBER, v2010_account=True), methods=["POST"]),
            r(acct + "/IncomingPhoneNumbers/{sid}.json", self.op(self.delete_number, v2010_account=True),
              methods=["DELETE"]),
            r(acct + "/Keys.json", self.op(self.list_keys, query=P.PAGING, v2010_account=True), methods=["GET"]),
            r(acct + "/Keys.json", self.op(self.create_key, form=P.CREATE_KEY, v2010_account=True), methods=["POST"]),
            r(acct + "/Keys/{sid}.json", self.op(self.fetch_key, v2010_account=True), methods=["GET"]),
            r(acct + "/Keys/{sid}.json", self.op(self.delete_key, v2010_account=True), methods=["DELETE"]),
        ]

    def bundle_routes(self, base: str, kind: str) -> list[Route]:
        """CustomerProfiles and TrustProducts share one shape; `kind` selects the collection."""
        def list_(c: Ctx) -> Response:
            q = c.query
            docs = c.session.list_bundles(kind, c.account_sid, status=q.get("status"),
                                          friendly_name=q.get("friendly_name"), policy_sid=q.get("policy_sid"))
            filters = {"Status": q.get("status"), "FriendlyName": q.get("friendly_name"),
                       "PolicySid": q.get("policy_sid")}
            return self.page_v1(c, "results", docs, lambda d: self.bundle(c, kind, d), filters)

        def create(c: Ctx) -> Response:
            return twilio_json(self.bundle(c, kind, c.session.create_bundle(kind, c.account_sid, c.form)), 201)

        def fetch(c: Ctx) -> Response:
            return twilio_json(self.bundle(c, kind, c.session.fetch_bundle(kind, c.account_sid, c.path("sid"))))

        def update(c: Ctx) -> Response:
            doc = c.session.update_bundle(kind, c.account_sid, c.path("sid"), c.form)
            return twilio_json(self.bundle(c, kind, doc))

        def delete(c: Ctx) -> Response:
            c.session.delete_bundle(kind, c.account_sid, c.path("sid"))
            return no_content()

        return [
            Route(base, self.op(list_, query=P.LIST_BUNDLES), methods=["GET"]),
            Route(base, self.op(create, form=P.CREATE_BUNDLE), methods=["POST"]),
            Route(base + "/{sid}", self.op(fetch), methods=["GET"]),
            Route(base + "/{sid}", self.op(update, form=P.UPDATE_BUNDLE), methods=["POST"]),
            Route(base + "/{sid}", self.op(delete), methods=["DELETE"]),
        ]

    # ---------------------------------------------------------------------------------------- pagination
    def _paging(self, ctx: Ctx) -> tuple[int, int]:
        size = ctx.query.get("page_size", DEFAULT_PAGE_SIZE)
        page = ctx.query.get("page", 0)
        if size < 1:
            raise InvalidParameter("PageSize", "must be at least 1")
        if page < 0:
            raise InvalidParameter("Page", "must be at least 0")
        size = min(size, MAX_PAGE_SIZE)
        token = ctx.query.get("page_token")
        if token is not None:
            match = re.fullmatch(r"PT(\d+)", token)
            if not match:
                raise InvalidPageToken(token)
            return size, int(match.group(1))
        return size, page * size

    def _page(self, ctx: Ctx, docs: list[dict[str, Any]], filters: dict[str, Any] | None, url: str) -> Page:
        size, offset = self._paging(ctx)
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

    def page_v1(self, ctx: Ctx, key: str, docs: list[dict[str, Any]], render: Callable[[dict[str, Any]], Any],
                filters: dict[str, Any] | None = None) -> Response:
        """v1 / Trust Hub envelope: `meta` with `key` and absolute URLs (the client follows next_page_url as is)."""
        page = self._page(ctx, docs, filters, ctx.base + ctx.request.url.path)
        meta = {"page": page.number, "page_size": page.size, "first_page_url": page.first,
                "previous_page_url": page.previous, "next_page_url": page.next, "url": page.current, "key": key}
        return twilio_json({key: [render(d) for d in page.items], "meta": meta})

    def page_v2010(self, ctx: Ctx, key: str, docs: list[dict[str, Any]], render: Callable[[dict[str, Any]], Any],
                   filters: dict[str, Any] | None = None) -> Response:
        """v2010 envelope: flat, with URIs relative to the API host."""
        page = self._page(ctx, docs, filters, ctx.request.url.path)
        return twilio_json({
            key: [render(d) for d in page.items], "page": page.number, "page_size": page.size, "start": page.offset,
            "end": page.offset + max(len(page.items) - 1, 0), "uri": page.current, "first_page_uri": page.first,
            "next_page_uri": page.next, "previous_page_uri": page.previous,
        })

    # ----------------------------------------------------------------------------------------- rendering
    @staticmethod
    def _v1(doc: dict[str, Any], *date_fields: str) -> dict[str, Any]:
        out = dict(doc)
        for f in ("date_created", "date_updated", *date_fields):
            if f in out:
                out[f] = iso(out[f])
        return out

    @staticmethod
    def _v2010(doc: dict[str, Any]) -> dict[str, Any]:
        out = dict(doc)
        for f in ("date_created", "date_updated"):
            if f in out:
                out[f] = rfc2822(out[f])
        return out

    def service(self, ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
        out = self._v1(doc)
        url = f"{ctx.base}/v1/Services/{doc['sid']}"
        out["url"] = url
        out["links"] = {
            "phone_numbers": url + "/PhoneNumbers", "short_codes": url + "/ShortCodes",
            "alpha_senders": url + "/AlphaSenders", "messages": url + "/Messages",
            "us_app_to_person": url + "/Compliance/Usa2p", "us_app_to_person_usecases": url + "/Compliance/Usa2p/Usecases",
            "channel_senders": url + "/ChannelSenders", "destination_alpha_senders": url + "/DestinationAlphaSenders",
        }
        return out

    def service_number(self, ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
        out = self._v1(doc)
        out["url"] = f"{ctx.base}/v1/Services/{doc['service_sid']}/PhoneNumbers/{doc['sid']}"
        return out

    def brand(self, ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
        out = self._v1(doc)
        url = f"{ctx.base}/v1/a2p/BrandRegistrations/{doc['sid']}"
        out["url"] = url
        out["links"] = {"brand_vettings": url + "/Vettings", "brand_registration_otps": url + "/SmsOtp"}
        return out

    def campaign(self, ctx: Ctx, doc: dict[str, Any]) -> dict[str, Any]:
        out = self._v1(doc)
        out["url"] = f"{ctx.base}/v1/Services/{doc['messaging_service_sid']}/Compliance/Usa2p/{doc['sid']}"
        if not _wants_v2_campaign(ctx.request):  # D12: v1.2+ adds the two URL fields
            out.pop("privacy_policy_url", None)
            out.pop("terms_and_conditions_url", None)
        return out

    def bundle(self, ctx: Ctx, kind: str, doc: dict[str, Any]) -> dict[str, Any]:
        out = self._v1(doc, "valid_until")
        collection = "CustomerProfiles" if kind == "customer_profile" else "TrustProducts"
        prefix = "customer_profiles" if kind == "customer_profile" else "trust_products"
        url = f"{ctx.base}/v1/{collection}/{doc['sid']}"
        out["url"] = url
        out["links"] = {f"{prefix}_entity_assignments": url + "/EntityAssignments",
                        f"{prefix}_evaluations": url + "/Evaluations",
                        f"{prefix}_channel_endpoint_assignment": url + "/ChannelEndpointAssignments"}
        return out

    def account(self, doc: dict[str, Any], auth_token: str | None) -> dict[str, Any]:
        out = self._v2010(doc)
        out["auth_token"] = auth_token  # D18: tokens are kept hashed, so only the create response carries one
        base = f"/2010-04-01/Accounts/{doc['sid']}"
        out["uri"] = base + ".json"
        out["subresource_uris"] = {name: f"{base}/{path}.json" for name, path in (
            ("incoming_phone_numbers", "IncomingPhoneNumbers"), ("keys", "Keys"), ("messages", "Messages"),
            ("applications", "Applications"), ("addresses", "Addresses"), ("balance", "Balance"))}
        return out

    # ------------------------------------------------------------------------------------------ handlers
    def service_usecases(self, ctx: Ctx) -> Response:
        return twilio_json({"usecases": [{"usecase": k, "description": d, "purpose": p}
                                         for k, (d, p) in SERVICE_USECASES.items()]})

    def list_services(self, ctx: Ctx) -> Response:
        return self.page_v1(ctx, "services", ctx.session.list_services(ctx.account_sid),
                            lambda d: self.service(ctx, d))

    def create_service(self, ctx: Ctx) -> Response:
        return twilio_json(self.service(ctx, ctx.session.create_service(ctx.account_sid, ctx.form)), 201)

    def fetch_service(self, ctx: Ctx) -> Response:
        return twilio_json(self.service(ctx, ctx.session.fetch_service(ctx.account_sid, ctx.path("sid"))))

    def update_service(self, ctx: Ctx) -> Response:
        return twilio_json(self.service(ctx, ctx.session.update_service(ctx.account_sid, ctx.path("sid"), ctx.form)))

    def delete_service(self, ctx: Ctx) -> Response:
        ctx.session.delete_service(ctx.account_sid, ctx.path("sid"))
        return no_content()

    def list_service_numbers(self, ctx: Ctx) -> Response:
        docs = ctx.session.list_service_phone_numbers(ctx.account_sid, ctx.path("service_sid"))
        return self.page_v1(ctx, "phone_numbers", docs, lambda d: self.service_number(ctx, d))

    def add_service_number(self, ctx: Ctx) -> Response:
        doc = ctx.session.add_service_phone_number(ctx.account_sid, ctx.path("service_sid"),
                                                   ctx.form["phone_number_sid"])
        return twilio_json(self.service_number(ctx, doc), 201)

    def fetch_service_number(self, ctx: Ctx) -> Response:
        doc = ctx.session.fetch_service_phone_number(ctx.account_sid, ctx.path("service_sid"), ctx.path("sid"))
        return twilio_json(self.service_number(ctx, doc))

    def remove_service_number(self, ctx: Ctx) -> Response:
        ctx.session.remove_service_phone_number(ctx.account_sid, ctx.path("service_sid"), ctx.path("sid"))
        return no_content()

    def a2p_usecases(self, ctx: Ctx) -> Response:
        usecases = ctx.session.a2p_usecases(ctx.account_sid, ctx.path("service_sid"),
                                            ctx.query.get("brand_registration_sid"))
        return twilio_json({"us_app_to_person_usecases": usecases})

    def list_campaigns(self, ctx: Ctx) -> Response:
        docs = ctx.session.list_campaigns(ctx.account_sid, ctx.path("service_sid"))
        return self.page_v1(ctx, "compliance", docs, lambda d: self.campaign(ctx, d))

    def create_campaign(self, ctx: Ctx) -> Response:
        doc = ctx.session.create_campaign(ctx.account_sid, ctx.path("service_sid"), ctx.form)
        return twilio_json(self.campaign(ctx, doc), 201)

    def fetch_campaign(self, ctx: Ctx) -> Response:
        doc = ctx.session.fetch_campaign(ctx.account_sid, ctx.path("service_sid"), ctx.path("sid"))
        return twilio_json(self.campaign(ctx, doc))

    def update_campaign(self, ctx: Ctx) -> Response:
        doc = ctx.session.update_campaign(ctx.account_sid, ctx.path("service_sid"), ctx.path("sid"), ctx.form)
        return twilio_json(self.campaign(ctx, doc))

    def delete_campaign(self, ctx: Ctx) -> Response:
        ctx.session.delete_campaign(ctx.account_sid, ctx.path("service_sid"), ctx.path("sid"))
        return no_content()

    def list_brands(self, ctx: Ctx) -> Response:
        return self.page_v1(ctx, "data", ctx.session.list_brands(ctx.account_sid), lambda d: self.brand(ctx, d))

    def create_brand(self, ctx: Ctx) -> Response:
        return twilio_json(self.brand(ctx, ctx.session.create_brand(ctx.account_sid, ctx.form)), 201)

    def fetch_brand(self, ctx: Ctx) -> Response:
        return twilio_json(self.brand(ctx, ctx.session.fetch_brand(ctx.account_sid, ctx.path("sid"))))

    def resubmit_brand(self, ctx: Ctx) -> Response:
        return twilio_json(self.brand(ctx, ctx.session.resubmit_brand(ctx.account_sid, ctx.path("sid"))), 202)

    def create_account(self, ctx: Ctx) -> Response:
        doc, token = ctx.session.create_subaccount(ctx.account_sid, ctx.form.get("friendly_name"))
        return twilio_json(self.account(doc, token), 201)

    def fetch_account(self, ctx: Ctx) -> Response:
        sid = ctx.path("sid")
        if not ctx.session.may_act_on(ctx.account_sid, sid):
            raise AccountNotAccessible(sid)
        return twilio_json(self.account(ctx.session.fetch_account(sid), None))

    def list_numbers(self, ctx: Ctx) -> Response:
        q = ctx.query
        docs = ctx.session.list_incoming_phone_numbers(ctx.account_sid, phone_number=q.get("phone_number"),
                                                       friendly_name=q.get("friendly_name"), origin=q.get("origin"))
        filters = {"Beta": None if q.get("beta") is None else str(q["beta"]).lower(),
                   "FriendlyName": q.get("friendly_name"), "PhoneNumber": q.get("phone_number"),
                   "Origin": q.get("origin")}
        return self.page_v2010(ctx, "incoming_phone_numbers", docs, self._v2010, filters)

    def create_number(self, ctx: Ctx) -> Response:
        return twilio_json(self._v2010(ctx.session.create_incoming_phone_number(ctx.account_sid, ctx.form)), 201)

    def fetch_number(self, ctx: Ctx) -> Response:
        return twilio_json(self._v2010(ctx.session.fetch_incoming_phone_number(ctx.account_sid, ctx.path("sid"))))

    def update_number(self, ctx: Ctx) -> Response:
        doc = ctx.session.update_incoming_phone_number(ctx.account_sid, ctx.path("sid"), ctx.form)
        return twilio_json(self._v2010(doc))

    def delete_number(self, ctx: Ctx) -> Response:
        ctx.session.delete_incoming_phone_number(ctx.account_sid, ctx.path("sid"))
        return no_content()

    def list_keys(self, ctx: Ctx) -> Response:
        return self.page_v2010(ctx, "keys", ctx.session.list_keys(ctx.account_sid), self._v2010)

    def create_key(self, ctx: Ctx) -> Response:
        doc, secret = ctx.session.create_key(ctx.account_sid, ctx.form.get("friendly_name"))
        return twilio_json({**self._v2010(doc), "secret": secret}, 201)

    def fetch_key(self, ctx: Ctx) -> Response:
        return twilio_json(self._v2010(ctx.session.fetch_key(ctx.account_sid, ctx.path("sid"))))

    def delete_key(self, ctx: Ctx) -> Response:
        ctx.session.delete_key(ctx.account_sid, ctx.path("sid"))
        return no_content()


def _wants_v2_campaign(request: Request) -> bool:
    match = re.fullmatch(r"v(\d+)\.(\d+)", request.headers.get("x-twilio-api-version", "").strip())
    return bool(match) and (int(match.group(1)), int(match.group(2))) >= (1, 2)
