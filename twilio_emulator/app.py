"""The ASGI application: Twilio's routes, the `/_emulator/` control API, and the transport-level behaviour
around them (body size limit, added latency, injected faults, the request log).
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import random
import threading
import time
from dataclasses import asdict, dataclass, field
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from .exceptions import (AuthenticationFailed, BodyTooLarge, InjectedFault, InternalServerError, InvalidFault,
                         InvalidParameter, MalformedRequest, MethodNotAllowed, NotFound, TwilioError)
from .models import Backend
from .responses import TwilioApi, basic_credentials, error_response

CONTROL_PREFIX = "/_emulator/"
MAX_BODY_BYTES = 128 * 1024  # D22
MAX_LOGGED_REQUESTS = 100_000


@dataclass
class Fault:
    """Makes the next `count` requests matching `method` and `path` (a glob), and `account` when set (the account
    the request's credentials name), fail one way."""

    method: str
    path: str
    count: int
    status: int | None = None
    code: int | None = None
    retry_after: float | None = None
    delay_seconds: float | None = None
    answer_delay_seconds: float | None = None  # processed at once, answered late (a lost answer, if the client gave up)
    drop: bool = False
    probability: float = 1.0  # the chance that a matching request gets the fault (random faults over a whole run)
    account: str | None = None
    id: int = 0

    def matches(self, method: str, path: str, account: Callable[[], str | None]) -> bool:
        return (self.method in ("*", method) and fnmatch.fnmatchcase(path, self.path)
                and (self.account is None or self.account == account()))


@dataclass
class Runtime:
    """Per-process behaviour that is not Twilio state: faults, request log, latency, credentials."""

    account_sid: str
    auth_token: str
    api_keys: list[tuple[str, str]]
    latency_ms: int = 0
    faults: list[Fault] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_fault_id: int = 1
    rng: random.Random = field(default_factory=random.Random)

    def take_fault(self, method: str, path: str, account: Callable[[], str | None]) -> Fault | None:
        """The first fault matching this request, used up once; `account` is asked only by account-scoped faults."""
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path, account) and (fault.probability >= 1
                                                             or self.rng.random() < fault.probability):
                    fault.count -= 1
                    if fault.count <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    def log(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.requests.append(entry)
            if len(self.requests) > MAX_LOGGED_REQUESTS:
                del self.requests[: len(self.requests) - MAX_LOGGED_REQUESTS]


def parse_fault(body: Any, fault_id: int) -> Fault:
    if not isinstance(body, dict):
        raise InvalidFault("A fault is a JSON object")
    known = {"method", "path", "count", "status", "code", "retry_after", "delay_seconds", "answer_delay_seconds",
             "drop", "probability", "account"}
    unknown = set(body) - known
    if unknown:
        raise InvalidFault(f"Unknown fault field(s): {', '.join(sorted(unknown))}")
    method = body.get("method", "*")
    path = body.get("path")
    count = body.get("count", 1)
    if not isinstance(method, str) or not isinstance(path, str) or not path.startswith(("/", "*")):
        raise InvalidParameter("path", "a fault needs a path glob starting with / (and an optional method)")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise InvalidParameter("count", "must be a positive integer")
    account = body.get("account")
    if account is not None and not (isinstance(account, str) and account.startswith("AC")):
        raise InvalidParameter("account", "must be an account SID (AC…)")
    kinds = [k for k in ("status", "delay_seconds", "answer_delay_seconds", "drop") if body.get(k) not in (None, False)]
    if len(kinds) != 1:
        raise InvalidFault("A fault needs exactly one of status (+code, retry_after), delay_seconds, "
                           "answer_delay_seconds, drop")
    probability = body.get("probability", 1)
    if isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0 < probability <= 1:
        raise InvalidParameter("probability", "must be a number greater than 0 and at most 1")
    fault = Fault(method=method.upper(), path=path, count=count, probability=float(probability), account=account,
                  id=fault_id)
    if kinds[0] == "status":
        status, code = body["status"], body.get("code")
        if not isinstance(status, int) or not 400 <= status <= 599:
            raise InvalidParameter("status", "must be an HTTP error status 400-599")
        if code is not None and (not isinstance(code, int) or isinstance(code, bool)):
            raise InvalidParameter("code", "must be an integer Twilio error code")
        retry_after = body.get("retry_after")
        if retry_after is not None and (not isinstance(retry_after, (int, float)) or retry_after < 0):
            raise InvalidParameter("retry_after", "must be a non-negative number of seconds")
        fault.status, fault.code, fault.retry_after = status, code if code is not None else status, retry_after
    elif kinds[0] in ("delay_seconds", "answer_delay_seconds"):
        delay = body[kinds[0]]
        if not isinstance(delay, (int, float)) or isinstance(delay, bool) or not 0 <= delay <= 600:
            raise InvalidParameter(kinds[0], "must be a number of seconds between 0 and 600")
        setattr(fault, kinds[0], float(delay))
    else:
        if body["drop"] is not True:
            raise InvalidParameter("drop", "must be true")
        fault.drop = True
    return fault


class ControlApi:
    """`/_emulator/`: reviews, faults, the request log and reset. Same Basic credentials as the Twilio API."""

    def __init__(self, backend: Backend, runtime: Runtime) -> None:
        self.backend = backend
        self.runtime = runtime

    def routes(self) -> list[Route]:
        return [
            Route("/_emulator/reviews/{sid}", self.guard(self.set_review), methods=["POST"]),
            Route("/_emulator/faults", self.guard(self.add_fault), methods=["POST"]),
            Route("/_emulator/faults", self.guard(self.list_faults), methods=["GET"]),
            Route("/_emulator/faults", self.guard(self.clear_faults), methods=["DELETE"]),
            Route("/_emulator/requests", self.guard(self.list_requests), methods=["GET"]),
            Route("/_emulator/requests", self.guard(self.clear_requests), methods=["DELETE"]),
            Route("/_emulator/reset", self.guard(self.reset), methods=["POST"]),
        ]

    def guard(self, handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                creds = basic_credentials(request)
                with self.backend.session() as session:
                    if not creds or session.authenticate(*creds) is None:
                        raise AuthenticationFailed()
                return await handler(request)
            except TwilioError as err:
                return error_response(err)
        return endpoint

    @staticmethod
    async def json_body(request: Request) -> Any:
        raw = await request.body()
        if not raw:
            return {}
        try:
            return json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MalformedRequest("JSON body", exc) from None

    async def set_review(self, request: Request) -> Response:
        body = await self.json_body(request)
        if not isinstance(body, dict) or not isinstance(body.get("status"), str):
            raise InvalidParameter("status", "a review needs {\"status\": ..., \"reason\": ...}")
        reason, code, fields = body.get("reason"), body.get("error_code"), body.get("fields")
        if reason is not None and not isinstance(reason, str):
            raise InvalidParameter("reason", "must be a string")
        if code is not None and (not isinstance(code, int) or isinstance(code, bool)):
            raise InvalidParameter("error_code", "must be an integer")
        if fields is not None and not (isinstance(fields, list) and all(isinstance(f, str) for f in fields)):
            raise InvalidParameter("fields", "must be a list of strings")
        self.backend.tick()
        with self.backend.session() as session:
            doc = session.set_review(request.path_params["sid"], body["status"], reason, code, fields)
        return JSONResponse(doc)

    async def add_fault(self, request: Request) -> Response:
        body = await self.json_body(request)
        with self.runtime.lock:
            fault = parse_fault(body, self.runtime.next_fault_id)
            self.runtime.next_fault_id += 1
            self.runtime.faults.append(fault)
        return JSONResponse(asdict(fault), status_code=201)

    async def list_faults(self, request: Request) -> Response:
        with self.runtime.lock:
            return JSONResponse({"faults": [asdict(f) for f in self.runtime.faults]})

    async def clear_faults(self, request: Request) -> Response:
        with self.runtime.lock:
            self.runtime.faults.clear()
        return Response(status_code=204)

    async def list_requests(self, request: Request) -> Response:
        with self.runtime.lock:
            return JSONResponse({"requests": list(self.runtime.requests)})

    async def clear_requests(self, request: Request) -> Response:
        with self.runtime.lock:
            self.runtime.requests.clear()
        return Response(status_code=204)

    async def reset(self, request: Request) -> Response:
        self.backend.reset(self.runtime.account_sid, self.runtime.auth_token, self.runtime.api_keys)
        with self.runtime.lock:
            self.runtime.faults.clear()
            self.runtime.requests.clear()
        return Response(status_code=204)


async def _not_found(request: Request, exc: Exception) -> Response:
    path = request.url.path
    if isinstance(exc, HTTPException) and exc.status_code == 405:
        return error_response(MethodNotAllowed(path, request.method))
    return error_response(NotFound(path))


async def _server_error(request: Request, exc: Exception) -> Response:
    return error_response(InternalServerError())


class EmulatorApp:
    """Outermost ASGI layer: bounded bodies, latency, faults and the request log around the Starlette app."""

    def __init__(self, backend: Backend, runtime: Runtime) -> None:
        self.backend = backend
        self.runtime = runtime
        self.inner = Starlette(
            routes=[*ControlApi(backend, runtime).routes(), *TwilioApi(backend).routes()],
            exception_handlers={404: _not_found, 405: _not_found, 500: _server_error},
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        body = await self._read_body(scope, receive)
        if body is None:
            await self._respond(send, BodyTooLarge(MAX_BODY_BYTES))
            self._log(scope, 413, None)
            return
        replay = self._replay(body)
        if scope["path"].startswith(CONTROL_PREFIX):
            await self.inner(scope, replay, send)
            return
        if self.runtime.latency_ms:
            await asyncio.sleep(self.runtime.latency_ms / 1000)
        fault = self.runtime.take_fault(scope["method"], scope["path"], lambda: self._account(scope))
        if fault is not None:
            if fault.drop:
                self._log(scope, None, "drop")
                await self._drop(send)
                return
            if fault.status is not None:
                err = InjectedFault(fault.status, fault.code or fault.status, fault.retry_after)
                await self._respond(send, err)
                self._log(scope, fault.status, "status")
                return
            await asyncio.sleep(fault.delay_seconds or 0)
        status: list[int] = []
        held: list[Message] = []
        hold = fault is not None and fault.answer_delay_seconds is not None

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            if hold:
                held.append(message)
            else:
                await send(message)

        await self.inner(scope, replay, recording_send)
        if hold:
            # Processed and committed; the answer goes out late, or never reaches a client that gave up waiting.
            assert fault is not None and fault.answer_delay_seconds is not None
            await asyncio.sleep(fault.answer_delay_seconds)
            for message in held:
                await send(message)
        self._log(scope, status[0] if status else None, ("answer_delay" if hold else "delay") if fault else None)

    def _account(self, scope: Scope) -> str | None:
        """The account the request's Basic username names (not yet authenticated), for account-scoped faults."""
        creds = basic_credentials(Request(scope))
        if creds is None:
            return None
        with self.backend.session() as session:
            return session.account_of(creds[0])

    def _log(self, scope: Scope, status: int | None, fault: str | None) -> None:
        if scope["path"].startswith(CONTROL_PREFIX):
            return
        host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
        entry: dict[str, Any] = {"method": scope["method"], "host": host, "path": scope["path"],
                                 "query": scope.get("query_string", b"").decode("latin-1"), "status": status,
                                 "time": time.time()}
        if fault:
            entry["fault"] = fault
        self.runtime.log(entry)

    @staticmethod
    async def _read_body(scope: Scope, receive: Receive) -> bytes | None:
        """The whole body, or None when it exceeds the limit (checked on Content-Length and while streaming)."""
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > MAX_BODY_BYTES:
                return None
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                return None
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)

    @staticmethod
    def _replay(body: bytes) -> Receive:
        sent = False

        async def receive() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return {"type": "http.disconnect"}
        return receive

    @staticmethod
    async def _respond(send: Send, err: TwilioError) -> None:
        await error_response(err)({"type": "http"}, _no_receive, send)

    @staticmethod
    async def _drop(send: Send) -> None:
        """Close the TCP connection without a response, as a network failure would (uvicorn's transport)."""
        cycle = getattr(send, "__self__", None)
        transport = getattr(cycle, "transport", None)
        if transport is None:
            raise RuntimeError("drop faults need uvicorn's HTTP transport")
        transport.abort()
        for _ in range(3):  # let connection_lost run so uvicorn sees the client as gone and sends nothing
            await asyncio.sleep(0)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def create_app(backend: Backend, runtime: Runtime) -> EmulatorApp:
    return EmulatorApp(backend, runtime)
