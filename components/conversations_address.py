"""`pulumi-python:dynamic/twilio:ConversationsAddressConfiguration`: the SMS address configuration through which Flex
Conversations receives a number's messages (`/v1/Configuration/Addresses` on conversations.twilio.com).

Auto-creation is on and hands each new conversation to a Studio flow (``auto_creation_studio_flow_sid``) or a
webhook (``auto_creation_webhook_url``); every auto-creation field updates in place, the address and its type
replace. An address has one configuration, so when one already exists for the number (made in the Flex Console)
it is adopted and brought in line instead of a second being created (with no write when it already is as
configured); ``created`` records which, and ``delete`` removes only a configuration this resource created (an adopted
one is left as it is, with a warning).

``blank_sms_url`` (off unless asked for) also blanks the number's own "A message comes in" (its ``sms_url`` and an
``sms_application_sid`` that would override it), which would otherwise run next to auto-creation on every message;
``sms_url_blank`` records what Twilio reports, so a handler set again in the Console shows on ``refresh`` and is
blanked again by the next ``up``. Nothing restores a blanked handler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pulumi

from components.inputs import (Choice, Flag, Phone, ResourceArgs, Sid, Text, TextList, Update, Url, Violation, Whole,
                               twilio_field)
from components.provider_base import TwilioProvider, TwilioResource
from components.twilio_client import idempotent_requests

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
class ConversationsAddressArgs(ResourceArgs):
    """The create parameters of an address configuration, under their API names in snake_case."""

    OUTPUTS = ("sid", "created", "sms_url_blank", "date_created", "date_updated")

    address: pulumi.Input[str] | None = twilio_field(Phone(), update=Update.REPLACE, required=True, config="")
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
    args = ConversationsAddressArgs
    kind = "Conversations address configuration"

    def validate(self, inputs: Any) -> list[Violation]:
        return target_violations(inputs)

    def old_value(self, olds: Any, key: str) -> Any:
        value = super().old_value(olds, key)
        if key == "blank_sms_url" and value is True:
            return olds.get("sms_url_blank") is True  # blanked then, but Twilio may report a handler again
        return value

    def _addresses(self) -> Any:
        return self.client.conversations.v1.address_configurations

    def _by_address(self, address: str) -> Any | None:
        return self.fetch_or_none(f"read the {self.kind} of {address}",
                                  self._addresses()(quote(address, safe="")).fetch)

    def fetch(self, id_: str, props: Any) -> Any | None:
        obj = self.fetch_or_none(f"read {self.kind} {id_}", self._addresses()(id_).fetch)
        if obj is None:
            return None
        blank = self._handler_blank(props["address"]) if props.get("blank_sms_url") else None
        return _Reported(obj, props.get("created"), blank)

    def create_new(self, inputs: dict[str, Any]) -> Any:
        address = inputs["address"]
        existing = self._by_address(address)
        if existing is not None:
            differs = self.differing(as_inputs(existing), inputs, self.args.names(Update.IN_PLACE))
            self.warn(f"{address} already has {self.kind} {existing.sid} (made outside this stack): adopting it"
                      + (" and setting its auto-creation" if differs else ", as it is")
                      + "; destroying the stack will leave it in place")
            obj, created = (self._update(existing.sid, inputs) if differs else existing), False
        else:
            params = self.args.twilio_params(inputs)
            obj = self.create_once(
                f"create the {self.kind} of {address}", lambda: self._addresses().create(**params),
                lambda: [found] if (found := self._by_address(address)) is not None else [],
                lambda a: f"{self.kind} {a.sid}")
            created = True
        return _Reported(obj, created, self._blank_handler(address) if inputs.get("blank_sms_url") else None)

    def _update(self, sid: str, inputs: dict[str, Any]) -> Any:
        params = self.args.twilio_params(inputs, self.args.names(Update.IN_PLACE))
        with idempotent_requests():
            return self.call(f"update {self.kind} {sid}", lambda: self._addresses()(sid).update(**params))

    def update_existing(self, id_: str, olds: dict[str, Any], inputs: dict[str, Any]) -> Any:
        blank = self._blank_handler(inputs["address"]) if inputs.get("blank_sms_url") else None
        return _Reported(self._update(id_, inputs), olds.get("created"), blank)

    def remove(self, id_: str, props: Any) -> None:
        if props.get("created") is not True:
            self.warn(f"{self.kind} {id_} of {props.get('address')} is left in place: it existed before this stack "
                      "adopted it. Delete it in the Flex Console if the number should no longer reach Flex.")
            return
        self.delete_if_present(f"delete {self.kind} {id_}", self._addresses()(id_).delete)

    # -- the number's own "A message comes in" -------------------------------------------------------------------
    def _number(self, address: str) -> Any:
        found = self.call(f"look up phone number {address}",
                          lambda: self.client.incoming_phone_numbers.list(phone_number=address, page_size=20))
        exact = [n for n in found if n.phone_number == address]
        if not exact:
            raise self.refuse("address", f"{address} is not a phone number of account {self.account_sid}")
        return exact[0]

    def _handler_blank(self, address: str) -> bool:
        number = self._number(address)
        return not (number.sms_url or number.sms_application_sid)

    def _blank_handler(self, address: str) -> bool:
        number = self._number(address)
        if number.sms_url or number.sms_application_sid:
            with idempotent_requests():
                self.call(f"blank 'A message comes in' of {address}",
                          lambda: self.client.incoming_phone_numbers(number.sid).update(sms_url="",
                                                                                        sms_application_sid=""))
        return True


class ConversationsAddressConfiguration(TwilioResource, module="twilio", name="ConversationsAddressConfiguration"):
    """A number's Conversations address configuration, auto-creating conversations for Flex."""

    Args = ConversationsAddressArgs
    Provider = ConversationsAddressProvider

    sid: pulumi.Output[str]
    address: pulumi.Output[str]
    created: pulumi.Output[bool]
    sms_url_blank: pulumi.Output[bool | None]


TYPE = ConversationsAddressConfiguration.type_token()
