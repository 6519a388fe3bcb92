"""Nested inputs (`Group`, `GroupList`): objects whose fields are declared like a resource's, checked, normalised,
configured and kept secret the same way at any depth."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from pulumi.output import Unknown

from components.inputs import Choice, Group, GroupList, ResourceArgs, Text, twilio_field


@dataclass(frozen=True, kw_only=True)
class Contact(ResourceArgs):
    first_name: str | None = twilio_field(Text(max_len=10), required=True)
    email: str | None = twilio_field(Text(pattern=re.compile(r"^[^@\s]+@[^@\s]+$"), what="an email address"),
                                     required=True, secret=True)
    job_position: str | None = twilio_field(Choice(values=("CEO", "CFO"), upper=True))


@dataclass(frozen=True, kw_only=True)
class Office(ResourceArgs):
    city: str | None = twilio_field(Text(max_len=20), required=True)
    postal_code: str | None = twilio_field(Text(pattern=re.compile(r"^\d{5}$"), what="five digits"), config="zip")


@dataclass(frozen=True, kw_only=True)
class Holder(ResourceArgs):
    REQUIRED_WHEN = (("company_type", "public", ("stock_ticker",)),)

    friendly_name: str | None = twilio_field(Text(max_len=64), required=True)
    company_type: str | None = twilio_field(Choice(values=("private", "public")))
    stock_ticker: str | None = twilio_field(Text(max_len=10))
    office: dict[str, Any] | None = twilio_field(Group(fields=Office), required=True)
    contacts: list[dict[str, Any]] | None = twilio_field(
        GroupList(item=Group(fields=Contact), min_items=1, max_items=2, noun="contacts"), required=True)


GOOD = {"friendly_name": "Acme", "office": {"city": "Springfield", "postal_code": "12345"},
        "contacts": [{"first_name": "Alex", "email": "alex@acme.example"}]}


def rules(inputs: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {v.field: (v.rule, v.message) for v in Holder.violations(inputs)}


def test_a_complete_object_has_no_violations() -> None:
    assert Holder.violations(GOOD) == []


def test_nested_violations_are_named_by_their_path() -> None:
    found = rules({"friendly_name": "Acme", "office": {"postal_code": "1234", "floor": 3},
                   "contacts": [{"first_name": "Alexandra-Maria"}, {"first_name": "Sam", "email": "x@y"}, {}]})
    assert found["office.city"] == ("missing_required_field", "office.city is required")
    assert found["office.postal_code"][1] == "office.postal_code must be five digits, got '1234'"
    assert found["office.floor"] == ("unknown_key", "unknown field of office (known: city, postal_code)")
    assert found["contacts"] == ("invalid_count", "contacts must hold 1-2 contacts, got 3")
    assert found["contacts[0].first_name"][0] == "invalid_value"
    assert found["contacts[0].email"][0] == "missing_required_field"
    assert "contacts[1].email" not in found
    assert found["contacts[2].first_name"][0] == "missing_required_field"


def test_wrong_shapes_are_type_violations() -> None:
    found = rules({"friendly_name": "Acme", "office": "Springfield", "contacts": {"first_name": "Alex"}})
    assert found["office"] == ("invalid_type", "office must be an object")
    assert found["contacts"] == ("invalid_type", "contacts must be a list of contacts")


def test_a_secret_field_value_never_appears_in_a_message() -> None:
    found = rules({**GOOD, "contacts": [{"first_name": "Alex", "email": "not-an-email-but-private"}]})
    rule, message = found["contacts[0].email"]
    assert rule == "invalid_value" and "not-an-email-but-private" not in message
    assert message == "contacts[0].email must be an email address, got (secret value)"


def test_required_when_another_field_has_a_value() -> None:
    found = rules({**GOOD, "company_type": "public"})
    assert found["stock_ticker"] == ("required_when", "stock_ticker is required when company_type is 'public'")
    assert rules({**GOOD, "company_type": "public", "stock_ticker": "ACME"}) == {}
    assert rules({**GOOD, "company_type": "private"}) == {}


def test_unknown_values_are_not_judged() -> None:
    assert Holder.violations({**GOOD, "office": Unknown(), "contacts": [{"first_name": Unknown()}]}) == []


def test_normalisation_reaches_nested_fields_and_drops_unset_ones() -> None:
    normalized = Holder.normalized({**GOOD, "contacts": [{"first_name": "Alex", "email": "a@b", "job_position": "ceo",
                                                          "unset": None}]})
    assert normalized["contacts"] == [{"first_name": "Alex", "email": "a@b", "job_position": "CEO"}]
    assert normalized["office"] == GOOD["office"]


def test_an_object_holding_a_secret_field_is_secret_as_a_whole() -> None:
    assert Holder.secret_names() == ("contacts",)
    assert Contact.secret_names() == ("email",)
    assert Holder.secret_paths({**GOOD, "contacts": [{"email": "a@b"}, {"first_name": "x"}, {"email": "c@d"}]}) == [
        "contacts[0].email", "contacts[2].email"]


def test_config_keys_and_paths_are_camel_case_at_every_depth() -> None:
    assert Holder.config_path("contacts[1].first_name") == "contacts[1].firstName"
    assert Holder.config_path("office.postal_code") == "office.zip"
    assert Holder.config_path("stock_ticker") == "stockTicker"
    names = Holder.config_names()
    assert names["first_name"] == "firstName" and names["postal_code"] == "zip" and names["office"] == "office"


def test_config_converts_camel_case_keys_to_input_names_at_every_depth() -> None:
    inputs, found = Holder.from_config({"friendlyName": "Acme", "office": {"city": "Springfield", "zip": "12345"},
                                        "contacts": [{"firstName": "Alex", "email": "a@b", "jobPosition": "CEO"}]})
    assert found == []
    assert inputs == {"friendly_name": "Acme", "office": {"city": "Springfield", "postal_code": "12345"},
                      "contacts": [{"first_name": "Alex", "email": "a@b", "job_position": "CEO"}]}
    _, found = Holder.from_config({"office": {"city": "x", "postalCode": "12345"},
                                   "contacts": [{"firstName": 7.5, "email": 12.5}, "Sam"]})
    problems = {(v.field, v.rule): v.message for v in found}
    assert problems[("office.postalCode", "unknown_key")] == "unknown key (known: city, zip)"
    assert problems[("contacts[0].first_name", "invalid_type")].startswith(
        "contacts[0].first_name must be text, got a number (7.5)")
    assert "12.5" not in problems[("contacts[0].email", "invalid_type")], "a secret is never quoted"
    assert problems[("contacts[1]", "invalid_type")] == "contacts[1] must be an object, got 'Sam'"
    assert Holder.config_path("office.postalCode") == "office.postalCode", "an unknown key is named as written"


def test_a_group_needs_its_declaration() -> None:
    with pytest.raises(TypeError, match="declaration of its fields"):
        Group()
