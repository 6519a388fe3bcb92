"""Twilio objects as stack config, and that config merged into what a stack already has.

What a resource's section holds is derived from its input declaration (``components/inputs.py``): every input a user
sets in stack config (``config_keys()``) that is a Twilio field (``spec.sent``, so not ours like ``waitForReview``)
is read from the object under its input name, nested objects (``Group``, ``GroupList``) by their own declarations,
and secret fields (``FieldSpec.secret``) are marked so, at any depth. A field added to a declaration later is
discovered with no change here.

Merging never overwrites: a value the stack already has is kept (and reported when Twilio's differs), only what it
lacks is written, value by value (a leaf), in the order the Pulumi CLI can create lists in.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from components.inputs import ResourceArgs, Rule

#: Lists merged as sets of items (the user's items kept, Twilio's missing ones appended), not as one value.
UNION_LISTS = frozenset({"flex-a2p:phoneNumbers"})
_MISSING = object()


@dataclass(frozen=True)
class Leaf:
    """One value to write: its config path (``flex-a2p:campaign.messageSamples[0]``) and whether it is secret."""

    path: str
    value: Any
    secret: bool = False


@dataclass(frozen=True)
class Difference:
    """A value the stack already has, kept, where Twilio holds another one."""

    path: str
    yours: Any
    twilio: Any
    secret: bool = False

    def describe(self) -> str:
        if self.secret:
            return f"{self.path}: kept yours (encrypted values; Twilio's differs)"
        return f"{self.path}: kept yours {self.yours!r}; Twilio has {self.twilio!r}"


@dataclass
class Section:
    """A config value (nested, camelCase keys) and the paths below it that hold secrets."""

    value: Any
    secrets: frozenset[str] = frozenset()


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)


def from_twilio(declaration: type[ResourceArgs], obj: Any, path: str, *, skip: Collection[str] = ()) -> Section:
    """The stack-config section (at config ``path``) of the Twilio fields ``obj`` holds under ``declaration``'s
    input names; unset values (None, "", []) and the inputs in ``skip`` are left out."""
    secrets: set[str] = set()
    value = _fields(declaration, obj, path, skip, secrets)
    return Section(value, frozenset(secrets))


def _fields(declaration: type[ResourceArgs], obj: Any, path: str, skip: Collection[str],
            secrets: set[str]) -> dict[str, Any]:
    specs = declaration.specs()
    section: dict[str, Any] = {}
    for name, key in declaration.config_keys().items():
        spec = specs[name]
        if not spec.sent or name in skip:
            continue
        value = _value(spec.rule, _get(obj, name), f"{path}.{key}", secrets)
        if value is not None:
            section[key] = value
            if spec.secret:
                secrets.add(f"{path}.{key}")
    return section


def _value(rule: Rule, value: Any, path: str, secrets: set[str]) -> Any:
    if value is None or value == "" or value == []:
        return None
    inner = rule.group_fields
    if inner is None:
        return rule.normalize(list(value) if isinstance(value, tuple) else value)
    if isinstance(value, list):
        items = [_fields(inner, item, f"{path}[{i}]", (), secrets) for i, item in enumerate(value)]
        return [item for item in items if item] or None
    return _fields(inner, value, path, (), secrets) or None


def leaves(path: str, value: Any, secrets: Collection[str]) -> Iterator[Leaf]:
    """Every scalar below ``path``, lists item by item in order (so the CLI creates each list as it goes)."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from leaves(f"{path}.{key}", inner, secrets)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from leaves(f"{path}[{index}]", inner, secrets)
    else:
        yield Leaf(path, value, _secret(path, secrets))


def _secret(path: str, secrets: Collection[str]) -> bool:
    """A path is secret when it, or a value it lies in, is (``…email`` or ``…messageSamples[0]`` of a secret list)."""
    return any(path == s or path.startswith(s + "[") or path.startswith(s + ".") for s in secrets)


def merge(existing: Mapping[str, Any], discovered: Mapping[str, Section]) -> tuple[list[Leaf], list[Difference]]:
    """What to write so that the stack gets every discovered value it lacks, and the values it keeps although Twilio
    holds others. ``existing`` and ``discovered`` are top-level config keys (``flex-a2p:campaign``) to values."""
    writes: list[Leaf] = []
    kept: list[Difference] = []
    for key, section in discovered.items():
        _merge(key, existing.get(key, _MISSING), section.value, section.secrets, writes, kept)
    return writes, kept


def _merge(path: str, have: Any, want: Any, secrets: Collection[str], writes: list[Leaf],
           kept: list[Difference]) -> None:
    if have is _MISSING or have is None:
        writes.extend(leaves(path, want, secrets))
    elif isinstance(have, Mapping) and isinstance(want, Mapping):
        for key, inner in want.items():
            _merge(f"{path}.{key}", have.get(key, _MISSING), inner, secrets, writes, kept)
    elif isinstance(have, list) and isinstance(want, list) and path in UNION_LISTS:
        missing = [item for item in want if item not in have]
        for offset, item in enumerate(missing):
            writes.extend(leaves(f"{path}[{len(have) + offset}]", item, secrets))
    elif isinstance(have, list) and isinstance(want, list) and any(isinstance(i, Mapping) for i in want):
        for index, inner in enumerate(want):
            _merge(f"{path}[{index}]", have[index] if index < len(have) else _MISSING, inner, secrets, writes, kept)
    elif have != want:
        kept.append(Difference(path, have, want, _secret(path, secrets)))


def apply(existing: Mapping[str, Any], writes: Collection[Leaf]) -> dict[str, Any]:
    """The config once ``writes`` are applied to ``existing`` (to check it before anything is written)."""
    config = {key: _copy(value) for key, value in existing.items()}
    for leaf in writes:
        _set(config, leaf.path, leaf.value)
    return config


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    """A config path's top-level key, then its object keys and list indices."""
    top = re.match(r"[^.\[]+", path).group()  # type: ignore[union-attr]
    return [top] + [name if name else int(index) for name, index in _STEP.findall(path[len(top):])]


def at(config: Mapping[str, Any], path: str) -> Any:
    """The value at a config path, or None."""
    node: Any = config
    for step in _steps(path):
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and step < len(node) else None
        else:
            node = node.get(step) if isinstance(node, Mapping) else None
    return node


def _set(config: dict[str, Any], path: str, value: Any) -> None:
    """Set a value at a config path (``flex-a2p:trustHub.customerProfile.authorizedRepresentatives[0].email``),
    creating the objects and lists on the way as ``pulumi config set --path`` does."""
    steps = _steps(path)
    node: Any = config
    for step, following in zip(steps, steps[1:]):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(step, int):
            while len(node) <= step:
                node.append(None)
            if node[step] is None:
                node[step] = empty
        else:
            node.setdefault(step, empty)
        node = node[step]
    last = steps[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value
