"""Does each number's inbound SMS reach Flex? A read-only verification, number by number.

A Messaging Service that defers (``use_inbound_webhook_on_number``) only lets the number's own route win; whether
that route ends with an agent depends on the Flex flavour (docs/flex-inbound-routing.md §5):

- **Flex Conversations** (Flex UI 2.x): an SMS address configuration for the number with auto-creation on, into a
  published Studio flow that reaches a Send to Flex state from its "Incoming Conversation" trigger (or into a
  webhook), in the account's default conversation service; the number's own "A message comes in" blank.
- **legacy Flex** (UI 1.x, Programmable Chat and Proxy, past its end of life): the number's "A message comes in" on
  the Flex Proxy Service's webhook, that Proxy service, and an enabled SMS Flex Flow for the number into a handler
  (a published Studio flow reaching Send to Flex from "Incoming Message", an external URL or a task).

Each number gets a :class:`Verdict`: ``pass``, ``warn`` (it reaches Flex, with a risk worth fixing) or ``fail`` (it
does not), with the route it takes and the reason in plain words, or ``unverified`` when Twilio could not be read.

Where it runs, and why twice:

- in the program, on ``preview``/``up`` whose configuration changed (``components/last_update.py``), judging the route
  the number will have after this update: the service's *desired* defer setting and the managed address configurations come from config
  (:class:`Expected`); the result is the stack output ``inboundRouting``, known during preview, so the policy
  ``flex-numbers-reach-flex`` can stop the update before anything is written (:func:`program_verdicts`);
- in :class:`~components.messaging_service.MessagingServiceProvider`'s ``read()``, on a plain ``refresh``, judging
  the route as it is for every number in the service's sender pool (output ``inbound_routing``): the engine runs no
  program then, and drift must still show (:func:`verify_service`).

It only reads (GET), and a fixed number of requests however many numbers there are: the account's numbers and
its address configurations are each one paged list per run, and what numbers share (a Studio flow, an
application, the Flex configuration) is read once per run (:class:`TwilioReads`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import urlsplit

from components.errors import TwilioApiError, TwilioConfigError
from components.twilio_client import build_client, is_not_found, twilio_error

T = TypeVar("T")

#: Programmable Chat for Flex (legacy Flex messaging) reached its end of life on this day.
LEGACY_END_OF_LIFE = "2026-06-01"
#: The Studio trigger event each flavour's messages start a flow with.
TRIGGER_EVENT = {"conversations": "incomingConversationMessage", "legacy": "incomingMessage"}
SEND_TO_FLEX = "send-to-flex"
#: Requests in flight at once, as many as the dynamic-provider plugin's workers.
WORKERS = 4


class Status(str, Enum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    UNVERIFIED = "unverified"


class Flavour(str, Enum):
    CONVERSATIONS = "conversations"
    LEGACY = "legacy"


@dataclass(frozen=True)
class Verdict:
    """One number's route and whether it reaches Flex. ``route`` chains the hops (``address IG… -> Studio flow
    FW… -> Send to Flex``); ``reason`` says, in plain words, what fails or warns, or why it passes."""

    status: Status
    flavour: Flavour | None
    route: str
    reason: str

    @classmethod
    def from_output(cls, recorded: Mapping[str, Any]) -> "Verdict":
        """A verdict as :meth:`output` recorded it."""
        flavour, status = recorded.get("flavour"), recorded.get("status")
        return cls(Status(status) if status in {s.value for s in Status} else Status.UNVERIFIED,
                   Flavour(flavour) if flavour in {f.value for f in Flavour} else None,
                   str(recorded.get("route", "")), str(recorded.get("reason", "")))

    def output(self) -> dict[str, str | None]:
        """The stack output's shape: ``{status, flavour, route, reason}``."""
        return {"status": self.status.value, "flavour": self.flavour.value if self.flavour else None,
                "route": self.route, "reason": self.reason}


def unverified(reason: str) -> Verdict:
    return Verdict(Status.UNVERIFIED, None, "not verified", reason)


# ---------------------------------------------------------------------------------------------------------------
# what a run expects


@dataclass(frozen=True)
class ServiceSettings:
    """How the Messaging Service holding the number handles inbound messages."""

    defers: bool
    inbound_request_url: str | None
    label: str  # how reasons name it: "this stack's Messaging Service" or "Messaging Service MG…"


@dataclass(frozen=True)
class AddressTarget:
    """An address configuration's auto-creation, as Twilio reports it or as this update will set it."""

    sid: str | None  # None: created by this update
    enabled: bool
    type: str | None
    studio_flow_sid: str | None = None
    webhook_url: str | None = None
    conversation_service_sid: str | None = None

    @classmethod
    def reported(cls, obj: Any) -> AddressTarget:
        auto = getattr(obj, "auto_creation", None) or {}
        return cls(sid=obj.sid, enabled=bool(auto.get("enabled")), type=auto.get("type"),
                   studio_flow_sid=auto.get("studio_flow_sid"), webhook_url=auto.get("webhook_url"),
                   conversation_service_sid=auto.get("conversation_service_sid"))

    @property
    def label(self) -> str:
        return f"address {self.sid}" if self.sid else "address (set by this update)"


@dataclass(frozen=True)
class Expected:
    """What this run judges against where it differs from what Twilio reports now: the service's settings (desired
    on ``up``, as read on ``refresh``), the address configurations the stack manages, whether the stack blanks the
    numbers' "A message comes in", and the flavour when config sets it (None: detected)."""

    service: ServiceSettings
    addresses: Mapping[str, AddressTarget] = field(default_factory=dict)
    blank_sms_url: bool = False
    flavour: Flavour | None = None


@dataclass(frozen=True)
class FlexInbound:
    """The stack's ``flex-a2p:flexInbound`` settings: ``mode`` ``verify`` (read only) or ``conversations`` (manage
    the numbers' address configurations, each set to ``address``, the shared inputs of
    ConversationsAddressConfigurations), and the flavour when it is not to be detected."""

    mode: str = "verify"
    flavour: Flavour | None = None
    address: Mapping[str, Any] = field(default_factory=dict)

    @property
    def manages_addresses(self) -> bool:
        return self.mode == "conversations"

    @property
    def judged_flavour(self) -> Flavour | None:
        return Flavour.CONVERSATIONS if self.manages_addresses else self.flavour

    def target(self) -> AddressTarget:
        """The auto-creation every managed address configuration gets."""
        a = self.address
        return AddressTarget(sid=None, enabled=bool(a.get("auto_creation_enabled", True)),
                             type=a.get("auto_creation_type"), studio_flow_sid=a.get("auto_creation_studio_flow_sid"),
                             webhook_url=a.get("auto_creation_webhook_url"),
                             conversation_service_sid=a.get("auto_creation_conversation_service_sid"))

    def expected(self, numbers: Iterable[str], service: ServiceSettings) -> Expected:
        addresses = {n: self.target() for n in numbers} if self.manages_addresses else {}
        return Expected(service=service, addresses=addresses, blank_sms_url=bool(self.address.get("blank_sms_url")),
                        flavour=self.judged_flavour)


def flavour_in_config(raw: Any) -> Flavour | None:
    """The flavour ``flex-a2p:flexInbound`` fixes, read in a provider from the raw stack config (the program
    validated it); None to detect it."""
    import json

    try:
        section = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return None
    if not isinstance(section, dict):
        return None
    if section.get("mode") == "conversations":
        return Flavour.CONVERSATIONS
    return Flavour(section["flavour"]) if section.get("flavour") in {f.value for f in Flavour} else None


# ---------------------------------------------------------------------------------------------------------------
# reading Twilio


class TwilioReads:
    """The read-only Twilio calls of a verification. What several numbers share (the Flex configuration, the Flex
    Flows, a Studio flow, a Proxy service, the Conversations defaults) is read once per run, even from several
    threads; a failed read fails once and every number that needs it is unverified with the same reason."""

    def __init__(self, client: Any, account_sid: str, secrets: tuple[str, ...] = ()) -> None:
        self.client = client
        self.account_sid = account_sid
        self.secrets = secrets
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._done: dict[Hashable, tuple[bool, Any]] = {}

    def _once(self, key: Hashable, read: Callable[[], T]) -> T:
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            if key not in self._done:
                try:
                    self._done[key] = (True, read())
                except TwilioApiError as exc:
                    self._done[key] = (False, exc)
            ok, value = self._done[key]
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def _get(self, action: str, read: Callable[[], T]) -> T | None:
        """One GET; None when Twilio says it does not exist (404)."""
        try:
            return read()
        except Exception as exc:  # noqa: BLE001 - translated, secrets redacted
            if is_not_found(exc):
                return None
            raise twilio_error(action, exc, self.secrets) from None

    def number(self, e164: str) -> Any | None:
        """From one paged list of the account's numbers, shared by every number of the run (not a look-up each)."""
        return self._numbers().get(e164)

    def _numbers(self) -> dict[str, Any]:
        return self._once("numbers", lambda: {n.phone_number: n for n in self._get(
            "list IncomingPhoneNumbers", lambda: self.client.incoming_phone_numbers.list(page_size=1000)) or []})

    def application(self, sid: str) -> Any | None:
        return self._once(("application", sid), lambda: self._get(
            f"read application {sid}", self.client.applications(sid).fetch))

    def address(self, e164: str) -> Any | None:
        """From one paged list of the account's address configurations, shared like :meth:`number`."""
        return self._addresses().get(e164)

    def _addresses(self) -> dict[str, Any]:
        addresses = self.client.conversations.v1.address_configurations
        return self._once("addresses", lambda: {a.address: a for a in self._get(
            "list the Conversations address configurations", lambda: addresses.list(page_size=1000)) or []})

    def flow(self, sid: str) -> Any | None:
        return self._once(("flow", sid), lambda: self._get(
            f"read Studio flow {sid}", self.client.studio.v2.flows(sid).fetch))

    def proxy_service(self, sid: str) -> Any | None:
        return self._once(("proxy", sid), lambda: self._get(
            f"read Proxy service {sid}", self.client.proxy.v1.services(sid).fetch))

    def flex_configuration(self) -> Any | None:
        return self._once("flex", lambda: self._get(
            "read the Flex configuration", self.client.flex_api.v1.configuration().fetch))

    def conversations_configuration(self) -> Any | None:
        return self._once("conversations", lambda: self._get(
            "read the Conversations configuration", self.client.conversations.v1.configuration().fetch))

    def flex_flows(self) -> list[Any]:
        return self._once("flex_flows", lambda: self._get(
            "list Flex Flows", lambda: self.client.flex_api.v1.flex_flow.list(page_size=1000)) or [])

    def service_numbers(self, sid: str) -> list[str]:
        """The E.164 numbers in a Messaging Service's sender pool."""
        senders = self.client.messaging.v1.services(sid).phone_numbers
        found = self._once(("senders", sid), lambda: self._get(
            f"list the numbers of Messaging Service {sid}", lambda: senders.list(page_size=1000)) or [])
        return [n.phone_number for n in found]


# ---------------------------------------------------------------------------------------------------------------
# deciding


def host_of(url: str | None) -> str:
    """How a reason names a URL: its host only (URLs may carry credentials)."""
    return (urlsplit(url).hostname or "an invalid URL") if url else "nothing"


def reaches_send_to_flex(definition: Any, event: str) -> bool:
    """Whether a Studio flow definition leads from its trigger's ``event`` transition to a Send to Flex state."""
    if not isinstance(definition, dict) or not isinstance(definition.get("states"), list):
        return False
    states = {s.get("name"): s for s in definition["states"] if isinstance(s, dict)}
    triggers = [s for s in states.values() if s.get("type") == "trigger"]
    todo = [t.get("next") for s in triggers for t in s.get("transitions") or [] if t.get("event") == event]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if not name or name in seen or name not in states:
            continue
        seen.add(name)
        if states[name].get("type") == SEND_TO_FLEX:
            return True
        todo += [t.get("next") for t in states[name].get("transitions") or []]
    return False


@dataclass
class _Findings:
    """What one number's checks found, hop by hop."""

    flavour: Flavour
    hops: list[str] = field(default_factory=list)
    fails: list[str] = field(default_factory=list)
    warns: list[str] = field(default_factory=list)
    passes: str = ""

    def verdict(self) -> Verdict:
        route = " -> ".join(self.hops) or "none"
        if self.fails:
            return Verdict(Status.FAIL, self.flavour, route, "; ".join(self.fails))
        if self.warns:
            return Verdict(Status.WARN, self.flavour, route, "; ".join(self.warns))
        return Verdict(Status.PASS, self.flavour, route, self.passes)


class Judge:
    """Applies the per-number decision procedure (docs/flex-inbound-routing.md §5) to what Twilio reports, with
    :class:`Expected` in place of what this update changes."""

    def __init__(self, reads: TwilioReads, expected: Expected) -> None:
        self.reads = reads
        self.expected = expected

    def __call__(self, e164: str) -> Verdict:
        try:
            return self.judge(e164)
        except TwilioApiError as exc:
            return unverified(f"Twilio could not be read: {exc}")

    def judge(self, e164: str) -> Verdict:
        flavour = self.flavour(e164)
        found = _Findings(flavour)
        number = self.reads.number(e164)
        if number is None:
            found.fails.append(f"{e164} is not a phone number of account {self.reads.account_sid}")
            return found.verdict()
        service = self.expected.service
        if not service.defers:
            taken = (f"its own inbound webhook on {host_of(service.inbound_request_url)} receives them instead"
                     if service.inbound_request_url else "with no inbound webhook of its own it drops them")
            found.fails.append(f"{service.label} does not defer to the number's webhook "
                               f"(use_inbound_webhook_on_number is false): {taken}")
        if flavour is Flavour.CONVERSATIONS:
            self.conversations(e164, number, found)
        else:
            self.legacy(e164, number, found)
        return found.verdict()

    def flavour(self, e164: str) -> Flavour:
        """Config's flavour; else the Flex UI version of the account (1.x legacy, 2.x Conversations); without a
        Flex configuration, the number's own wiring (a Flex Flow and no address: legacy)."""
        if self.expected.flavour is not None:
            return self.expected.flavour
        flex = self.reads.flex_configuration()
        version = re.search(r"\d+", getattr(flex, "ui_version", None) or "") if flex is not None else None
        if version is not None:
            return Flavour.LEGACY if int(version.group()) < 2 else Flavour.CONVERSATIONS
        if self.reads.address(e164) is None and self.flex_flows_of(e164):
            return Flavour.LEGACY
        return Flavour.CONVERSATIONS

    # -- the number's own handler ---------------------------------------------------------------------------------
    def handler(self, number: Any) -> tuple[str | None, str]:
        """The number's "A message comes in" after this update: (its URL, how to name it); (None, …) when blank."""
        if self.expected.blank_sms_url:
            return None, "blank"
        app_sid = getattr(number, "sms_application_sid", None)
        if app_sid:
            app = self.reads.application(app_sid)
            url = getattr(app, "sms_url", None) if app is not None else None
            return url or None, f"application {app_sid}" + ("" if app is not None else " (which does not exist)")
        url = getattr(number, "sms_url", None)
        return (url, f"a webhook on {host_of(url)}") if url else (None, "blank")

    def flex_flows_of(self, e164: str) -> list[Any]:
        return [f for f in self.reads.flex_flows() if f.channel_type == "sms" and f.contact_identity == e164]

    def check_flow(self, sid: str | None, flavour: Flavour, found: _Findings) -> None:
        if not sid:
            found.fails.append("no Studio flow is named")
            return
        found.hops.append(f"Studio flow {sid}")
        flow = self.reads.flow(sid)
        event = TRIGGER_EVENT[flavour.value]
        if flow is None:
            found.fails.append(f"Studio flow {sid} does not exist")
        elif flow.status != "published":
            found.fails.append(f"Studio flow {sid} is not published (status {flow.status}), so it handles nothing")
        elif not reaches_send_to_flex(flow.definition, event):
            found.fails.append(f"Studio flow {sid} never reaches a Send to Flex widget from its {event} trigger")
        else:
            found.hops.append("Send to Flex")

    # -- Flex Conversations -----------------------------------------------------------------------------------------
    def conversations(self, e164: str, number: Any, found: _Findings) -> None:
        managed = self.expected.addresses.get(e164)
        if managed is not None:
            address: AddressTarget | None = managed
        else:
            reported = self.reads.address(e164)
            address = AddressTarget.reported(reported) if reported is not None else None
        if address is None:
            found.hops.append("no address configuration")
            found.fails.append("no Conversations address configuration for the number, so nothing creates a "
                               "conversation for Flex")
        else:
            found.hops.append(address.label)
            self.auto_creation(address, found)
        url, named = self.handler(number)
        if url:
            found.warns.append(f"the number's own 'A message comes in' ({named}) also runs for every message, "
                               "next to auto-creation: double handling, such as an automatic reply; blank it")
        for leftover in self.flex_flows_of(e164):
            found.warns.append(f"legacy Flex Flow {leftover.sid} still claims the number (a migration leftover); "
                               "delete it")
        found.passes = "inbound SMS creates a conversation that " + (
            "the Studio flow sends to Flex" if address is not None and address.type == "studio"
            else "the webhook hands to Flex")

    def auto_creation(self, address: AddressTarget, found: _Findings) -> None:
        if not address.enabled:
            found.fails.append(f"{address.label} has auto-creation off, so no conversation is created")
            return
        if address.type == "studio":
            self.check_flow(address.studio_flow_sid, Flavour.CONVERSATIONS, found)
        elif address.type == "webhook":
            if address.webhook_url:
                found.hops.append(f"webhook on {host_of(address.webhook_url)}")
            else:
                found.fails.append(f"{address.label} auto-creates with a webhook but names no webhook URL")
        else:
            found.fails.append(f"{address.label} auto-creates with type {address.type or 'default'}: a conversation "
                               "without a Studio flow or webhook, which nothing hands to Flex")
        service = address.conversation_service_sid
        if service:
            default = getattr(self.reads.conversations_configuration(), "default_chat_service_sid", None)
            if service != default:
                found.fails.append(f"{address.label} creates conversations in {service}, not in the account's "
                                   f"default conversation service {default or '(none)'}, the only one Flex reads")

    # -- legacy Flex ------------------------------------------------------------------------------------------------
    def legacy(self, e164: str, number: Any, found: _Findings) -> None:
        url, named = self.handler(number)
        proxy = re.fullmatch(rf"https://webhooks\.twilio\.com/v1/Accounts/{self.reads.account_sid}/Proxy/"
                             r"(KS[0-9a-fA-F]{32})/Webhooks/Message", url or "")
        flows = self.flex_flows_of(e164)
        enabled = [f for f in flows if f.enabled]
        if proxy is None:
            found.hops.append(f"number webhook ({named})")
            found.fails.append(f"the number's 'A message comes in' is {named}, not the Flex Proxy Service's "
                               "webhook, so Flex never sees its messages")
        else:
            found.hops.append(f"Flex Proxy {proxy.group(1)}")
            service = self.reads.proxy_service(proxy.group(1))
            if service is None:
                found.fails.append(f"the number's webhook names Proxy service {proxy.group(1)}, which does not exist")
            elif enabled and service.chat_instance_sid != enabled[0].chat_service_sid:
                found.warns.append(f"Proxy service {service.sid} relays into chat service "
                                   f"{service.chat_instance_sid}, but Flex Flow {enabled[0].sid} uses "
                                   f"{enabled[0].chat_service_sid}")
        if not enabled:
            found.fails.append(f"Flex Flow {flows[0].sid} for the number is disabled" if flows
                               else "no SMS Flex Flow for the number, so nothing hands its messages to Flex")
        else:
            self.integration(enabled[0], found)
        reported = self.reads.address(e164)
        if reported is not None:
            found.warns.append(f"Conversations address {reported.sid} also claims the number; keep one flavour")
        found.warns.append(f"legacy Flex messaging reached its end of life on {LEGACY_END_OF_LIFE}; migrate the "
                           "number to Flex Conversations")

    def integration(self, flow: Any, found: _Findings) -> None:
        found.hops.append(f"Flex Flow {flow.sid}")
        integration = flow.integration or {}
        if flow.integration_type == "studio":
            self.check_flow(integration.get("flow_sid"), Flavour.LEGACY, found)
        elif flow.integration_type == "external":
            if integration.get("url"):
                found.hops.append(f"external webhook on {host_of(integration['url'])}")
            else:
                found.fails.append(f"Flex Flow {flow.sid} hands messages to an external URL it does not name")
        elif flow.integration_type == "task":
            if integration.get("workflow_sid"):
                found.hops.append(f"TaskRouter workflow {integration['workflow_sid']}")
            else:
                found.fails.append(f"Flex Flow {flow.sid} creates tasks without a TaskRouter workflow")
        else:
            found.fails.append(f"Flex Flow {flow.sid} has no integration, so nothing handles its messages")


def verify(numbers: Iterable[str], reads: TwilioReads, expected: Expected) -> dict[str, Verdict]:
    """Every number's verdict, a few numbers at a time."""
    numbers = list(numbers)
    judge = Judge(reads, expected)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return dict(zip(numbers, pool.map(judge, numbers)))


def outputs(verdicts: Mapping[str, Verdict]) -> dict[str, dict[str, str | None]]:
    return {number: verdict.output() for number, verdict in verdicts.items()}


def notices(verdicts: Mapping[str, Verdict]) -> list[str]:
    """One line per number that does not simply pass, for the CLI."""
    return [f"inbound SMS to {n}: {v.status.value.upper()}: {v.reason} (route: {v.route})"
            for n, v in verdicts.items() if v.status is not Status.PASS]


def notices_of(recorded: Mapping[str, Any]) -> list[str]:
    """:func:`notices` for verdicts as an output recorded them (``{status, flavour, route, reason}``)."""
    return notices({n: Verdict.from_output(v) for n, v in recorded.items() if isinstance(v, Mapping)})


# ---------------------------------------------------------------------------------------------------------------
# the two places it runs


class _ProgramConfig:
    """The program's stack config as `build_client` reads it (``twilio:authToken`` and the rest)."""

    def get(self, key: str) -> Any:
        import pulumi

        namespace, _, name = key.partition(":")
        return pulumi.Config(namespace).get(name)


def program_verdicts(numbers: Iterable[str], service: Mapping[str, Any], flex_inbound: FlexInbound) -> dict[str, Any]:
    """The stack output ``inboundRouting``, computed in the program on ``preview``/``up`` for the route each number
    will have after this update. Without credentials (a pull-request check) every number is ``unverified`` and the
    CLI says why; nothing here ever writes to Twilio."""
    import pulumi

    numbers = list(numbers)
    if not numbers:
        return {}
    try:
        client, creds = build_client(_ProgramConfig())
    except TwilioConfigError as exc:
        pulumi.log.warn(f"inbound SMS routing to Flex was not verified: {exc}")
        return outputs({n: unverified(f"no Twilio credentials to verify it with: {exc}") for n in numbers})
    verdicts = planned_verdicts(numbers, service, flex_inbound, TwilioReads(client, creds.account_sid, creds.secrets))
    for line in notices(verdicts):
        pulumi.log.warn(line)
    return outputs(verdicts)


def planned_verdicts(numbers: Iterable[str], service: Mapping[str, Any], flex_inbound: FlexInbound,
                     reads: TwilioReads) -> dict[str, Verdict]:
    """Each number's verdict for the route it will have once the stack's config is applied: ``service`` is the
    Messaging Service's inputs (its defer setting as configured), ``flex_inbound`` the address configurations the
    stack will manage. The program's ``inboundRouting`` and ``discover``'s findings before an ``up``."""
    numbers = list(numbers)
    settings = ServiceSettings(defers=service.get("use_inbound_webhook_on_number", True) is not False,
                               inbound_request_url=service.get("inbound_request_url") or None,
                               label="this stack's Messaging Service")
    return verify(numbers, reads, flex_inbound.expected(numbers, settings))


def verify_service(client: Any, account_sid: str, secrets: tuple[str, ...], service: Any,
                   flavour: Flavour | None, warn: Callable[[str], None]) -> dict[str, Any] | None:
    """The ``inbound_routing`` output of a Messaging Service on ``refresh``: every number in its sender pool, with
    the service as just read from Twilio. None (and a warning) when Twilio could not be read."""
    reads = TwilioReads(client, account_sid, secrets)
    try:
        numbers = reads.service_numbers(service.sid)
    except TwilioApiError as exc:
        warn(f"inbound SMS routing to Flex was not verified: {exc}")
        return None
    settings = ServiceSettings(defers=service.use_inbound_webhook_on_number is True,
                               inbound_request_url=service.inbound_request_url or None,
                               label=f"Messaging Service {service.sid}")
    verdicts = verify(numbers, reads, Expected(service=settings, flavour=flavour))
    for line in notices(verdicts):
        warn(line)
    return outputs(verdicts)
