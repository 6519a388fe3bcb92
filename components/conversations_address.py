"""`pulumi-python:dynamic/twilio:ConversationsAddressConfiguration`: retired; a number's SMS address configuration
(`/v1/Configuration/Addresses` on conversations.twilio.com, through which Flex Conversations receives its messages)
is now part of one :class:`~components.conversations_address_configurations.ConversationsAddressConfigurations`
for all the stack's numbers.

What stays here: the auto-creation inputs every address configuration shares (:class:`AddressSettingsArgs`, also
the ``flex-a2p:flexInbound`` section's declaration), their cross-field rules (:func:`target_violations`) and the view
of a configuration under its input names (:func:`as_inputs`).

Why the resource stays: stacks deployed before the batch resource hold one of these per number, with this provider
pickled into their state by module path and class name (see ``components/provider_base.py``). Their next `up`
declares the batch resource instead; its create finds every configuration already there and adopts it with no
write (the program tells it which ones these resources had created, from their ``created`` output, so `destroy`
still deletes exactly those), and the engine then deletes these now undeclared resources with the provider stored
in their state. That delete must leave the configuration in place (the batch resource owns it now), so it only
forgets the resource: no Twilio call. ``refresh`` of a stack not yet migrated still reads each configuration.
Declaring one in a program is refused by ``check()``: its delete would leave the configuration behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pulumi

from components.inputs import (Choice, Flag, Phone, ResourceArgs, Sid, Text, TextList, Update, Url, Violation, Whole,
                               twilio_field)
from components.provider_base import TwilioProvider, TwilioResource

AUTO_CREATION_TYPES = ("studio", "webhook")
#: Each auto-creation type's target input, and the inputs that go only with it.
TARGETS = {
    "studio": ("auto_creation_studio_flow_sid", ("auto_creation_studio_retry_count",)),
    "webhook": ("auto_creation_webhook_url", ("auto_creation_webhook_method", "auto_creation_webhook_filters")),
}


@dataclass(frozen=True)
class LowerChoice(Choice):
    """An enum Twilio takes in lower case and reports in upper case (the address configuration's webhook method)."""

    def normalize(self, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value


@dataclass(frozen=True, kw_only=True)
class AddressSettingsArgs(ResourceArgs):
    """What every address configuration of the stack shares: its type and its auto-creation, under the API names in
    snake_case, and whether the numbers' own handler is blanked."""

    type: pulumi.Input[str] | None = twilio_field(Choice(values=("sms",)), update=Update.REPLACE, default="sms",
                                                  config="")
    friendly_name: pulumi.Input[str] | None = twilio_field(Text(max_len=256), config="")
    auto_creation_enabled: pulumi.Input[bool] | None = twilio_field(Flag(), default=True, config="")
    auto_creation_type: pulumi.Input[str] | None = twilio_field(
        Choice(values=AUTO_CREATION_TYPES), required=True, config="",
        doc="studio or webhook: which target handles the conversations it creates")
    auto_creation_studio_flow_sid: pulumi.Input[str] | None = twilio_field(
        Sid("FW", "a Studio flow"), config="studioFlowSid",
        doc="a published Studio flow whose Incoming Conversation trigger leads to Send to Flex")
    auto_creation_studio_retry_count: pulumi.Input[int] | None = twilio_field(
        Whole(low=0, high=3), config="studioRetryCount")
    auto_creation_webhook_url: pulumi.Input[str] | None = twilio_field(
        Url(https_only=True), config="webhookUrl", doc="instead of a Studio flow: the webhook that hands it to Flex")
    auto_creation_webhook_method: pulumi.Input[str] | None = twilio_field(
        LowerChoice(values=("get", "post"), example="get or post (any case)"), config="webhookMethod")
    auto_creation_webhook_filters: pulumi.Input[list[str]] | None = twilio_field(
        TextList(item=Text(pattern=re.compile(r"^on[A-Z][A-Za-z]+$"), what="a Conversations event like "
                                                                          "onMessageAdded")),
        config="webhookFilters")
    auto_creation_conversation_service_sid: pulumi.Input[str] | None = twilio_field(
        Sid("IS", "a Conversations service"), config="conversationServiceSid",
        doc="unset: the account's default conversation service, the one Flex reads")
    blank_sms_url: pulumi.Input[bool] | None = twilio_field(
        Flag(), update=Update.LOCAL, config="blankSmsUrl",
        doc="also blank the number's own 'A message comes in', which runs next to auto-creation")


@dataclass(frozen=True, kw_only=True)
class ConversationsAddressArgs(AddressSettingsArgs):
    """The retired per-number resource's inputs: the shared settings and the one address."""

    OUTPUTS = ("sid", "created", "sms_url_blank", "date_created", "date_updated")

    address: pulumi.Input[str] | None = twilio_field(Phone(), update=Update.REPLACE, required=True, config="")


def target_violations(inputs: Any) -> list[Violation]:
    """The auto-creation type's target is set, and no input that goes only with the other type (shared by
    ``check()`` and the stack config, which names the same inputs in camelCase)."""
    kind = inputs.get("auto_creation_type")
    if kind not in TARGETS:
        return []  # missing or unknown: the declaration reports it
    target, _ = TARGETS[kind]
    found = []
    if inputs.get(target) is None:
        found.append(Violation(target, "missing_required_field", f"{target} is required for auto-creation type {kind}"))
    for other, (other_target, companions) in TARGETS.items():
        for name in (other_target, *companions) if other != kind else ():
            if inputs.get(name) is not None:
                found.append(Violation(name, "conflicting_inputs", f"{name} goes with {other_target}, not {target}"))
    return found


class _Reported:
    """An address configuration as the inputs name its fields (``auto_creation_<key>``), with ``created`` and
    ``sms_url_blank``, so the template's outputs and drift detection apply unchanged."""

    def __init__(self, obj: Any, created: bool | None, sms_url_blank: bool | None) -> None:
        self._obj = obj
        self.created = created
        self.sms_url_blank = sms_url_blank

    def __getattr__(self, name: str) -> Any:
        if name.startswith("auto_creation_"):
            return (getattr(self._obj, "auto_creation", None) or {}).get(name.removeprefix("auto_creation_"))
        return getattr(self._obj, name)


def as_inputs(obj: Any) -> Any:
    """An address configuration as Twilio reports it, its auto-creation fields under their input names
    (``auto_creation_studio_flow_sid``), e.g. to write them into stack config."""
    return _Reported(obj, None, None)


class ConversationsAddressProvider(TwilioProvider):
    """Reads a configuration of a stack not yet migrated (``refresh``), and forgets it on delete."""

    args = ConversationsAddressArgs
    kind = "Conversations address configuration"

    def validate(self, inputs: Any) -> list[Violation]:
        return [Violation("address", "retired_resource",
                          "ConversationsAddressConfiguration is retired: list the addresses in one "
                          "ConversationsAddressConfigurations (components/conversations_address_configurations.py)")]

    def fetch(self, id_: str, props: Any) -> Any | None:
        configurations = self.client.conversations.v1.address_configurations
        obj = self.fetch_or_none(f"read {self.kind} {id_}", configurations(id_).fetch)
        if obj is None:
            return None
        blank = self._handler_blank(props["address"]) if props.get("blank_sms_url") else None
        return _Reported(obj, props.get("created"), blank)

    def remove(self, id_: str, props: Any) -> None:
        """Forget the resource, leave the configuration: the batch resource that replaced it owns it now."""

    def _handler_blank(self, address: str) -> bool:
        found = self.call(f"look up phone number {address}",
                          lambda: self.client.incoming_phone_numbers.list(phone_number=address, page_size=20))
        exact = [n for n in found if n.phone_number == address]
        return bool(exact) and not (exact[0].sms_url or exact[0].sms_application_sid)


class ConversationsAddressConfiguration(TwilioResource, module="twilio", name="ConversationsAddressConfiguration"):
    """Retired (see the module docstring): kept for its type token and the state of existing stacks."""

    Args = ConversationsAddressArgs
    Provider = ConversationsAddressProvider

    sid: pulumi.Output[str]
    address: pulumi.Output[str]
    created: pulumi.Output[bool]
    sms_url_blank: pulumi.Output[bool | None]


TYPE = ConversationsAddressConfiguration.type_token()
