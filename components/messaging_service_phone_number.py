"""`pulumi-python:dynamic/twilio:MessagingServicePhoneNumber`: retired; a number in a Messaging Service's sender
pool is now part of one :class:`~components.messaging_service_sender_pool.MessagingServiceSenderPool`.

Why it stays: stacks deployed before the sender pool hold one of these per number, with this provider pickled into
their state by module path and class name (see ``components/provider_base.py``). Their next `up` declares the pool
instead; the pool's create finds every number already in the service and adopts it with no write, and the engine
then deletes these now undeclared resources with the provider stored in their state. That delete must not remove
the number from the service (the pool owns it now), so it only forgets the resource: no Twilio call. ``refresh``
of a stack not yet migrated still reads each number. Declaring one in a program is refused by ``check()``: its
delete would leave the number in the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi

from components.inputs import Flag, Phone, ResourceArgs, Sid, Update, Violation, twilio_field
from components.provider_base import TwilioProvider, TwilioResource


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
    """Reads a number of a stack not yet migrated (``refresh``), and forgets it on delete."""

    args = MessagingServicePhoneNumberArgs
    kind = "Messaging Service phone number"

    def validate(self, inputs: Any) -> list[Violation]:
        return [Violation("phone_number", "retired_resource",
                          "MessagingServicePhoneNumber is retired: list the numbers in one MessagingServiceSenderPool "
                          "(components/messaging_service_sender_pool.py)")]

    def old_value(self, olds: Any, key: str) -> Any:
        # The number's SID is the resource's own SID.
        return super().old_value(olds, "sid" if key == "phone_number_sid" else key)

    def reads_back(self, key: str) -> bool:
        return key != "phone_number_sid" and super().reads_back(key)

    def fetch(self, id_: str, props: Any) -> Any | None:
        service_sid = props.get("service_sid")
        return self.fetch_or_none(f"read phone number {id_} in Messaging Service {service_sid}",
                                  self.client.messaging.v1.services(service_sid).phone_numbers(id_).fetch)

    def remove(self, id_: str, props: Any) -> None:
        """Forget the resource, leave the number in the service: the sender pool that replaced it owns it now."""


class MessagingServicePhoneNumber(TwilioResource, module="twilio", name="MessagingServicePhoneNumber"):
    """Retired (see the module docstring): kept for its type token and the state of existing stacks."""

    Args = MessagingServicePhoneNumberArgs
    Provider = MessagingServicePhoneNumberProvider

    sid: pulumi.Output[str]
    phone_number: pulumi.Output[str]
    capabilities: pulumi.Output[list[str]]
    country_code: pulumi.Output[str]
    service_sid: pulumi.Output[str]


TYPE = MessagingServicePhoneNumber.type_token()
