"""`pulumi-python:dynamic/twilio:MessagingServicePhoneNumber`: a number in a Messaging Service's sender pool
(`/v1/Services/{ServiceSid}/PhoneNumbers`).

The number is given as ``phone_number`` (E.164, resolved to its PN SID through the account's
IncomingPhoneNumbers) or as ``phone_number_sid``. A number can sit in one service only: if it already is in this
service (21710) it is adopted; if another service holds it (21712) the error names that service, unless
``take_over=True``, which removes it there first. Removing the resource removes the number from the service; the
number stays on the account. Changing the service or the number replaces the resource, deleting first, because
the same number cannot be in two services at once.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from twilio.base.exceptions import TwilioRestException

from components.provider_base import E164, Checker, TwilioProvider, diff_result, is_unknown, plain, user_inputs
from components.twilio_client import TwilioApiError

INPUTS = ("service_sid", "phone_number", "phone_number_sid", "take_over")
OUTPUTS = ("sid", "phone_number", "capabilities", "country_code")

ALREADY_IN_THIS_SERVICE = 21710
IN_ANOTHER_SERVICE = 21712


class MessagingServicePhoneNumberProvider(TwilioProvider):
    kind = "Messaging Service phone number"

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        c = Checker(news)
        c.unknown_keys(INPUTS)
        c.required("service_sid")
        c.sid("service_sid", "MG", "a Messaging Service")
        c.string("phone_number", pattern=E164, what="an E.164 phone number such as +14155551234")
        c.sid("phone_number_sid", "PN", "an IncomingPhoneNumber")
        c.boolean("take_over")
        given = [k for k in ("phone_number", "phone_number_sid") if news.get(k) is not None]
        if not given:
            c.fail("phone_number", "set phone_number (E.164) or phone_number_sid")
        elif len(given) == 2:
            c.fail("phone_number_sid", "set either phone_number or phone_number_sid, not both")
        return CheckResult(dict(news), c.failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = []
        for new_key, old_key in (("service_sid", "service_sid"), ("phone_number", "phone_number"),
                                 ("phone_number_sid", "sid")):
            new = news.get(new_key)
            if new is not None and (is_unknown(new) or new != olds.get(old_key)):
                replaces.append(new_key)
        changes = ["take_over"] if bool(news.get("take_over")) != bool(olds.get("take_over")) else []
        return diff_result(changes, replaces, delete_before_replace=True)

    # -- CRUD ----------------------------------------------------------------------------------------------------
    def _outputs(self, number: Any, inputs: dict[str, Any]) -> dict[str, Any]:
        outs = dict(inputs)
        outs.update({key: plain(getattr(number, key, None)) for key in OUTPUTS})
        return outs

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
            account = self._creds.account_sid if self._creds else "?"
            raise TwilioApiError(
                f"phone_number: {e164} is not an IncomingPhoneNumber of account {account}; "
                "buy or port it first (Twilio error 21421 would follow)", code=21421, status=400
            )
        return exact[0].sid

    def _holder(self, pn_sid: str) -> Any | None:
        """The Messaging Service holding ``pn_sid`` (21712 does not say which)."""
        services = self.client.messaging.v1.services
        for service in self.call("list Messaging Services", lambda: services.list(page_size=1000)):
            if self.fetch_or_none(f"look for the Messaging Service holding {pn_sid}",
                                  services(service.sid).phone_numbers(pn_sid).fetch) is not None:
                return service
        return None

    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = user_inputs(props, INPUTS)
        service_sid = inputs["service_sid"]
        pn_sid = self._resolve(inputs)
        label = f"{inputs.get('phone_number', pn_sid)} ({pn_sid})" if "phone_number" in inputs else pn_sid
        numbers = self.client.messaging.v1.services(service_sid).phone_numbers

        def add() -> Any:
            try:
                return numbers.create(phone_number_sid=pn_sid)
            except TwilioRestException as exc:
                if exc.code == ALREADY_IN_THIS_SERVICE:
                    return self.call(f"fetch phone number {label} in {service_sid}", lambda: numbers(pn_sid).fetch())
                if exc.code != IN_ANOTHER_SERVICE:
                    raise
                holder = self._holder(pn_sid)
                if holder is None:
                    raise  # it left the other service meanwhile; create_once reports Twilio's error
                if not inputs.get("take_over"):
                    raise TwilioApiError(
                        f"phone number {label} is already in Messaging Service {holder.sid} "
                        f"({holder.friendly_name!r}), so it cannot join {service_sid} (Twilio error 21712). "
                        "Remove it there, or set take_over=True to move it.", code=exc.code, status=exc.status
                    ) from None
                pulumi.log.warn(f"take_over: moving phone number {label} from Messaging Service {holder.sid} "
                                f"({holder.friendly_name!r}) to {service_sid}")
                self.call(f"remove phone number {label} from Messaging Service {holder.sid}",
                          lambda: self.client.messaging.v1.services(holder.sid).phone_numbers(pn_sid).delete())
                return numbers.create(phone_number_sid=pn_sid)

        def find_created() -> list[Any]:
            found = self.fetch_or_none(f"fetch phone number {label} in {service_sid}", numbers(pn_sid).fetch)
            return [] if found is None else [found]

        number = self.create_once(
            f"add phone number {label} to Messaging Service {service_sid}", add, find_created,
            lambda n: f"phone number {n.sid} in {service_sid}",
        )
        return CreateResult(number.sid, self._outputs(number, inputs))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        service_sid = props.get("service_sid")
        number = self.fetch_or_none(f"read phone number {id_} in Messaging Service {service_sid}",
                                    self.client.messaging.v1.services(service_sid).phone_numbers(id_).fetch)
        if number is None:  # the number left the service, or the service is gone
            return ReadResult("", {})
        return ReadResult(number.sid, self._outputs(number, user_inputs(props, INPUTS)))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        # Only take_over can change in place, and it matters only when adding: no Twilio call.
        outs = {k: v for k, v in olds.items() if not k.startswith("__")}
        outs.pop("take_over", None)
        if news.get("take_over") is not None:
            outs["take_over"] = news["take_over"]
        return UpdateResult(outs)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        service_sid = props.get("service_sid")
        self.delete_if_present(f"remove phone number {id_} from Messaging Service {service_sid}",
                               self.client.messaging.v1.services(service_sid).phone_numbers(id_).delete)


class MessagingServicePhoneNumber(pulumi.dynamic.Resource, module="twilio", name="MessagingServicePhoneNumber"):
    """A phone number in a Messaging Service's sender pool."""

    sid: pulumi.Output[str]
    phone_number: pulumi.Output[str]
    capabilities: pulumi.Output[list[str]]
    country_code: pulumi.Output[str]
    service_sid: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        service_sid: pulumi.Input[str],
        phone_number: pulumi.Input[str] | None = None,
        *,
        phone_number_sid: pulumi.Input[str] | None = None,
        take_over: pulumi.Input[bool] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "service_sid": service_sid,
            "phone_number": phone_number,
            "phone_number_sid": phone_number_sid,
            "take_over": take_over,
            "sid": None,
            "capabilities": None,
            "country_code": None,
        }
        super().__init__(MessagingServicePhoneNumberProvider(), resource_name, props, opts)
