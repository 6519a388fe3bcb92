"""Typed policy config: one frozen dataclass per policy declares each key, its default and its description once.

Both sides of ``--policy-pack-config`` come from that declaration, so a key or a default cannot drift between them:

- :meth:`PolicyConfig.schema` is the ``PolicyConfigSchema`` the CLI validates the file against and takes the
  defaults from;
- :meth:`PolicyConfig.read` parses ``args.get_config()`` into an instance, with the same defaults for what is not
  set (unit tests and older engines hand policies partial config).

Attributes are snake_case; the config key is their camelCase (``exempt_resource_names`` -> ``exemptResourceNames``).
Supported types are those the pack needs: ``bool``, ``str`` and ``tuple[str, ...]`` (a JSON array of strings).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Self, get_type_hints

from pulumi_policy import PolicyConfigSchema, ResourceValidationArgs, StackValidationArgs

from components.inputs import to_camel

_SETTING = "flex_a2p_policy_setting"
_STRINGS = tuple[str, ...]
_JSON_TYPES: dict[Any, str] = {bool: "boolean", str: "string", _STRINGS: "array"}
_WHAT = {"boolean": "a boolean", "string": "a string", "array": "a list of strings"}


@dataclass(frozen=True)
class _Setting:
    description: str
    items: Mapping[str, Any]  # JSON-schema keywords every array item must meet (enum, pattern)


def setting(default: Any, description: str, *, items: Mapping[str, Any] | None = None) -> Any:
    """Declare one config key of a :class:`PolicyConfig`: its default and what it is for."""
    return dataclasses.field(default=default, metadata={_SETTING: _Setting(description, dict(items or {}))})


@dataclass(frozen=True)
class PolicyConfig:
    """Base of the per-policy config readers: frozen dataclasses whose fields are :func:`setting` entries."""

    @classmethod
    def _settings(cls) -> Iterator[tuple[str, dataclasses.Field[Any], str]]:
        """(config key, field, JSON type) of each setting."""
        hints = get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if _SETTING not in f.metadata:
                raise TypeError(f"{cls.__name__}.{f.name} is not declared with setting()")
            if hints[f.name] not in _JSON_TYPES:
                raise TypeError(f"{cls.__name__}.{f.name}: config values are bool, str or tuple[str, ...]")
            yield to_camel(f.name), f, _JSON_TYPES[hints[f.name]]

    @classmethod
    def schema(cls) -> PolicyConfigSchema:
        """The JSON schema of this policy's config properties, with their defaults."""
        properties: dict[str, dict[str, Any]] = {}
        for key, f, json_type in cls._settings():
            spec: _Setting = f.metadata[_SETTING]
            prop: dict[str, Any] = {"type": json_type}
            if json_type == "array":
                prop["items"] = {"type": "string", **spec.items}
                prop["default"] = list(f.default)
            else:
                prop["default"] = f.default
            prop["description"] = spec.description
            properties[key] = prop
        return PolicyConfigSchema(properties=properties)

    @classmethod
    def read(cls, args: ResourceValidationArgs | StackValidationArgs) -> Self:
        """This policy's config as the engine passed it; a key that is absent or null keeps its default."""
        config = args.get_config() or {}
        values: dict[str, Any] = {}
        for key, f, json_type in cls._settings():
            value = config.get(key)
            if value is not None:
                values[f.name] = _parse(key, value, json_type)
        return cls(**values)


def _parse(key: str, value: Any, json_type: str) -> Any:
    """The typed value; the CLI has validated it against the schema, so a mismatch is a caller's mistake."""
    if json_type == "array" and isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    if (json_type == "boolean" and isinstance(value, bool)) or (json_type == "string" and isinstance(value, str)):
        return value
    raise TypeError(f"policy config {key!r} must be {_WHAT[json_type]}")


# ---------------------------------------------------------------------------------------------------------------
# Settings several policies share (a policy's config class inherits them).


@dataclass(frozen=True)
class ExemptServicesConfig(PolicyConfig):
    """Messaging Services a policy skips on purpose, by Pulumi resource name."""

    exempt_resource_names: tuple[str, ...] = setting(
        (),
        "Pulumi resource names (not SIDs) of Messaging Services to skip, e.g. the Flex Conversations default "
        "service that Twilio wants on 'Autocreate a Conversation'.",
    )

    def exempt(self, name: str) -> bool:
        return name in self.exempt_resource_names


@dataclass(frozen=True)
class UnknownValuesConfig(PolicyConfig):
    """Whether a value unknown during preview fails the policy instead of being left to ``up``."""

    unknown_is_violation: bool = setting(
        False,
        "Report a value that is unknown during preview at this policy's own level instead of as an advisory "
        "'cannot run during preview' note.",
    )
