"""A Trust Hub evaluation: what a bundle holds, checked against its policy's requirements (D48).

The results have the shape of Twilio's documented example: one result per requirement, `passed`, a failure reason
and code, and `invalid` entries naming each failing attribute (`object_field`). Every failure is reported at once,
and no entry quotes a value (end-user attributes are personal data).
"""

from __future__ import annotations

from typing import Any

from twilio_contract import ErrorCode
from twilio_contract.trusthub import (ATTRIBUTE_VALUES, DocumentRequirement, EndUserRequirement, Policy,
                                      ProfileRequirement)

from ..store import Doc

#: How Twilio spells some attribute words in messages.
_WORDS = {"url": "URL", "urls": "URLs", "sids": "SID(s)", "id": "ID"}


def friendly(field: str) -> str:
    """`website_url` -> `Website URL`."""
    return " ".join(_WORDS.get(word, word.capitalize()) for word in field.split("_"))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list)) and not value)


def _invalid(field: str, reason: str, code: int) -> dict[str, Any]:
    return {"friendly_name": friendly(field), "object_field": field, "failure_reason": reason, "error_code": code}


def _result(name: str, object_type: str, requirement_name: str, invalid: list[dict[str, Any]], valid: list[str],
            failure: tuple[str, int] | None) -> dict[str, Any]:
    passed = failure is None and not invalid
    reason, code = failure or ((f"The {name} is incomplete.", int(invalid[0]["error_code"])) if invalid else (None, None))
    return {"friendly_name": name, "object_type": object_type, "passed": passed,
            "failure_reason": None if passed else reason, "error_code": None if passed else code,
            "valid": [{"friendly_name": friendly(f), "object_field": f} for f in valid], "invalid": invalid,
            "requirement_friendly_name": name, "requirement_name": requirement_name}


def _end_user(requirement: EndUserRequirement, users: list[Doc]) -> dict[str, Any] | None:
    user = next((u for u in users if u["type"] == requirement.type), None)
    code = int(ErrorCode.END_USER_FIELD_INVALID)
    if user is None:
        if requirement.optional:
            return None
        invalid = [_invalid(f, f"The {friendly(f)} is missing. Please enter in a {friendly(f)} on the "
                               f"{requirement.name}.", code) for f in requirement.required]
        return _result(requirement.name, requirement.type, requirement.type, invalid, [],
                       (f"A {requirement.name} End-User is missing. Please add one to the regulatory bundle.",
                        int(ErrorCode.END_USER_MISSING)))
    attributes = user["attributes"]
    invalid, valid = [], []
    for field in requirement.fields:
        value = attributes.get(field)
        if _missing(value):
            if field in requirement.required_for(attributes):
                invalid.append(_invalid(field, f"The {friendly(field)} is missing. Please enter in a "
                                               f"{friendly(field)} on the {requirement.name}.", code))
        elif field in ATTRIBUTE_VALUES and value not in ATTRIBUTE_VALUES[field]:
            invalid.append(_invalid(field, f"The {friendly(field)} is not one of the accepted values.", code))
        else:
            valid.append(field)
    return _result(requirement.name, requirement.type, requirement.type, invalid, valid, None)


def _document(requirement: DocumentRequirement, documents: list[Doc], addresses: set[str]) -> dict[str, Any]:
    accepted = {type_: fields for type_, _, fields in requirement.accepted}
    document = next((d for d in documents if d["type"] in accepted), None)
    if document is None:
        invalid = [_invalid(f, f"The {friendly(f)} is missing.", int(ErrorCode.ADDRESS_MISSING
                                                                       if f == "address_sids" else
                                                                       ErrorCode.SUPPORTING_DOCUMENT_FIELD_INVALID))
                   for f in requirement.accepted[0][2]]
        return _result(requirement.name, "document", requirement.requirement_name, invalid, [],
                       (f"A {requirement.name} is missing. Please add one to the regulatory bundle.",
                        int(ErrorCode.SUPPORTING_DOCUMENT_MISSING)))
    invalid, valid = [], []
    for field in accepted[document["type"]]:
        value = document["attributes"].get(field)
        if field == "address_sids":
            sids = [value] if isinstance(value, str) else list(value or [])
            if not sids or any(sid not in addresses for sid in sids):
                invalid.append(_invalid(field, "The Address is missing, or it is not an Address of this account.",
                                        int(ErrorCode.ADDRESS_MISSING)))
                continue
        elif _missing(value):
            invalid.append(_invalid(field, f"The {friendly(field)} is missing.",
                                    int(ErrorCode.SUPPORTING_DOCUMENT_FIELD_INVALID)))
            continue
        valid.append(field)
    return _result(requirement.name, document["type"], requirement.requirement_name, invalid, valid, None)


def _profile(requirement: ProfileRequirement, profiles: list[Doc]) -> dict[str, Any] | None:
    held = [p for p in profiles if not requirement.policies or p["policy_sid"] in requirement.policies]
    if not held:
        if requirement.optional:
            return None
        return _result(requirement.name, "customer_profile", requirement.requirement_name, [], [],
                       (f"A {requirement.name} is missing. Please add one to the bundle.",
                        int(ErrorCode.SUPPORTING_DOCUMENT_MISSING)))
    if held[0]["status"] == "twilio-rejected":
        return _result(requirement.name, "customer_profile", requirement.requirement_name, [], [],
                       (f"The {requirement.name} {held[0]['sid']} was rejected.", int(ErrorCode.BUNDLE_REJECTED)))
    return _result(requirement.name, "customer_profile", requirement.requirement_name, [], [], None)


def evaluate(policy: Policy, holdings: dict[str, list[Doc]], addresses: set[str]) -> tuple[str, list[dict[str, Any]]]:
    """`compliant` or `noncompliant`, and one result per requirement the bundle is judged on."""
    results = [r for r in (
        *(_end_user(req, holdings["end_user"]) for req in policy.end_users),
        *(_document(req, holdings["supporting_document"], addresses) for req in policy.documents),
        *(_profile(req, holdings["customer_profile"]) for req in policy.customer_profiles),
    ) if r is not None]
    return ("compliant" if all(r["passed"] for r in results) else "noncompliant"), results


def rejection_errors(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A rejected bundle's `errors`: each failing attribute, or the failing requirement when none is named."""
    errors = []
    for result in (r for r in results if not r["passed"]):
        for item in result["invalid"] or [{"error_code": result["error_code"], "failure_reason": result["failure_reason"],
                                            "object_field": None}]:
            errors.append({"code": item["error_code"], "message": item["failure_reason"],
                           "requirement_name": result["requirement_name"], "object_field": item["object_field"]})
    return errors
