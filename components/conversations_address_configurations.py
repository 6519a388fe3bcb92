"""`pulumi-python:dynamic/twilio:ConversationsAddressConfigurations`: the SMS address configurations through which
Flex Conversations receives the stack's numbers' messages (`/v1/Configuration/Addresses` on
conversations.twilio.com), as one resource.

Why one resource rather than one per number: a resource per number cost a look-up per number, a Pulumi step and a
state checkpoint each (the file backend rewrites the whole checkpoint at each step, so N resources cost O(N^2)
bytes written). Here a create or update makes one paged list of the account's SMS address configurations (Twilio
pages it by 50 at most), one list of the account's IncomingPhoneNumbers only when ``blank_sms_url`` needs it, then
writes only what differs, a few at a time (``twilio:maxConcurrency`` bounds them over the whole run): a create for
each missing address, an update for each whose auto-creation is not as configured, a blank for each number whose
own "A message comes in" is set.

An address has one configuration, so one that exists already (made in the Flex Console, or by an `up` that was
interrupted) is adopted, with no write when it already is as configured. ``created_addresses`` records which
configurations this resource created; removing an address, or the resource, deletes only those (an adopted one is
left in place, with a warning). ``created_before`` names the configurations the stack created before this resource
managed them (the retired per-number resources, see ``components/conversations_address.py``): adopting one of them
counts as created. A create whose answer is lost is looked up by address before it is sent again, so an
interruption never makes a second configuration.

Drift: ``refresh`` lists the configurations once. An address whose configuration was deleted out of band drops out
of ``addresses``; a shared setting reads as Twilio has it when every address agrees, and as :data:`DIFFERS` when
they do not. Either shows as a change at the next preview, and the next `up` writes only the addresses that differ.

Known limit: a create or update that fails part-way records nothing (a dynamic provider has no partial state), so
the configurations it did create are adopted by the next `up` as existing ones, and destroy leaves them in place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pulumi

from components.conversations_address import AddressSettingsArgs, as_inputs, target_violations
from components.inputs import Phone, TextList, Update, Violation, listed_twice, twilio_field
from components.provider_base import TwilioProvider, TwilioResource, in_parallel, raise_failures
from components.twilio_client import idempotent_requests

#: the resource's id: it stands for a set of configurations, none of whose SIDs names it
ID = "sms-address-configurations"
#: Twilio's largest page of the address configurations list
PAGE_SIZE = 50
#: what a shared setting reads as when the addresses do not all have the same value (never a valid input)
DIFFERS = "(not the same at every address)"
#: how many numbers a warning names before it counts the rest
NAMED = 5


@dataclass(frozen=True, kw_only=True)
class ConversationsAddressConfigurationsArgs(AddressSettingsArgs):
    """The shared settings of :class:`~components.conversations_address.AddressSettingsArgs`, and the addresses."""

    OUTPUTS = ("address_sids", "created_addresses", "sms_url_blank")

    addresses: pulumi.Input[list[str]] | None = twilio_field(
        TextList(item=Phone(), noun="phone numbers"), required=True, config="",
        doc="E.164 numbers of the account, each with an SMS address configuration of these settings")
    created_before: pulumi.Input[list[str]] | None = twilio_field(
        TextList(item=Phone(), noun="phone numbers"), update=Update.ADOPT, config="",
        doc="addresses whose existing configuration this stack created earlier (used only when adopting them)")


@dataclass(frozen=True)
class Found:
    """The stack's configurations as found or written: what the outputs read (``sid`` is the resource's id)."""

    sid: str
    addresses: list[str]
    address_sids: dict[str, str]
    created_addresses: list[str]
    sms_url_blank: bool | None
    shared: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        """A shared setting (``auto_creation_studio_flow_sid``), as the template's outputs read it."""
        if name.startswith("__") or name == "shared":
            raise AttributeError(name)
        return self.shared.get(name)


def _named(addresses: Sequence[str]) -> str:
    shown = ", ".join(addresses[:NAMED])
    return shown + (f" and {len(addresses) - NAMED} more" if len(addresses) > NAMED else "")


class ConversationsAddressConfigurationsProvider(TwilioProvider):
    args = ConversationsAddressConfigurationsArgs
    kind = "Conversations address configuration"

    def validate(self, inputs: Any) -> list[Violation]:
        return listed_twice("addresses", inputs.get("addresses")) + target_violations(inputs)

    def same(self, key: str, value: Any) -> Any:
        # A set of addresses: listing them in another order changes nothing.
        if key in ("addresses", "created_before") and isinstance(value, (list, tuple)):
            return sorted(value)
        return super().same(key, value)

    def old_value(self, olds: Any, key: str) -> Any:
        value = super().old_value(olds, key)
        if key == "blank_sms_url" and value is True:
            return olds.get("sms_url_blank") is True  # blanked then, but Twilio may report a handler again
        return value

    def outputs_of(self, obj: Any, inputs: Mapping[str, Any]) -> dict[str, Any]:
        # created_before matters once, when adopting; created_addresses keeps what it told.
        outs = super().outputs_of(obj, inputs)
        outs.pop("created_before", None)
        return outs

    @property
    def _shared(self) -> tuple[str, ...]:
        """The settings Twilio stores on each configuration (what drift is read for)."""
        return tuple(n for n in AddressSettingsArgs.specs() if self.reads_back(n))

    @property
    def _updatable(self) -> tuple[str, ...]:
        return AddressSettingsArgs.names(Update.IN_PLACE)

    # -- reading -----------------------------------------------------------------------------------------------------
    def _configurations(self) -> Any:
        return self.client.conversations.v1.address_configurations

    def listed(self) -> dict[str, Any]:
        """Every SMS address configuration of the account (address -> configuration), one paged list."""
        found = self.call(f"list the {self.kind}s",
                          lambda: self._configurations().list(type="sms", page_size=PAGE_SIZE))
        return {c.address: c for c in found}

    def _by_address(self, address: str) -> Any | None:
        return self.fetch_or_none(f"read the {self.kind} of {address}",
                                  self._configurations()(quote(address, safe="")).fetch)

    def numbers(self) -> dict[str, Any]:
        """The account's IncomingPhoneNumbers (E.164 -> number), one paged list, for their own handlers."""
        found = self.call("list IncomingPhoneNumbers", lambda: self.client.incoming_phone_numbers.list(page_size=1000))
        return {n.phone_number: n for n in found}

    def _found(self, configurations: Mapping[str, Any], wanted: Sequence[str], created: set[str],
               sms_url_blank: bool | None) -> Found:
        present = [a for a in wanted if a in configurations]
        views = [as_inputs(configurations[a]) for a in present]
        shared: dict[str, Any] = {}
        for name in self._shared:
            values = [getattr(view, name, None) for view in views]
            agreed = len({repr(self.same(name, v)) for v in values}) <= 1
            shared[name] = (values[0] if values else None) if agreed else DIFFERS
        return Found(ID, present, {a: configurations[a].sid for a in present}, [a for a in present if a in created],
                     sms_url_blank, shared)

    def fetch(self, id_: str, props: Any) -> Found:
        wanted: list[str] = list(props.get("addresses") or [])
        configurations = self.listed()
        sids = props.get("address_sids") or {}
        # still ours only while it is the very configuration created (not one made again out of band)
        created = {a for a in props.get("created_addresses") or []
                   if a in configurations and configurations[a].sid == sids.get(a)}
        blank = None
        if props.get("blank_sms_url"):
            numbers = self.numbers()
            blank = all(a in numbers and not (numbers[a].sms_url or numbers[a].sms_application_sid) for a in wanted)
        return self._found(configurations, wanted, created, blank)

    # -- create and update: write only what differs ------------------------------------------------------------------
    def create_new(self, inputs: dict[str, Any]) -> Found:
        return self._sync(inputs, {})

    def update_existing(self, id_: str, olds: dict[str, Any], inputs: dict[str, Any]) -> Found:
        return self._sync(inputs, olds)

    def _sync(self, inputs: dict[str, Any], olds: Mapping[str, Any]) -> Found:
        wanted: list[str] = list(inputs["addresses"])
        managed: list[str] = list(olds.get("addresses") or [])
        configurations = self.listed()
        sids: Mapping[str, str] = olds.get("address_sids") or {}
        ours = {a for a in olds.get("created_addresses") or []
                if a in configurations and configurations[a].sid == sids.get(a)}
        before = set(inputs.get("created_before") or [])
        handlers: dict[str, str] = {}
        if inputs.get("blank_sms_url"):
            numbers = self.numbers()
            unknown = [a for a in wanted if a not in numbers]
            if unknown:
                raise self.refuse("addresses", f"not phone numbers of account {self.account_sid}: {_named(unknown)}")
            handlers = {a: numbers[a].sid for a in wanted if numbers[a].sms_url or numbers[a].sms_application_sid}
        stale = {a for a in wanted if a in configurations
                 and self.differing(as_inputs(configurations[a]), inputs, self._updatable)}
        adopted = [a for a in wanted if a in configurations and a not in managed and a not in before]
        if adopted:
            self.warn(f"{len(adopted)} of the addresses already had a {self.kind} (made outside this stack): "
                      f"adopting them ({_named(adopted)}), {len(stale.intersection(adopted))} to bring in line; "
                      "destroying the stack leaves them in place")

        def write(address: str) -> Any:
            obj = configurations.get(address)
            if obj is None:
                obj = self._create(address, inputs)
            elif address in stale:
                obj = self._update(obj.sid, inputs)
            if address in handlers:
                self._blank_handler(address, handlers[address])
            return obj

        todo = [a for a in wanted if a not in configurations or a in stale or a in handlers]
        written = in_parallel(write, todo, self.workers)
        made = {a for a, _, exc in written if exc is None and a not in configurations}
        configurations.update({a: obj for a, obj, exc in written if exc is None})
        raise_failures(f"set the {self.kind}s", written)

        dropped = [a for a in managed if a not in wanted]
        if not olds:  # adopting: what the stack's retired per-number resources created for numbers it dropped since
            dropped += [a for a in sorted(before) if a not in wanted]
        self._leave([a for a in dropped if a in configurations and a not in ours and a not in before])
        leaving = [a for a in dropped if a in configurations and (a in ours or a in before)]
        self._delete(leaving, {a: configurations[a].sid for a in leaving})
        created = ours | made | before.intersection(wanted)
        return self._found(configurations, wanted, created, True if inputs.get("blank_sms_url") else None)

    def _create(self, address: str, inputs: Mapping[str, Any]) -> Any:
        params = self.args.twilio_params(inputs, AddressSettingsArgs.sent_names())
        return self.create_once(
            f"create the {self.kind} of {address}", lambda: self._configurations().create(address=address, **params),
            lambda: [found] if (found := self._by_address(address)) is not None else [],
            lambda a: f"{self.kind} {a.sid}")

    def _update(self, sid: str, inputs: Mapping[str, Any]) -> Any:
        params = self.args.twilio_params(inputs, self._updatable)
        with idempotent_requests():
            return self.call(f"update {self.kind} {sid}", lambda: self._configurations()(sid).update(**params))

    def _blank_handler(self, address: str, pn_sid: str) -> None:
        """Blank the number's own "A message comes in" (its URL and an application that would override it)."""
        with idempotent_requests():
            self.call(f"blank 'A message comes in' of {address}",
                      lambda: self.client.incoming_phone_numbers(pn_sid).update(sms_url="", sms_application_sid=""))

    def _delete(self, addresses: Sequence[str], sids: Mapping[str, str]) -> None:
        deleted = in_parallel(lambda a: self.delete_if_present(f"delete {self.kind} {sids[a]}",
                                                               self._configurations()(sids[a]).delete),
                              list(addresses), self.workers)
        raise_failures(f"delete the {self.kind}s", deleted)

    def remove(self, id_: str, props: Any) -> None:
        """Delete the configurations this resource created (by their recorded SIDs, no list); leave the others."""
        sids: Mapping[str, str] = props.get("address_sids") or {}
        ours = [a for a in props.get("created_addresses") or [] if a in sids]
        self._leave([a for a in props.get("addresses") or [] if a not in ours])
        self._delete(ours, sids)

    def _leave(self, addresses: Sequence[str]) -> None:
        """Say which adopted configurations stay when the stack stops managing them."""
        if addresses:
            self.warn(f"{self.kind}s of {_named(addresses)} left in place: they existed before this stack adopted "
                      "them. Delete them in the Flex Console if those numbers should no longer reach Flex.")


class ConversationsAddressConfigurations(TwilioResource, module="twilio", name="ConversationsAddressConfigurations"):
    """The stack's numbers' Conversations address configurations, auto-creating conversations for Flex."""

    Args = ConversationsAddressConfigurationsArgs
    Provider = ConversationsAddressConfigurationsProvider

    addresses: pulumi.Output[list[str]]
    address_sids: pulumi.Output[dict[str, str]]
    created_addresses: pulumi.Output[list[str]]
    sms_url_blank: pulumi.Output[bool | None]


TYPE = ConversationsAddressConfigurations.type_token()
