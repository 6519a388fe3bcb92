"""`pulumi-python:dynamic/twilio:MessagingServicePhoneNumber`: a number in a Messaging Service's sender pool
(`/v1/Services/{ServiceSid}/PhoneNumbers`).

The number is given as ``phone_number`` (E.164, resolved to its PN SID through the account's
IncomingPhoneNumbers) or as ``phone_number_sid``. A number can sit in one service only: if it already is in this
service it is adopted without a write (each service's sender pool is listed once per run, and kept in step with what
this provider adds and removes meanwhile; a number added by someone else since is adopted on Twilio's 21710); if
another service holds it (21712) the error names that service, unless ``take_over=True``, which removes it there
first. Removing the resource removes the number from the service; the
number stays on the account. Changing the service or the number replaces the resource, deleting first, because
the same number cannot be in two services at once.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.dynamic import UpdateResult
from twilio.base.exceptions import TwilioRestException

from components.errors import TwilioApiError
from components.inputs import Flag, Phone, ResourceArgs, Sid, Update, Violation, twilio_field
from components.provider_base import TwilioProvider, TwilioResource
from twilio_contract import ErrorCode


@dataclass(frozen=True, kw_only=True)
class MessagingServicePhoneNumberArgs(ResourceArgs):
    OUTPUTS = ("sid", "phone_number", "capabilities", "country_code")

    service_sid: pulumi.Input[str] | None = twilio_field(Sid("MG", "a Messaging Service"), update=Update.REPLACE,
                                                         path=True)
    phone_number: pulumi.Input[str] | None = twilio_field(Phone(), update=Update.REPLACE)
    phone_number_sid: pulumi.Input[str] | None = twilio_field(Sid("PN", "an IncomingPhoneNumber"),
                                                              update=Update.REPLACE)
    take_over: pulumi.Input[bool] | None = twilio_field(
        Flag(), update=Update.LOCAL, doc="move the number here when another Messaging Service holds it")


class MessagingServicePhoneNumberProvider(TwilioProvider):
    args = MessagingServicePhoneNumberArgs
    kind = "Messaging Service phone number"
    delete_first = True  # the same number cannot be in a service twice, nor in two services

    _pools: dict[str, dict[str, Any]]
    _pools_lock: threading.Lock

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        super().__setstate__(state)
        self._pools = {}  # service SID -> the numbers in its sender pool (PN SID -> sender), for this run only
        self._pools_lock = threading.Lock()

    def _pool(self, service_sid: str) -> dict[str, Any]:
        """The service's sender pool, listed once per run (one GET for any number of adopted numbers); the caller
        holds ``_pools_lock``."""
        if service_sid not in self._pools:
            senders = self.call(f"list the numbers of Messaging Service {service_sid}",
                                lambda: self._numbers(service_sid).list(page_size=1000))
            self._pools[service_sid] = {n.sid: n for n in senders}
        return self._pools[service_sid]

    def _pooled(self, service_sid: str, pn_sid: str, sender: Any | None) -> None:
        """Keep a listed pool in step with what this provider changed: ``sender`` added, or (None) removed."""
        with self._pools_lock:
            pool = self._pools.get(service_sid)
            if pool is not None:
                if sender is None:
                    pool.pop(pn_sid, None)
                else:
                    pool[pn_sid] = sender

    def validate(self, inputs: Any) -> list[Violation]:
        given = [k for k in ("phone_number", "phone_number_sid") if inputs.get(k) is not None]
        if not given:
            return [Violation("phone_number", "missing_required_field", "set phone_number (E.164) or phone_number_sid")]
        if len(given) == 2:
            return [Violation("phone_number_sid", "conflicting_inputs",
                              "set either phone_number or phone_number_sid, not both")]
        return []

    def old_value(self, olds: Any, key: str) -> Any:
        # The number's SID is the resource's own SID.
        return super().old_value(olds, "sid" if key == "phone_number_sid" else key)

    def reads_back(self, key: str) -> bool:
        return key != "phone_number_sid" and super().reads_back(key)

    def _numbers(self, service_sid: str) -> Any:
        return self.client.messaging.v1.services(service_sid).phone_numbers

    def fetch(self, id_: str, props: Any) -> Any | None:
        service_sid = props.get("service_sid")
        return self.fetch_or_none(f"read phone number {id_} in Messaging Service {service_sid}",
                                  self._numbers(service_sid)(id_).fetch)

    def _resolve(self, inputs: dict[str, Any]) -> str:
        if "phone_number_sid" in inputs:
            return inputs["phone_number_sid"]
        e164 = inputs["phone_number"]
        matches = self.call(
            f"look up phone number {e164}",
            lambda: self.client.incoming_phone_numbers.list(phone_number=e164, page_size=50),
        )
        exact = [m for m in matches if m.phone_number == e164]
        if not exact:
            raise self.refuse("phone_number", f"{e164} is not an IncomingPhoneNumber of account {self.account_sid}; "
                              "buy or port it first", would_be=ErrorCode.INVALID_PHONE_NUMBER)
        return exact[0].sid

    def _holder(self, pn_sid: str) -> Any | None:
        """The Messaging Service holding ``pn_sid`` (21712 does not say which)."""
        services = self.client.messaging.v1.services
        for service in self.call("list Messaging Services", lambda: services.list(page_size=1000)):
            if self.fetch_or_none(f"look for the Messaging Service holding {pn_sid}",
                                  services(service.sid).phone_numbers(pn_sid).fetch) is not None:
                return service
        return None

    def create_new(self, inputs: dict[str, Any]) -> Any:
        service_sid = inputs["service_sid"]
        pn_sid = self._resolve(inputs)
        label = f"{inputs.get('phone_number', pn_sid)} ({pn_sid})" if "phone_number" in inputs else pn_sid
        numbers = self._numbers(service_sid)
        with self._pools_lock:
            present = self._pool(service_sid).get(pn_sid)
        if present is not None:
            return present  # already in this service: adopted, nothing to write

        def add() -> Any:
            try:
                return numbers.create(phone_number_sid=pn_sid)
            except TwilioRestException as exc:
                if exc.code == ErrorCode.SENDER_ALREADY_IN_SERVICE:
                    return self.call(f"fetch phone number {label} in {service_sid}", lambda: numbers(pn_sid).fetch())
                if exc.code != ErrorCode.SENDER_IN_ANOTHER_SERVICE:
                    raise
                holder = self._holder(pn_sid)
                if holder is None:
                    raise  # it left the other service meanwhile; create_once reports Twilio's error
                if not inputs.get("take_over"):
                    raise TwilioApiError(
                        f"phone number {label} is already in Messaging Service {holder.sid} "
                        f"({holder.friendly_name!r}), so it cannot join {service_sid} (Twilio error "
                        f"{int(ErrorCode.SENDER_IN_ANOTHER_SERVICE)}). Remove it there, or set take_over=True to "
                        "move it.", code=exc.code, status=exc.status
                    ) from None
                self.warn(f"take_over: moving phone number {label} from Messaging Service {holder.sid} "
                          f"({holder.friendly_name!r}) to {service_sid}")
                self.call(f"remove phone number {label} from Messaging Service {holder.sid}",
                          lambda: self._numbers(holder.sid)(pn_sid).delete())
                self._pooled(holder.sid, pn_sid, None)
                return numbers.create(phone_number_sid=pn_sid)

        def find_created() -> list[Any]:
            found = self.fetch_or_none(f"fetch phone number {label} in {service_sid}", numbers(pn_sid).fetch)
            return [] if found is None else [found]

        sender = self.create_once(
            f"add phone number {label} to Messaging Service {service_sid}", add, find_created,
            lambda n: f"phone number {n.sid} in {service_sid}",
        )
        self._pooled(service_sid, pn_sid, sender)
        return sender

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        # Only take_over can change in place, and it matters only when adding: no Twilio call.
        outs = {k: v for k, v in olds.items() if not k.startswith("__")}
        outs.pop("take_over", None)
        if news.get("take_over") is not None:
            outs["take_over"] = news["take_over"]
        return UpdateResult(outs)

    def remove(self, id_: str, props: Any) -> None:
        service_sid = props.get("service_sid")
        self.delete_if_present(f"remove phone number {id_} from Messaging Service {service_sid}",
                               self._numbers(service_sid)(id_).delete)
        self._pooled(service_sid, id_, None)


class MessagingServicePhoneNumber(TwilioResource, module="twilio", name="MessagingServicePhoneNumber"):
    """A phone number in a Messaging Service's sender pool."""

    Args = MessagingServicePhoneNumberArgs
    Provider = MessagingServicePhoneNumberProvider

    sid: pulumi.Output[str]
    phone_number: pulumi.Output[str]
    capabilities: pulumi.Output[list[str]]
    country_code: pulumi.Output[str]
    service_sid: pulumi.Output[str]


TYPE = MessagingServicePhoneNumber.type_token()
