"""`pulumi-python:dynamic/twilio:MessagingService`: a Messaging Service (`/v1/Services`).

``use_inbound_webhook_on_number`` defaults to true and the default is applied in ``check()``, so policies and the
plan see it: with false the service's own webhook takes inbound messages away from Flex (docs/flex-inbound-routing.md).
Every field updates in place; only pointing ``adopt_sid`` at a different service replaces. Adopting a service
sends only the fields it does not already have, so adopting one as it is writes nothing.

``refresh`` also verifies, read-only, that each number in the service's sender pool reaches Flex (output
``inbound_routing``, E.164 -> verdict, and ``inbound_routing_verified_at``; ``components/inbound_routing.py``): the
engine runs no program on a plain refresh, and a route broken in the Console must still show there. The program's
next run with nothing changed exports these verdicts (``components/last_update.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi

from pulumi.dynamic import ConfigureRequest

from components import inbound_routing, last_update
from components.inputs import Choice, Flag, ResourceArgs, Text, Url, Whole, adopt_field, twilio_field
from components.provider_base import TwilioProvider, TwilioResource
from components.twilio_client import idempotent_requests

#: Twilio's Messaging Service use cases (not the A2P campaign use cases).
SERVICE_USECASES = ("notifications", "marketing", "verification", "discussion", "poll", "undeclared")
_METHOD = Choice(values=("GET", "POST"), upper=True)


@dataclass(frozen=True, kw_only=True)
class MessagingServiceArgs(ResourceArgs):
    """Every Service field, under its API name in snake_case (the create and update parameters)."""

    OUTPUTS = ("sid", "account_sid", "url", "date_created", "date_updated", "us_app_to_person_registered",
               last_update.SERVICE_VERIFIED_AT)  # set by refresh only (``refreshed``)

    friendly_name: pulumi.Input[str] | None = twilio_field(Text(max_len=64), required=True)
    inbound_request_url: pulumi.Input[str] | None = twilio_field(Url())
    inbound_method: pulumi.Input[str] | None = twilio_field(_METHOD)
    fallback_url: pulumi.Input[str] | None = twilio_field(Url())
    fallback_method: pulumi.Input[str] | None = twilio_field(_METHOD)
    status_callback: pulumi.Input[str] | None = twilio_field(Url())
    sticky_sender: pulumi.Input[bool] | None = twilio_field(Flag())
    mms_converter: pulumi.Input[bool] | None = twilio_field(Flag())
    smart_encoding: pulumi.Input[bool] | None = twilio_field(Flag())
    scan_message_content: pulumi.Input[str] | None = twilio_field(Choice(values=("inherit", "enable", "disable")))
    fallback_to_long_code: pulumi.Input[bool] | None = twilio_field(Flag())
    area_code_geomatch: pulumi.Input[bool] | None = twilio_field(Flag())
    validity_period: pulumi.Input[int] | None = twilio_field(Whole(low=1, high=36000))
    synchronous_validation: pulumi.Input[bool] | None = twilio_field(Flag())
    usecase: pulumi.Input[str] | None = twilio_field(Choice(values=SERVICE_USECASES))
    use_inbound_webhook_on_number: pulumi.Input[bool] | None = twilio_field(
        Flag(), default=True,
        doc="Defer to the sender's webhook: true keeps each number's own inbound route (how Flex receives SMS)")
    adopt_sid: pulumi.Input[str] | None = adopt_field("MG", "a Messaging Service")


class MessagingServiceProvider(TwilioProvider):
    args = MessagingServiceArgs
    kind = "Messaging Service"

    def configure(self, req: ConfigureRequest) -> None:
        super().configure(req)
        # Read-only settings, like the client: the flavour flex-a2p:flexInbound fixes for the refresh-time check.
        self._flavour = inbound_routing.flavour_in_config(req.config.get("flex-a2p:flexInbound"))

    def outputs_of(self, obj: Any, inputs: Any) -> dict[str, Any]:
        # "" until a refresh reads the routes: a value, so a preview knows it (one left out would be unknown there).
        return {**super().outputs_of(obj, inputs), last_update.SERVICE_VERIFIED_AT: ""}

    def refreshed(self, obj: Any) -> dict[str, Any]:
        routing = inbound_routing.verify_service(self.client, self.account_sid, self.secrets, obj,
                                                 getattr(self, "_flavour", None), self.warn)
        return {} if routing is None else {last_update.SERVICE_ROUTING: routing,
                                           last_update.SERVICE_VERIFIED_AT: last_update.now()}

    def _services(self) -> Any:
        return self.client.messaging.v1.services

    def fetch(self, id_: str, props: Any) -> Any | None:
        return self.fetch_or_none(f"read {self.kind} {id_}", self._services()(id_).fetch)

    def create_new(self, inputs: dict[str, Any]) -> Any:
        params = self.args.twilio_params(inputs)
        name = params["friendly_name"]
        services = self._services()
        before = {s.sid for s in self.call(f"list {self.kind}s", lambda: services.list(page_size=1000))}
        return self.create_once(
            f"create {self.kind} {name!r}",
            lambda: services.create(**params),
            lambda: [s for s in services.list(page_size=1000) if s.sid not in before and s.friendly_name == name],
            lambda s: f"{self.kind} {s.sid}",
            repeatable=False,  # nothing but its name tells a service apart: one taking effect late would be a twin
        )

    def adopted(self, obj: Any, inputs: dict[str, Any]) -> Any:
        """Sends only the fields the service does not already have: adopting a service as it is writes nothing."""
        differs = self.differing(obj, inputs, self.args.sent_names())
        return self._update(obj.sid, self.args.twilio_params(inputs, differs)) if differs else obj

    def update_existing(self, id_: str, olds: dict[str, Any], inputs: dict[str, Any]) -> Any:
        return self._update(id_, self.args.twilio_params(inputs))

    def _update(self, id_: str, params: dict[str, Any]) -> Any:
        with idempotent_requests():
            return self.call(f"update {self.kind} {id_}", lambda: self._services()(id_).update(**params))

    def remove(self, id_: str, props: Any) -> None:
        self.delete_if_present(f"delete {self.kind} {id_}", self._services()(id_).delete)


class MessagingService(TwilioResource, module="twilio", name="MessagingService"):
    """A Twilio Messaging Service that, by default, defers inbound messages to each number's own webhook."""

    Args = MessagingServiceArgs
    Provider = MessagingServiceProvider

    sid: pulumi.Output[str]
    account_sid: pulumi.Output[str]
    url: pulumi.Output[str]
    date_created: pulumi.Output[str]
    date_updated: pulumi.Output[str]
    us_app_to_person_registered: pulumi.Output[bool]
    inbound_routing_verified_at: pulumi.Output[str | None]
    friendly_name: pulumi.Output[str]
    use_inbound_webhook_on_number: pulumi.Output[bool]


TYPE = MessagingService.type_token()
