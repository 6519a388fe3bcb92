"""policies/config.py: one dataclass gives a policy both its config schema and its typed config values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from policies.config import ExemptServicesConfig, PolicyConfig, UnknownValuesConfig, setting


@dataclass(frozen=True)
class SampleConfig(UnknownValuesConfig, ExemptServicesConfig):
    allowed_hosts: tuple[str, ...] = setting(("a",), "Hosts.", items={"enum": ["a", "b"]})
    brand_name: str = setting("", "The brand.")


class Args:
    """Stands in for ResourceValidationArgs / StackValidationArgs: only get_config() is read."""

    def __init__(self, config: dict[str, Any] | None) -> None:
        self._config = config

    def get_config(self) -> dict[str, Any] | None:
        return self._config


def test_schema_has_camel_case_keys_json_defaults_types_and_descriptions() -> None:
    properties = SampleConfig.schema().properties
    assert list(properties) == ["exemptResourceNames", "unknownIsViolation", "allowedHosts", "brandName"]
    assert properties["allowedHosts"] == {
        "type": "array",
        "items": {"type": "string", "enum": ["a", "b"]},
        "default": ["a"],
        "description": "Hosts.",
    }
    assert properties["unknownIsViolation"]["type"] == "boolean" and properties["unknownIsViolation"]["default"] is False
    assert properties["brandName"] == {"type": "string", "default": "", "description": "The brand."}


@pytest.mark.parametrize("config", [None, {}, {"allowedHosts": None, "brandName": None}])
def test_absent_or_null_keys_read_as_their_defaults(config: dict | None) -> None:
    assert SampleConfig.read(Args(config)) == SampleConfig()
    assert SampleConfig().allowed_hosts == ("a",) and SampleConfig().exempt_resource_names == ()


def test_values_are_read_typed() -> None:
    config = {"allowedHosts": ["b"], "brandName": "Acme", "unknownIsViolation": True, "exemptResourceNames": ["x"]}
    read = SampleConfig.read(Args(config))
    assert read == SampleConfig(allowed_hosts=("b",), brand_name="Acme", unknown_is_violation=True,
                                exempt_resource_names=("x",))
    assert read.exempt("x") and not read.exempt("y")


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"allowedHosts": "b"}, "'allowedHosts' must be a list of strings"),
        ({"allowedHosts": [1]}, "'allowedHosts' must be a list of strings"),
        ({"unknownIsViolation": "false"}, "'unknownIsViolation' must be a boolean"),
        ({"brandName": 3}, "'brandName' must be a string"),
    ],
)
def test_mistyped_values_are_refused_by_key(config: dict, expected: str) -> None:
    with pytest.raises(TypeError, match=expected):
        SampleConfig.read(Args(config))


def test_declarations_outside_setting_or_of_other_types_are_refused() -> None:
    @dataclass(frozen=True)
    class Undeclared(PolicyConfig):
        plain: tuple[str, ...] = field(default=())

    @dataclass(frozen=True)
    class Numeric(PolicyConfig):
        limit: int = setting(3, "A number.")

    with pytest.raises(TypeError, match="setting"):
        Undeclared.schema()
    with pytest.raises(TypeError, match="bool, str or tuple"):
        Numeric.schema()
