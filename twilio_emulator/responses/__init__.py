"""Twilio's HTTP surface over the models: routes, Basic auth, parameter parsing and wire-exact JSON.

One port serves the paths of every modelled Twilio host: messaging.twilio.com (/v1/Services, /v1/a2p),
trusthub.twilio.com (/v1/CustomerProfiles, /v1/TrustProducts, /v1/EndUsers, /v1/SupportingDocuments,
/v1/Policies), api.twilio.com (/2010-04-01),
conversations.twilio.com (/v1/Configuration, /v1/Configuration/Addresses), flex-api.twilio.com (/v1/Configuration,
/v1/FlexFlows), studio.twilio.com (/v2/Flows) and proxy.twilio.com (/v1/Services). Two hosts can share a path
(/v1/Configuration, /v1/Services), so a request whose `Host` header names a Twilio host is routed to that host's
operations; any other request (one addressed to the emulator itself) is routed by path alone, the first product in
`PRODUCTS` winning (D38). Absolute URLs in responses (`url`, `links`, `meta.*_url`) follow the request: Twilio's https
host when it named one, else the emulator's own address (D28), so a client follows them back here either way.

Each product module (`messaging`, `a2p`, `trusthub`, `accounts`, `phone_numbers`, `applications`, `addresses`,
`conversations`,
`flex`, `studio`, `proxy`, as in `models/`) names its `HOST`, declares its parameters, renders its resources and
lists its `OPERATIONS`; `TwilioApi` wraps each operation with what every request needs (body and query parsing,
authentication, one transaction, Twilio's error body).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Host, Route, Router

from twilio_contract import host_name

from .. import params as P
from ..exceptions import AccountNotAccessible, InvalidCredentials, NoCredentials, TwilioError, UnexpectedBody
from ..models import Backend
from . import (a2p, accounts, addresses, applications, conversations, flex, messaging, phone_numbers, proxy, studio,
               trusthub)
from .core import Ctx, Operation, basic_credentials, error_response

#: (host, operations) per product module. Without a Twilio `Host`, the first product serving a path wins (D38).
PRODUCTS: tuple[tuple[str, tuple[Operation, ...]], ...] = tuple(
    (module.HOST, module.OPERATIONS)
    for module in (messaging, a2p, trusthub, accounts, phone_numbers, applications, addresses, conversations, flex,
                   studio, proxy))
HOSTS = tuple(dict.fromkeys(host for host, _ in PRODUCTS))

__all__ = ["HOSTS", "PRODUCTS", "TwilioApi", "basic_credentials", "error_response"]


def by_key(creds: tuple[str, str] | None) -> bool:
    """Whether the request authenticated with an API key (SK…) rather than an account SID and auth token."""
    return creds is not None and creds[0].startswith("SK")


class TwilioApi:
    """Builds the Starlette routes for every modelled Twilio operation."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def operations(self) -> list[tuple[str, Operation]]:
        """Every modelled operation with its host, in `PRODUCTS` order."""
        return [(host, op) for host, ops in PRODUCTS for op in ops]

    def routes(self) -> list[BaseRoute]:
        """One router per Twilio host (chosen by `Host`), then every operation by path for other requests."""
        endpoints = [(host, op, self.endpoint(op)) for host, op in self.operations()]

        def route(op: Operation, endpoint: Callable[[Request], Awaitable[Response]]) -> Route:
            return Route(op.path, endpoint, methods=[op.method])

        hosted: list[BaseRoute] = [
            Host(host_name(host), app=Router([route(op, e) for h, op, e in endpoints if h == host]))
            for host in HOSTS]
        return [*hosted, *(route(op, e) for _, op, e in endpoints)]

    def endpoint(self, op: Operation) -> Callable[[Request], Awaitable[Response]]:
        """The ASGI endpoint of one operation: parse, authenticate, run the handler in one transaction."""
        account_scoped = "{account_sid}" in op.path  # v2010: the path names the account acted on

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
                    if account_scoped:
                        path_account = request.path_params["account_sid"]
                        if not session.may_act_on(account_sid, path_account, by_key=by_key(creds)):
                            raise AccountNotAccessible(path_account)
                        account_sid = path_account
                    ctx = Ctx(request, session, account_sid, by_key=by_key(creds),
                              form=P.parse(pairs, op.form) if request.method == "POST" else {},
                              query=P.parse(query_pairs, op.query, where="query string"))
                    return op.handler(ctx)
            except TwilioError as err:
                return error_response(err)
        endpoint.form_params = op.form  # type: ignore[attr-defined]  # declared parameters, for contract tests
        endpoint.query_params = op.query  # type: ignore[attr-defined]
        return endpoint
