"""Reading a resource's properties the same way for both providers, with unknowns and secrets handled once.

- Names: rules name properties in snake_case (our dynamic resources' inputs); on the bridged provider's types
  the same property is camelCase, and messages use the name the resource's author wrote (:meth:`Properties.key`).
- Unknowns: during preview a value computed from another resource is unknown. What counts as unknown is
  pulumi_policy's decision (its unknown-checking proxy and ``UnknownValueError``), not a copy of its sentinels.
- Secrets: the engine hands policies plaintext secrets, so messages name properties and resources, and at most
  the last four digits of a phone number (:func:`mask_number`), never a property value. (The campaign policies
  pass on the pre-flight's messages, which quote campaign wording: text written for carriers to review.)

Works on plain dicts (unit tests) and on the engine's unknown-checking, secret-wrapping proxies alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, Protocol

from pulumi_policy import Secret
from pulumi_policy.proxy import UNKNOWN_BOOLEAN_VALUE, UnknownValueError, unknown_checking_proxy

from components.inputs import to_camel
from policies.resource_types import BRIDGED_TYPES


class _Marker:
    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


#: A property that is absent or null.
MISSING: Any = _Marker("MISSING")
#: A property whose value is not known during preview.
UNKNOWN: Any = _Marker("UNKNOWN")


class Resource(Protocol):
    """What ``ResourceValidationArgs`` and ``PolicyResource`` have in common."""

    @property
    def resource_type(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def props(self) -> Mapping[str, Any]: ...


def property_key(resource_type: str, name: str) -> str:
    """A property's name as the resource type's provider spells it (and as messages should show it)."""
    return to_camel(name) if resource_type in BRIDGED_TYPES else name


def plain(value: Any) -> Any:
    """A deep plain copy out of the proxies; raises ``UnknownValueError`` if anything inside is unknown."""
    if isinstance(value, Secret):
        value = value.value
    if isinstance(value, Mapping):
        return {k: plain(value[k]) for k in value}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [plain(value[i]) for i in range(len(value))]
    # Read the scalar back through pulumi_policy's proxy: it raises for whatever it treats as unknown.
    return unknown_checking_proxy([value])[0]


def raise_unknown(name: str) -> NoReturn:
    """Hand an unknown back to pulumi_policy, which reports it as an advisory 'can't run during preview'."""
    raise UnknownValueError(UNKNOWN_BOOLEAN_VALUE, [name])


@dataclass(frozen=True)
class Properties:
    """One resource's properties, read by their snake_case names whichever provider declared it."""

    resource_type: str
    props: Mapping[str, Any]

    @classmethod
    def of(cls, resource: Resource) -> Properties:
        return cls(resource.resource_type, resource.props)

    @property
    def bridged(self) -> bool:
        """Declared through the Terraform-bridged provider, whose names are camelCase."""
        return self.resource_type in BRIDGED_TYPES

    def key(self, name: str) -> str:
        return property_key(self.resource_type, name)

    def get(self, name: str) -> Any:
        """The plain value, :data:`MISSING` (absent or null) or :data:`UNKNOWN`."""
        key = self.key(name)
        try:
            if key not in self.props:
                return MISSING
            value = plain(self.props[key])
        except UnknownValueError:
            return UNKNOWN
        return MISSING if value is None else value

    def known(self, names: Iterable[str]) -> tuple[dict[str, Any], set[str]]:
        """(the set values by name, the names whose value is unknown)."""
        known: dict[str, Any] = {}
        unknown: set[str] = set()
        for name in names:
            value = self.get(name)
            if value is UNKNOWN:
                unknown.add(name)
            elif value is not MISSING:
                known[name] = value
        return known, unknown


def mask_number(number: str) -> str:
    """A phone number shown by its last four digits only."""
    return "…" + number[-4:] if len(number) > 4 else "…"


def label(resource: Resource) -> str:
    """How messages name a resource: its Pulumi name, which is not secret."""
    return f"'{resource.name}'"
