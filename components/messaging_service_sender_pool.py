"""`pulumi-python:dynamic/twilio:MessagingServiceSenderPool`: the stack's phone numbers in a Messaging Service's
sender pool (`/v1/Services/{ServiceSid}/PhoneNumbers`), as one resource.

Why one resource rather than one per number: a resource per number cost two requests per number (a look-up of its
PN SID, then the add), a Pulumi step and a state checkpoint each, and a campaign that depended on every number. Here
a create or update makes one list of the service's senders, one paged list of the account's IncomingPhoneNumbers
(only when a number is missing from the service, to resolve PN SIDs), then adds only the missing numbers and
removes only the dropped ones, a few at a time (``twilio:maxConcurrency`` bounds them over the whole run).

A number already in the service is adopted with no write, so an interrupted or failed earlier `up` is resumed
without duplicates (Twilio refuses a second add with 21710, which is taken as adopted too). A number held by
another service (21712) fails with that service's name, unless ``take_over=True``, which moves it. Each failed
number is named with Twilio's code; the numbers added before a failure are adopted by the next `up`. Removing the
resource removes the stack's numbers from the service (they stay on the account); numbers the stack does not list
are never touched. ``phone_number_sids`` maps each number to its PN SID.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
from twilio.base.exceptions import TwilioRestException

from components.errors import TwilioApiError
from components.inputs import Flag, Phone, ResourceArgs, Sid, TextList, Update, Violation, listed_twice, twilio_field
from components.provider_base import TwilioProvider, TwilioResource, in_parallel, raise_failures
from twilio_contract import ErrorCode

#: one page of a list: Twilio's largest page size
PAGE_SIZE = 1000


@dataclass(frozen=True, kw_only=True)
class MessagingServiceSenderPoolArgs(ResourceArgs):
    OUTPUTS = ("sid", "phone_number_sids")

    service_sid: pulumi.Input[str] | None = twilio_field(Sid("MG", "a Messaging Service"), update=Update.REPLACE,
                                                         path=True)
    phone_numbers: pulumi.Input[list[str]] | None = twilio_field(
        TextList(item=Phone(), noun="phone numbers"), required=True,
        doc="E.164 numbers of the account, in the service's sender pool")
    take_over: pulumi.Input[bool] | None = twilio_field(
        Flag(), update=Update.LOCAL, doc="move a number here when another Messaging Service holds it")


@dataclass(frozen=True)
class SenderPool:
    """The stack's numbers as found in the service: ``sid`` is the service's (the resource's id)."""

    sid: str
    service_sid: str
    phone_numbers: list[str]
    phone_number_sids: dict[str, str]


class MessagingServiceSenderPoolProvider(TwilioProvider):
    args = MessagingServiceSenderPoolArgs
    kind = "Messaging Service sender pool"
    delete_first = True  # a number sits in one service only: leave the old one before joining the new

    def validate(self, inputs: Any) -> list[Violation]:
        return listed_twice("phone_numbers", inputs.get("phone_numbers"))

    def same(self, key: str, value: Any) -> Any:
        # The pool is a set: listing the numbers in another order changes nothing.
        if key == "phone_numbers" and isinstance(value, (list, tuple)):
            return sorted(value)
        return super().same(key, value)

    def _senders(self, service_sid: str) -> Any:
        return self.client.messaging.v1.services(service_sid).phone_numbers

    def in_service(self, service_sid: str) -> dict[str, str] | None:
        """Every phone number in the service's sender pool (E.164 -> PN SID), one paged list; None: no service."""
        senders = self.fetch_or_none(f"list the phone numbers of Messaging Service {service_sid}",
                                     lambda: self._senders(service_sid).list(page_size=PAGE_SIZE))
        if senders is None:
            return None
        return {s.phone_number: s.sid for s in senders if getattr(s, "phone_number", None)}

    def fetch(self, id_: str, props: Any) -> SenderPool | None:
        service_sid = props.get("service_sid") or id_
        present = self.in_service(service_sid)
        if present is None:
            return None
        managed = [n for n in props.get("phone_numbers") or [] if n in present]
        return SenderPool(id_, service_sid, managed, {n: present[n] for n in managed})

    # -- create and update: add what is missing, remove what was dropped -----------------------------------------
    def create_new(self, inputs: dict[str, Any]) -> SenderPool:
        return self._sync(inputs, dropped=())

    def update_existing(self, id_: str, olds: dict[str, Any], inputs: dict[str, Any]) -> SenderPool:
        keep = set(inputs["phone_numbers"])
        return self._sync(inputs, dropped=[n for n in olds.get("phone_numbers") or [] if n not in keep])

    def _sync(self, inputs: dict[str, Any], dropped: Sequence[str]) -> SenderPool:
        service_sid = inputs["service_sid"]
        wanted: list[str] = list(inputs["phone_numbers"])
        present = self.in_service(service_sid)
        if present is None:
            raise TwilioApiError(f"Messaging Service {service_sid} does not exist in account {self.account_sid}",
                                 code=ErrorCode.NOT_FOUND, status=404)
        sids = {n: present[n] for n in wanted if n in present}
        missing = [n for n in wanted if n not in present]
        if missing:
            owned = self.account_numbers()
            unknown = [n for n in missing if n not in owned]
            if unknown:
                raise self.refuse("phone_numbers", f"not IncomingPhoneNumbers of account {self.account_sid}: "
                                  f"{', '.join(unknown)}; buy or port them first",
                                  would_be=ErrorCode.INVALID_PHONE_NUMBER)
            take_over = bool(inputs.get("take_over"))
            added = in_parallel(lambda n: self.add(service_sid, n, owned[n], take_over), missing, self.workers)
            sids.update({n: sid for n, sid, exc in added if exc is None and sid is not None})
            raise_failures(f"add phone numbers to Messaging Service {service_sid}", added)
        leaving = [n for n in dropped if n in present and n not in sids]
        if leaving:
            removed = in_parallel(lambda n: self.remove_number(service_sid, n, present[n]), leaving, self.workers)
            raise_failures(f"remove phone numbers from Messaging Service {service_sid}", removed)
        return SenderPool(service_sid, service_sid, wanted, {n: sids[n] for n in wanted})

    def account_numbers(self) -> dict[str, str]:
        """The account's IncomingPhoneNumbers (E.164 -> PN SID): one paged list instead of a look-up per number."""
        found = self.call("list IncomingPhoneNumbers",
                          lambda: self.client.incoming_phone_numbers.list(page_size=PAGE_SIZE))
        return {n.phone_number: n.sid for n in found}

    def add(self, service_sid: str, e164: str, pn_sid: str, take_over: bool) -> str:
        """Add one number; already in the service (21710) counts as added. Returns its PN SID."""
        label = f"{e164} ({pn_sid})"
        senders = self._senders(service_sid)

        def add() -> Any:
            try:
                return senders.create(phone_number_sid=pn_sid)
            except TwilioRestException as exc:
                if exc.code == ErrorCode.SENDER_ALREADY_IN_SERVICE:
                    return senders(pn_sid)  # adopted: Twilio says it is there
                if exc.code != ErrorCode.SENDER_IN_ANOTHER_SERVICE:
                    raise
                holder = self._holder(pn_sid)
                if holder is None:
                    raise  # it left the other service meanwhile; create_once reports Twilio's error
                if not take_over:
                    raise TwilioApiError(
                        f"phone number {label} is already in Messaging Service {holder.sid} "
                        f"({holder.friendly_name!r}), so it cannot join {service_sid} (Twilio error "
                        f"{int(ErrorCode.SENDER_IN_ANOTHER_SERVICE)}). Remove it there, or set take_over=True to "
                        "move it.", code=exc.code, status=exc.status
                    ) from None
                self.warn(f"take_over: moving phone number {label} from Messaging Service {holder.sid} "
                          f"({holder.friendly_name!r}) to {service_sid}")
                self.call(f"remove phone number {label} from Messaging Service {holder.sid}",
                          lambda: self._senders(holder.sid)(pn_sid).delete())
                return senders.create(phone_number_sid=pn_sid)

        def find_created() -> list[Any]:
            found = self.fetch_or_none(f"fetch phone number {label} in {service_sid}", senders(pn_sid).fetch)
            return [] if found is None else [found]

        self.create_once(f"add phone number {label} to Messaging Service {service_sid}", add, find_created,
                         lambda n: f"phone number {n.sid} in {service_sid}")
        return pn_sid

    def _holder(self, pn_sid: str) -> Any | None:
        """The Messaging Service holding ``pn_sid`` (21712 does not say which)."""
        services = self.client.messaging.v1.services
        for service in self.call("list Messaging Services", lambda: services.list(page_size=PAGE_SIZE)):
            if self.fetch_or_none(f"look for the Messaging Service holding {pn_sid}",
                                  services(service.sid).phone_numbers(pn_sid).fetch) is not None:
                return service
        return None

    def remove_number(self, service_sid: str, e164: str, pn_sid: str) -> None:
        self.delete_if_present(f"remove phone number {e164} ({pn_sid}) from Messaging Service {service_sid}",
                               self._senders(service_sid)(pn_sid).delete)

    def remove(self, id_: str, props: Any) -> None:
        """Remove the stack's numbers (by their recorded PN SIDs, no look-up); a number already gone is fine."""
        service_sid = props.get("service_sid") or id_
        sids: Mapping[str, str] = props.get("phone_number_sids") or {}
        leaving = [n for n in props.get("phone_numbers") or [] if n in sids]
        removed = in_parallel(lambda n: self.remove_number(service_sid, n, sids[n]), leaving, self.workers)
        raise_failures(f"remove phone numbers from Messaging Service {service_sid}", removed)


class MessagingServiceSenderPool(TwilioResource, module="twilio", name="MessagingServiceSenderPool"):
    """The stack's phone numbers in a Messaging Service's sender pool."""

    Args = MessagingServiceSenderPoolArgs
    Provider = MessagingServiceSenderPoolProvider

    sid: pulumi.Output[str]
    service_sid: pulumi.Output[str]
    phone_numbers: pulumi.Output[list[str]]
    phone_number_sids: pulumi.Output[dict[str, str]]


TYPE = MessagingServiceSenderPool.type_token()
