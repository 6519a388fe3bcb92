"""Twilio's HTTP surface over the models: routes, Basic auth, parameter parsing and wire-exact JSON.

One port serves the paths of messaging.twilio.com (/v1/Services, /v1/a2p), trusthub.twilio.com (/v1/CustomerProfiles,
/v1/TrustProducts) and api.twilio.com (/2010-04-01). Absolute URLs in responses (`url`, `links`, `meta.*_url`) are
built from the request's own scheme and Host, so a client pointed at the emulator follows them back to it.

Each product module (`messaging`, `a2p`, `trusthub`, `accounts`, `phone_numbers`, as in `models/`) declares its
parameters, renders its resources and lists its `OPERATIONS`; `TwilioApi` wraps each operation with what every
request needs (body and query parsing, authentication, one transaction, Twilio's error body).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import params as P
from ..exceptions import AccountNotAccessible, InvalidCredentials, NoCredentials, TwilioError, UnexpectedBody
from ..models import Backend
from . import a2p, accounts, messaging, phone_numbers, trusthub
from .core import Ctx, Operation, basic_credentials, error_response

PRODUCTS: tuple[tuple[Operation, ...], ...] = (
    messaging.OPERATIONS, a2p.OPERATIONS, trusthub.OPERATIONS, accounts.OPERATIONS, phone_numbers.OPERATIONS)

__all__ = ["PRODUCTS", "TwilioApi", "basic_credentials", "error_response"]


def by_key(creds: tuple[str, str] | None) -> bool:
    """Whether the request authenticated with an API key (SK…) rather than an account SID and auth token."""
    return creds is not None and creds[0].startswith("SK")


class TwilioApi:
    """Builds the Starlette routes for every modelled Twilio operation."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def routes(self) -> list[Route]:
        return [Route(op.path, self.endpoint(op), methods=[op.method]) for ops in PRODUCTS for op in ops]

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
