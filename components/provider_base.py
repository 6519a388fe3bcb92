"""What every Twilio dynamic provider shares: the CRUD shape, client set-up, pickle hygiene, adoption, outputs,
Twilio ``errors[]`` formatting, warnings, and the create-without-duplicates loop.

A resource module declares its inputs (``components/inputs.py``) and a provider that implements small hooks:
:meth:`TwilioProvider.fetch`, :meth:`~TwilioProvider.create_new`, :meth:`~TwilioProvider.update_existing`,
:meth:`~TwilioProvider.remove` and, where Twilio has more rules than the declaration says,
:meth:`~TwilioProvider.validate`, :meth:`~TwilioProvider.extra_changes`, :meth:`~TwilioProvider.registered` (when
an object counts as existing for requirements Twilio added later), :meth:`~TwilioProvider.report` (what the
object's state asks of the user) and :meth:`~TwilioProvider.refreshed` (outputs only ``refresh`` computes).
``check``, ``diff``, ``create``
(including ``adopt_sid``), ``read``, ``update`` and ``delete`` are written here once.

State compatibility (the contract with every existing stack)
-----------------------------------------------------------
Pulumi stores each resource's provider in state as a pickle *by reference*: the module path and class name
(``components.messaging_service.MessagingServiceProvider``) and the empty instance state of
:meth:`TwilioProvider.__getstate__`. ``refresh`` and ``destroy`` unpickle the provider stored in state, so:

- never rename or move a provider class or its module; if one must move, leave a re-export at the old path and
  add it to ``tests/components/test_state_contract.py``, which pins every path in use;
- never keep state on the instance that must survive pickling (``__getstate__`` returns ``{}``);
- type tokens (``pulumi-python:dynamic/twilio:<Name>``) are part of URNs: a change needs ``aliases``.

Other rules the providers follow:

- The client is built in ``configure()``, in the plugin process after unpickling, and is read-only afterwards:
  the plugin runs CRUD calls on several threads that share one provider instance.
- ``diff()`` receives the old *outputs*. Outputs therefore mirror the inputs the user set (with the values
  Twilio reports, so ``refresh`` shows drift) plus the computed outputs; a key absent from the new inputs is not
  managed and never causes a change.
"""

from __future__ import annotations

import functools
import sys
import time
import traceback
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any, ClassVar, TypeVar

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from twilio.rest import Client

from components.errors import (
    EngineReport,
    FlexA2PError,
    InputError,
    ReplacementRequired,
    TwilioApiError,
    TwilioConfigError,
)
from components.inputs import ResourceArgs, Update, Url, Violation, as_int, changed, is_unknown
from components.twilio_client import (
    TwilioCredentials,
    build_client,
    none_if_not_found,
    outcome_unknown,
    redact,
    still_in_flight,
    twilio_error,
)
from twilio_contract import ErrorCode

T = TypeVar("T")
R = TypeVar("R")
_MISSING = object()
#: seconds `up` waits for a review when asked to and no ``review_timeout_seconds`` is given
DEFAULT_REVIEW_TIMEOUT = 300
#: seconds between progress lines while waiting for a review
PROGRESS_EVERY = 15.0
#: the methods the dynamic-provider servicer calls; their errors reach the engine (see :func:`_reported`)
ENGINE_CALLS = ("check", "diff", "create", "read", "update", "delete")


def in_plugin_process() -> bool:
    """True in the dynamic-provider plugin (``python -m pulumi.dynamic``), where errors go to the engine."""
    main = sys.modules.get("__main__")
    return getattr(getattr(main, "__spec__", None), "name", None) == "pulumi.dynamic.__main__"


def _reported(method: Callable[..., T]) -> Callable[..., T]:
    """In the plugin, an error becomes one line for the engine: our own errors their message, anything else (a bug)
    its whole traceback. Elsewhere (tests, the program) errors pass unchanged."""

    @functools.wraps(method)
    def call(self: "TwilioProvider", *args: Any) -> T:
        if not in_plugin_process():
            return method(self, *args)
        try:
            return method(self, *args)
        except EngineReport:
            raise
        except FlexA2PError as exc:
            raise EngineReport(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - a bug: keep everything a report needs
            text = "".join(traceback.format_exception(exc, limit=1000))
            raise EngineReport(f"unexpected error in {type(self).__name__}.{method.__name__} (a flex-a2p bug):\n"
                               + redact(text, self.secrets)) from None

    return call


def warn(message: str) -> None:
    """Warn in the CLI: in the plugin process ``pulumi.log`` has no engine and prints to stderr, which the CLI
    shows under the resource."""
    _diagnostic(pulumi.log.warn, "warning", message)


def progress(message: str) -> None:
    """A progress line in the CLI (an info diagnostic), for waits that take a while."""
    _diagnostic(pulumi.log.info, "info", message)


def _diagnostic(log: Callable[[str], None], level: str, message: str) -> None:
    """Without an engine, one ``write`` per line: ``print`` writes the text and its newline apart, so two of the
    plugin's worker threads warning at once ran their lines together in the CLI."""
    if pulumi.runtime.settings.get_engine() is not None:
        log(message)
    else:
        sys.stderr.write(f"{level}: {message}\n")
        sys.stderr.flush()


def plain(value: Any) -> Any:
    """Outputs must be plain data: Twilio's datetimes become the wire format ``YYYY-MM-DDTHH:MM:SSZ``."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def describe_errors(obj: Any) -> str:
    """Twilio's ``errors[]`` of a brand, campaign or bundle (or a brand's old ``failure_reason``) in one line."""
    reasons = []
    for error in getattr(obj, "errors", None) or []:
        if isinstance(error, dict):
            code = error.get("error_code") or error.get("code")
            text = error.get("description") or error.get("message") or ""
            reasons.append(f"{code}: {text}" if text else str(code))
        else:
            reasons.append(str(error))
    if not reasons and getattr(obj, "failure_reason", None):
        reasons.append(str(obj.failure_reason))
    return "; ".join(reasons) or "no reason given"


def same_value(_key: str, value: Any) -> Any:
    """How stored outputs and new inputs are compared by default: tuples as lists, whole floats as ints."""
    if isinstance(value, tuple):
        return list(value)
    return as_int(value)


def in_parallel(fn: Callable[[T], R], items: Sequence[T], workers: int) -> list[tuple[T, R | None, FlexA2PError | None]]:
    """``fn`` over ``items``, ``workers`` at a time: each item with its result or its error (every item runs, so one
    failure does not hide the others). A resource that stands for many Twilio objects (the sender pool's numbers,
    the address configurations) writes them this way, bounded by :attr:`TwilioProvider.workers`."""
    def one(item: T) -> tuple[T, R | None, FlexA2PError | None]:
        try:
            return item, fn(item), None
        except FlexA2PError as exc:
            return item, None, exc

    if len(items) <= 1:
        return [one(item) for item in items]
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(items)))) as pool:
        return list(pool.map(one, items))


def raise_failures(what: str, results: Iterable[tuple[str, Any, FlexA2PError | None]]) -> None:
    """One error naming every failed number and Twilio's code for it."""
    failed = [(item, exc) for item, _, exc in results if exc is not None]
    if not failed:
        return
    first = failed[0][1]
    if len(failed) == 1:
        message = f"{what}: {failed[0][0]}: {first}"
    else:
        lines = "\n  ".join(f"{item}: {exc}" for item, exc in failed)
        message = f"{what}: {len(failed)} phone numbers failed:\n  {lines}"
    if len(failed) == 1 and isinstance(first, InputError):
        raise InputError(first.field, message, would_be=first.would_be)
    raise TwilioApiError(message, code=getattr(first, "code", None), status=getattr(first, "status", None))


class TwilioProvider(ResourceProvider):
    """Base of the Twilio providers. Holds nothing until ``configure()``, and pickles to nothing after it."""

    serialize_as_secret_always = True
    #: the resource's input declaration
    args: ClassVar[type[ResourceArgs]]
    #: what the resource is called in messages, e.g. "Messaging Service"
    kind: ClassVar[str] = "Twilio resource"
    #: replacements, including those forced with `up --replace`, delete the old object first (a number sits in one
    #: service, a service holds one campaign)
    delete_first: ClassVar[bool] = False
    #: seconds to wait before each look-up for an object a failed create may have made
    reconcile_delays: tuple[float, ...] = (0.0, 1.0, 2.0, 4.0)
    #: after those, how often to look again while an unanswered create may still take effect (:attr:`lookup_window`)
    lookup_interval: float = 5.0
    lookup_margin: float = 2.0
    #: seconds between status polls while waiting for a review
    poll_seconds: float = 2.0

    _client: Client | None
    _creds: TwilioCredentials | None
    _config_error: TwilioConfigError | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in ENGINE_CALLS:
            if name in cls.__dict__:
                setattr(cls, name, _reported(cls.__dict__[name]))

    def __init__(self) -> None:
        self.__setstate__({})

    # -- pickle hygiene: the client and credentials exist only in the configured process -------------------------
    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        self._client = None
        self._creds = None
        self._config_error = None

    def configure(self, req: ConfigureRequest) -> None:
        if in_plugin_process():
            sys.tracebacklimit = 0  # format_exc() of an EngineReport is then its one line
        try:
            self._client, self._creds = build_client(req.config)
        except TwilioConfigError as exc:
            # Raised when a call needs Twilio, not here: check() and diff() (a preview in a pull-request check
            # without credentials) work without it.
            self._config_error = exc

    @property
    def client(self) -> Client:
        if self._client is None:
            if self._config_error is not None:
                raise self._config_error
            raise RuntimeError(f"{type(self).__name__} used before configure(): no Twilio client")
        return self._client

    @property
    def workers(self) -> int:
        """Threads for a batch of writes (:func:`in_parallel`): as many as requests may be in flight (the client's
        limit, ``twilio:maxConcurrency``, bounds them over the whole run)."""
        limit = getattr(getattr(self.client, "http_client", None), "limit", None)
        return int(getattr(limit, "limit", 8))

    @property
    def account_sid(self) -> str:
        return self._creds.account_sid if self._creds is not None else "?"

    @property
    def secrets(self) -> tuple[str, ...]:
        return self._creds.secrets if self._creds is not None else ()

    # -- the hooks a resource implements --------------------------------------------------------------------------
    def fetch(self, id_: str, props: Mapping[str, Any]) -> Any | None:
        """The Twilio object, or None when Twilio says it is gone (404)."""
        raise NotImplementedError

    def create_new(self, inputs: dict[str, Any]) -> Any:
        """Create the Twilio object (without ever making two, see :meth:`create_once`)."""
        raise NotImplementedError

    def update_existing(self, id_: str, olds: dict[str, Any], inputs: dict[str, Any]) -> Any:
        """Apply the in-place changes; return the object as Twilio now reports it."""
        raise NotImplementedError

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def validate(self, inputs: Mapping[str, Any]) -> list[Violation]:
        """Rules beyond the declaration (across fields, or Twilio's content rules). Runs in check()."""
        return []

    def extra_changes(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """In-place changes that are not a changed input (e.g. a FAILED brand to resubmit)."""
        return []

    def adopted(self, obj: Any, inputs: dict[str, Any]) -> Any:
        """Bring an adopted object in line with the inputs (default: leave it as it is)."""
        return obj

    def report(self, outs: Mapping[str, Any]) -> None:
        """Tell the user what the object's state asks of them (default: nothing). Runs on Twilio's answer after
        create, update and read, and on the stored outputs in diff, so `up`, `preview` and `refresh` all say it."""

    def old_value(self, olds: Mapping[str, Any], key: str) -> Any:
        """The stored value a new input is compared with (default: the output of the same name)."""
        return olds.get(key, _MISSING)

    def registered(self, olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
        """Whether check() is about an object an earlier `up` created (``olds``, its inputs then, are given): what
        Twilio began to require of new objects since (``NewRequirement``) does not apply to it."""
        return bool(olds)

    # -- check and diff --------------------------------------------------------------------------------------------
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = self.args.normalized(news)
        violations = self.args.violations(inputs, existing=self.registered(olds, inputs)) + self.validate(inputs)
        return CheckResult(inputs, [CheckFailure(v.field, v.describe()) for v in violations])

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        self.report(olds)
        replaces = self._changed(olds, news, self.args.names(Update.REPLACE))
        adopt = news.get("adopt_sid")
        if adopt is not None and (is_unknown(adopt) or adopt != id_):
            replaces.append("adopt_sid")
        changes = self._changed(olds, news, self.args.names(Update.IN_PLACE, Update.FIXED, Update.LOCAL))
        changes += self.extra_changes(olds, news)
        return DiffResult(
            changes=bool(changes or replaces),
            replaces=sorted(set(replaces)),
            delete_before_replace=self.delete_first if (replaces or self.delete_first) else None,
        )

    def same(self, key: str, value: Any) -> Any:
        """A value as compared between stored outputs and new inputs: normalised by its rule, "" for a cleared URL
        as the null Twilio then reports, tuples as lists, whole floats as ints."""
        spec = self.args.specs().get(key)
        if spec is not None:
            if isinstance(spec.rule, Url) and value == "":
                return None
            if value is not None and not is_unknown(value):
                value = spec.rule.normalize(value)
        return same_value(key, value)

    def _changed(self, olds: Mapping[str, Any], news: Mapping[str, Any], keys: tuple[str, ...]) -> list[str]:
        stored = {k: v for k in keys if (v := self.old_value(olds, k)) is not _MISSING}
        return changed(stored, news, keys, self.same)

    def differing(self, obj: Any, inputs: Mapping[str, Any], keys: Iterable[str]) -> list[str]:
        """The ``keys`` set in ``inputs`` whose value is not what Twilio's object ``obj`` holds, compared as
        :meth:`same` compares them: what adopting ``obj`` has to write (nothing, when it already is as configured,
        so bringing an object under management is not a Twilio write)."""
        return [k for k in keys if inputs.get(k) is not None
                and self.same(k, inputs[k]) != self.same(k, getattr(obj, k, None))]

    # -- CRUD ------------------------------------------------------------------------------------------------------
    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = self.args.user_inputs(props)
        if "adopt_sid" in inputs:
            obj = self.adopted(self._adopt(inputs["adopt_sid"], inputs), inputs)
        else:
            obj = self.create_new(inputs)
        outs = self.outputs_of(obj, inputs)
        self.report(outs)
        return CreateResult(obj.sid, outs)

    def _adopt(self, sid: str, inputs: dict[str, Any]) -> Any:
        obj = self.fetch(sid, inputs)
        if obj is None:
            raise TwilioApiError(f"adopt_sid: {self.kind} {sid} does not exist in account {self.account_sid}",
                                 code=ErrorCode.NOT_FOUND, status=404)
        return obj

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        obj = self.fetch(id_, props)
        if obj is None:
            return ReadResult("", {})  # gone: refresh drops it
        inputs = self.args.user_inputs(props)
        outs = self.outputs_of(obj, inputs)
        outs.update(self.refreshed(obj))
        self.report(outs)
        return ReadResult(obj.sid, outs, inputs={k: outs[k] for k in inputs if outs.get(k) is not None})

    def refreshed(self, obj: Any) -> dict[str, Any]:
        """Outputs only ``refresh`` computes, from the object it read (default: none)."""
        return {}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        fixed = self._changed(olds, news, self.args.names(Update.FIXED))
        if fixed:
            raise self.replacement_required(fixed)
        inputs = self.args.user_inputs(news)
        outs = self.outputs_of(self.update_existing(id_, olds, inputs), inputs)
        self.report(outs)
        return UpdateResult(outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self.remove(id_, props)

    def replacement_required(self, fields: list[str]) -> ReplacementRequired:
        updatable = ", ".join(self.args.names(Update.IN_PLACE))
        return ReplacementRequired(
            ", ".join(fields),
            f"Twilio cannot change {'this' if len(fields) == 1 else 'these'} on an existing {self.kind} (its update "
            f"accepts only {updatable}). To re-register it with the new values run "
            "`pulumi up --replace <this resource's URN>`, or revert the change.",
        )

    def outputs_of(self, obj: Any, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """The inputs the user set, with the values Twilio reports for those it stores, plus computed outputs."""
        specs = self.args.specs()
        outs = {key: plain(getattr(obj, key, None)) if self.reads_back(key) else value
                for key, value in inputs.items() if key in specs}
        outs.update({key: plain(getattr(obj, key, None)) for key in self.args.OUTPUTS})
        return outs

    def reads_back(self, key: str) -> bool:
        """Whether Twilio's object carries this input under the same name (so refresh sees drift)."""
        return self.args.specs()[key].update in (Update.IN_PLACE, Update.REPLACE, Update.FIXED)

    # -- calling Twilio ----------------------------------------------------------------------------------------
    def call(self, action: str, fn: Callable[[], T]) -> T:
        """One Twilio call; a failure becomes a `TwilioApiError` saying what was being done."""
        try:
            return fn()
        except (TwilioApiError, InputError):
            raise
        except Exception as exc:  # noqa: BLE001 - translated, secrets redacted
            raise twilio_error(action, exc, self.secrets) from None

    def fetch_or_none(self, action: str, fetch: Callable[[], T]) -> T | None:
        """A fetch where 404 means "gone" (refresh drops the resource) rather than an error."""
        return self.call(action, lambda: none_if_not_found(fetch))

    def delete_if_present(self, action: str, delete: Callable[[], Any]) -> None:
        """A delete where 404 is success: what we wanted is already true (and retried DELETEs land here)."""
        self.fetch_or_none(action, delete)

    def warn(self, message: str) -> None:
        warn(message)

    def refuse(self, field: str, message: str, *, would_be: int | None = None) -> InputError:
        return InputError(field, message, would_be=would_be)

    # -- waiting for a review -------------------------------------------------------------------------------------
    @staticmethod
    def review_timeout(inputs: Mapping[str, Any]) -> float:
        return float(inputs.get("review_timeout_seconds") or DEFAULT_REVIEW_TIMEOUT)

    def await_review(self, what: str, obj: T, fetch: Callable[[], T], status: Callable[[T], str],
                     pending: Collection[str], timeout: float) -> T:
        """Poll ``fetch`` while the status is one of ``pending``, for at most ``timeout`` seconds, with a progress
        line now and then. At the timeout it warns and returns what it last read: the review goes on at Twilio and
        `pulumi up --refresh` picks up its outcome later."""
        started = time.monotonic()
        last_line = -PROGRESS_EVERY
        while status(obj) in pending:
            waited = time.monotonic() - started
            if waited >= timeout:
                self.warn(f"{what}: review not finished after {timeout:.0f}s (status {status(obj)}); it goes on at "
                          "Twilio, and `pulumi up --refresh` picks up the outcome")
                return obj
            if waited - last_line >= PROGRESS_EVERY:
                progress(f"{what}: {status(obj)}, waiting for Twilio's review ({waited:.0f}s of at most "
                         f"{timeout:.0f}s)")
                last_line = waited
            time.sleep(self.poll_seconds)
            obj = self.call(f"read {what}", fetch)
        progress(f"{what}: review ended {status(obj)} after {time.monotonic() - started:.0f}s")
        return obj

    # -- create without duplicates --------------------------------------------------------------------------------
    @property
    def _policy(self) -> Any:
        return getattr(getattr(self.client, "http_client", None), "policy", None)

    @property
    def lookup_window(self) -> float:
        """Seconds to keep looking for what an unanswered create made (twilio:retryTimeout): an answer may arrive,
        and the create take effect, that long after the request timed out."""
        return float(getattr(self._policy, "max_elapsed_seconds", 60.0)) + self.lookup_margin

    @property
    def create_attempts(self) -> int:
        """A create is sent at most twilio:maxRetries + 1 times, like any other request."""
        return int(getattr(self._policy, "max_retries", 2)) + 1

    def create_once(self, action: str, create: Callable[[], T], find_created: Callable[[], list[T]],
                    describe: Callable[[T], str], repeatable: bool = True) -> T:
        """Create, and when the outcome is unknown look for the object the lost request may have made before
        trying again: a few times over seconds after an error answer or a closed connection (the handling has
        ended, so what it made is visible), and for :attr:`lookup_window` after a request Twilio did not answer in
        time (it may still take effect). ``find_created`` returns candidates that did not exist before this create
        began (the caller snapshots them first). ``repeatable=False`` never sends the create again after an
        unanswered one, however late it might take effect (services and brands: nothing else tells a second one
        apart, and brands cannot be deleted); the error says how the next `up` resolves it. Numbers and campaigns
        have a key Twilio enforces (21710, one campaign per service), so resending them is safe."""
        last: BaseException | None = None
        for _ in range(self.create_attempts):
            try:
                return create()
            except (TwilioApiError, InputError):
                raise  # already says what went wrong
            except Exception as exc:  # noqa: BLE001 - classified below
                if not outcome_unknown(exc):
                    raise twilio_error(action, exc, self.secrets) from None
                last = exc
            found = self._look_for_lost(action, find_created, describe, last)
            if found is not None:
                return found
            if not repeatable and still_in_flight(last):
                raise TwilioApiError(
                    f"{action}: Twilio did not answer, and nothing it made has appeared in the {self.lookup_window:.0f}s "
                    "since; it may still take effect, so it is not sent twice. Run `pulumi up` again: its preview "
                    "names the object if it appeared (adopt it with adoptSid), otherwise the create is made then."
                )
        assert last is not None
        raise twilio_error(action, last, self.secrets) from None

    def _look_for_lost(self, action: str, find_created: Callable[[], list[T]], describe: Callable[[T], str],
                       lost: BaseException) -> T | None:
        deadline = time.monotonic() + (self.lookup_window if still_in_flight(lost) else 0.0)
        delays = iter(self.reconcile_delays)
        while True:
            delay = next(delays, None)
            if delay is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                delay = min(self.lookup_interval, left)
            time.sleep(delay)
            found = self.call(f"{action} (looking for an object made by a lost request)", find_created)
            if len(found) == 1:
                self.warn(f"{action}: Twilio's answer was lost ({twilio_error(action, lost, self.secrets)}), "
                          f"but the request had been processed; using {describe(found[0])}")
                return found[0]
            if len(found) > 1:
                raise TwilioApiError(
                    f"{action}: Twilio's answer was lost and several matching objects appeared meanwhile "
                    f"({', '.join(describe(f) for f in found)}); adopt the right one with adopt_sid"
                )


for _name in ENGINE_CALLS:
    setattr(TwilioProvider, _name, _reported(getattr(TwilioProvider, _name)))


class TwilioResource(pulumi.dynamic.Resource):
    """Base of the dynamic resources: built from their input declaration, keyword arguments or an ``args`` object.

    Subclasses name their type with ``module="twilio", name="<Name>"`` (the type token
    ``pulumi-python:dynamic/twilio:<Name>``) and set ``Args`` and ``Provider``.
    """

    Args: ClassVar[type[ResourceArgs]]
    Provider: ClassVar[type[TwilioProvider]]

    def __init__(self, resource_name: str, args: ResourceArgs | None = None,
                 opts: pulumi.ResourceOptions | None = None, **kwargs: Any) -> None:
        if args is None:
            args = self.Args(**kwargs)  # a misspelt keyword is a TypeError naming it
        elif kwargs:
            raise TypeError(f"{type(self).__name__}: give either args or keyword arguments, not both")
        props = args.props()
        secrets = [name for name in self.Args.secret_names() if getattr(args, name) is not None]
        if secrets:
            # Secret as inputs (the engine keeps them encrypted in state and prints [secret]) and as outputs.
            props.update({name: pulumi.Output.secret(props[name]) for name in secrets})
            opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=secrets))
        super().__init__(self.Provider(), resource_name, props, opts)

    @classmethod
    def type_token(cls) -> str:
        return "pulumi-python:" + cls._resource_type_name  # type: ignore[attr-defined]
