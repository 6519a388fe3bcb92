"""Trust Hub: bundles (customer profiles `/v1/CustomerProfiles`, trust products `/v1/TrustProducts`), what they hold
(end users `/v1/EndUsers`, supporting documents `/v1/SupportingDocuments`, other bundles, through entity
assignments), their evaluations against a policy (`/v1/Policies`), and their review
(https://www.twilio.com/docs/trust-hub/trusthub-rest-api).

An A2P brand names one approved bundle of each kind. Both kinds share one shape and one lifecycle: `draft`,
submitted as `pending-review`, then `in-review` and `twilio-approved` or `twilio-rejected`. A submitted bundle is
evaluated against its policy when its review starts and again when it ends: a bundle that does not comply is
rejected with the failures as its errors (D50). The requirements of the A2P policies come from
`twilio_contract.trusthub`; the evaluation itself is in `evaluation.py`.
"""

from __future__ import annotations

import re
from typing import Any

from twilio_contract import ErrorCode
from twilio_contract.trusthub import DOCUMENT_TYPES, END_USER_TYPES, POLICIES

from ..exceptions import AlreadyAssigned, BundleNotEditable, InvalidParameter, ItemInLockedBundle, NotFound
from ..store import Doc
from .base import new_sid, public
from .evaluation import evaluate, rejection_errors
from .reviews import Review, ReviewsModel, Target

BUNDLE_STATUSES = ("draft", "pending-review", "in-review", "twilio-rejected", "twilio-approved")
#: Statuses in which a bundle, and what it holds, cannot change (D24, D45, D46).
LOCKED = ("pending-review", "in-review", "twilio-approved")
#: Store kind -> the key of the same bundles in an `--fixtures` file.
BUNDLE_KINDS = {"customer_profile": "customer_profiles", "trust_product": "trust_products"}
#: Store kind of the objects an entity assignment may name, by SID prefix (D45).
ASSIGNABLE = {"IT": "end_user", "RD": "supporting_document", "BU": "customer_profile"}
#: A bundle's children (store kind) -> their path segment under the bundle.
CHILD_PATHS = {"bundle_assignment": "EntityAssignments", "evaluation": "Evaluations"}


def bundle_key(kind: str) -> str:
    """The field that names the bundle in its assignments and evaluations (`customer_profile_sid`, …)."""
    return f"{kind}_sid"


class TrustHubModel(ReviewsModel):
    # -------------------------------------------------------------------------------------------- bundles
    def _bundle_path(self, kind: str, sid: str) -> str:
        return ("/CustomerProfiles/" if kind == "customer_profile" else "/TrustProducts/") + sid

    def _get_bundle(self, kind: str, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get(kind, sid)
        if doc is None or doc["account_sid"] != account_sid:
            raise NotFound(self._bundle_path(kind, sid))
        return doc

    def _editable_bundle(self, kind: str, account_sid: str, sid: str) -> Doc:
        doc = self._get_bundle(kind, account_sid, sid)
        if doc["status"] in LOCKED:
            raise BundleNotEditable(sid, doc["status"])
        return doc

    def seed_bundles(self, account_sid: str, fixtures: dict[str, Any]) -> None:
        """D35: bundles approved in the Console before any stack ran, with fixed SIDs so that a stack's config can
        name them; bundles already present are left alone."""
        for kind, key in BUNDLE_KINDS.items():
            for bundle in fixtures.get(key, []):
                if self.tx.get(kind, bundle["sid"]) is None:
                    doc: Doc = {"sid": bundle["sid"], "account_sid": account_sid, "policy_sid": bundle["policy_sid"],
                                "friendly_name": bundle["friendly_name"], "status": "twilio-approved",
                                "valid_until": None, "email": bundle["email"], "status_callback": None,
                                "date_created": self.now, "date_updated": self.now, "errors": None}
                    self.tx.insert(kind, bundle["sid"], account_sid, doc)

    def create_bundle(self, kind: str, account_sid: str, fields: dict[str, Any]) -> Doc:
        _check_email(fields["email"])
        sid = new_sid("BU")
        doc: Doc = {"sid": sid, "account_sid": account_sid, "policy_sid": fields["policy_sid"],
                    "friendly_name": fields["friendly_name"], "status": "draft", "valid_until": None,
                    "email": fields["email"], "status_callback": fields.get("status_callback") or None,
                    "date_created": self.now, "date_updated": self.now, "errors": None}
        self.tx.insert(kind, sid, account_sid, doc)
        return public(doc)

    def fetch_bundle(self, kind: str, account_sid: str, sid: str) -> Doc:
        return public(self._get_bundle(kind, account_sid, sid))

    def list_bundles(self, kind: str, account_sid: str, *, status: str | None = None,
                     friendly_name: str | None = None, policy_sid: str | None = None) -> list[Doc]:
        docs = self.tx.list(kind, account_sid=account_sid)
        for key, value in (("status", status), ("friendly_name", friendly_name), ("policy_sid", policy_sid)):
            if value is not None:
                docs = [d for d in docs if d[key] == value]
        return [public(d) for d in docs]

    def update_bundle(self, kind: str, account_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._editable_bundle(kind, account_sid, sid)
        status = fields.pop("status", None)
        if status is not None and status not in ("draft", "pending-review"):
            raise InvalidParameter("Status", "may only be set to pending-review (submit) or draft")
        if "email" in fields:
            _check_email(fields["email"])
        if "status_callback" in fields:
            fields["status_callback"] = fields["status_callback"] or None
        doc.update(fields)
        doc["date_updated"] = self.now
        if status == "pending-review":
            doc["status"], doc["errors"] = "pending-review", None
            self._schedule_review(kind, "", doc)
        else:
            if status == "draft":
                doc["status"] = "draft"
            self.tx.update(kind, sid, doc, keep_review=True)
        return public(doc)

    def delete_bundle(self, kind: str, account_sid: str, sid: str) -> None:
        doc = self._get_bundle(kind, account_sid, sid)
        if doc["status"] in ("pending-review", "in-review"):
            raise BundleNotEditable(sid, doc["status"])  # D46: an approved bundle may go, one under review not
        self.tx.delete(kind, sid)
        self.tx.delete_children("bundle_assignment", sid)
        self.tx.delete_children("evaluation", sid)

    # -------------------------------------------------------------------- end users and supporting documents
    def _get_item(self, kind: str, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get(kind, sid)
        if doc is None or doc["account_sid"] != account_sid:
            raise NotFound(("/EndUsers/" if kind == "end_user" else "/SupportingDocuments/") + sid)
        return doc

    def _holders(self, object_sid: str) -> list[tuple[str, Doc]]:
        """(bundle kind, bundle) of every bundle the object is assigned to."""
        holders = []
        for assignment in (a for a in self.tx.list("bundle_assignment") if a["object_sid"] == object_sid):
            for kind in BUNDLE_KINDS:
                bundle = self.tx.get(kind, assignment["_bundle_sid"])
                if bundle is not None:
                    holders.append((kind, bundle))
        return holders

    def _editable_item(self, kind: str, account_sid: str, sid: str) -> Doc:
        doc = self._get_item(kind, account_sid, sid)
        for _, bundle in self._holders(sid):
            if bundle["status"] in LOCKED:
                raise ItemInLockedBundle(sid, bundle["sid"], bundle["status"])
        return doc

    def create_item(self, kind: str, account_sid: str, fields: dict[str, Any]) -> Doc:
        """An end user (IT) or supporting document (RD): a type a policy names, with that type's attributes (D44)."""
        attributes = fields.get("attributes") or {}
        _check_attributes(kind, fields["type"], attributes)
        sid = new_sid("IT" if kind == "end_user" else "RD")
        doc: Doc = {"sid": sid, "account_sid": account_sid, "friendly_name": fields["friendly_name"],
                    "type": fields["type"], "attributes": attributes, "date_created": self.now,
                    "date_updated": self.now}
        if kind == "supporting_document":
            doc.update({"status": "DRAFT", "mime_type": None})
        self.tx.insert(kind, sid, account_sid, doc)
        return public(doc)

    def fetch_item(self, kind: str, account_sid: str, sid: str) -> Doc:
        return public(self._get_item(kind, account_sid, sid))

    def list_items(self, kind: str, account_sid: str) -> list[Doc]:
        return [public(d) for d in self.tx.list(kind, account_sid=account_sid)]

    def update_item(self, kind: str, account_sid: str, sid: str, fields: dict[str, Any]) -> Doc:
        doc = self._editable_item(kind, account_sid, sid)
        if "attributes" in fields:
            _check_attributes(kind, doc["type"], fields["attributes"])
        doc.update(fields)
        doc["date_updated"] = self.now
        self.tx.update(kind, sid, doc)
        return public(doc)

    def delete_item(self, kind: str, account_sid: str, sid: str) -> None:
        self._editable_item(kind, account_sid, sid)
        self.tx.delete(kind, sid)
        for assignment in self.tx.list("bundle_assignment", account_sid=account_sid):
            if assignment["object_sid"] == sid:
                self.tx.delete("bundle_assignment", assignment["sid"], parent_sid=assignment["_bundle_sid"])

    # ---------------------------------------------------------------------------------- entity assignments
    def create_assignment(self, kind: str, account_sid: str, bundle_sid: str, object_sid: str) -> Doc:
        self._editable_bundle(kind, account_sid, bundle_sid)
        target_kind = ASSIGNABLE.get(object_sid[:2])
        target = self.tx.get(target_kind, object_sid) if target_kind else None
        if target is None or target["account_sid"] != account_sid or object_sid == bundle_sid:
            raise InvalidParameter("ObjectSid", f"{object_sid} is not an end user, supporting document or customer "
                                                "profile of this account")
        if any(a["object_sid"] == object_sid for a in self.tx.list("bundle_assignment", parent_sid=bundle_sid)):
            raise AlreadyAssigned(object_sid, bundle_sid)
        sid = new_sid("BV")
        doc: Doc = {"sid": sid, bundle_key(kind): bundle_sid, "account_sid": account_sid, "object_sid": object_sid,
                    "date_created": self.now, "_bundle_sid": bundle_sid}
        self.tx.insert("bundle_assignment", sid, account_sid, doc, parent_sid=bundle_sid)
        return public(doc)

    def _get_child(self, kind: str, child: str, account_sid: str, bundle_sid: str, sid: str) -> Doc:
        """An entity assignment or evaluation (`child`) of one of the account's bundles."""
        self._get_bundle(kind, account_sid, bundle_sid)
        doc = self.tx.get(child, sid, parent_sid=bundle_sid)
        if doc is None:
            raise NotFound(f"{self._bundle_path(kind, bundle_sid)}/{CHILD_PATHS[child]}/{sid}")
        return doc

    def fetch_child(self, kind: str, child: str, account_sid: str, bundle_sid: str, sid: str) -> Doc:
        return public(self._get_child(kind, child, account_sid, bundle_sid, sid))

    def list_children(self, kind: str, child: str, account_sid: str, bundle_sid: str) -> list[Doc]:
        self._get_bundle(kind, account_sid, bundle_sid)
        return [public(d) for d in self.tx.list(child, parent_sid=bundle_sid)]

    def list_assignments(self, kind: str, account_sid: str, bundle_sid: str, object_type: str | None) -> list[Doc]:
        """`ObjectType` filters by what the assigned object is (D45): an end-user or document type, or
        `customer_profile`."""
        docs = self.list_children(kind, "bundle_assignment", account_sid, bundle_sid)
        return [d for d in docs if object_type is None or self._object_type(d["object_sid"]) == object_type]

    def _object_type(self, object_sid: str) -> str | None:
        kind = ASSIGNABLE.get(object_sid[:2])
        target = self.tx.get(kind, object_sid) if kind else None
        if target is None:
            return None
        return "customer_profile" if kind == "customer_profile" else target["type"]

    def delete_assignment(self, kind: str, account_sid: str, bundle_sid: str, sid: str) -> None:
        self._editable_bundle(kind, account_sid, bundle_sid)
        self._get_child(kind, "bundle_assignment", account_sid, bundle_sid, sid)
        self.tx.delete("bundle_assignment", sid, parent_sid=bundle_sid)

    # ------------------------------------------------------------------------------------------ evaluations
    def _holdings(self, bundle_sid: str) -> dict[str, list[Doc]]:
        """What a bundle holds, by store kind, in assignment order."""
        held: dict[str, list[Doc]] = {"end_user": [], "supporting_document": [], "customer_profile": []}
        for assignment in self.tx.list("bundle_assignment", parent_sid=bundle_sid):
            kind = ASSIGNABLE[assignment["object_sid"][:2]]
            target = self.tx.get(kind, assignment["object_sid"])
            if target is not None:
                held[kind].append(target)
        return held

    def _addresses(self, account_sid: str) -> set[str]:
        return {d["sid"] for d in self.tx.list("address", account_sid=account_sid)}

    def create_evaluation(self, kind: str, account_sid: str, bundle_sid: str, policy_sid: str) -> Doc:
        bundle = self._get_bundle(kind, account_sid, bundle_sid)
        policy = POLICIES.get(policy_sid)
        if policy is None:
            raise InvalidParameter("PolicySid", f"{policy_sid} is not a Trust Hub policy")
        status, results = evaluate(policy, self._holdings(bundle["sid"]), self._addresses(account_sid))
        sid = new_sid("EL")
        doc: Doc = {"sid": sid, "account_sid": account_sid, "policy_sid": policy_sid, bundle_key(kind): bundle_sid,
                    "status": status, "results": results, "date_created": self.now}
        self.tx.insert("evaluation", sid, account_sid, doc, parent_sid=bundle_sid)
        return public(doc)

    # ---------------------------------------------------------------------------------------------- review
    def _bundle_targets(self, sid: str) -> list[Target] | None:
        if not sid.startswith("BU"):
            return None
        return [(k, "", d) for k in BUNDLE_KINDS for _, d in self.tx.find(k, sid)]

    def _bundle_failures(self, doc: Doc) -> list[dict[str, Any]] | None:
        """D50: the errors a bundle is rejected with, or None when its policy's evaluation passes (bundles under a
        policy the emulator does not model pass)."""
        policy = POLICIES.get(doc["policy_sid"])
        if policy is None:
            return None
        status, results = evaluate(policy, self._holdings(doc["sid"]), self._addresses(doc["account_sid"]))
        return None if status == "compliant" else rejection_errors(results)

    def _screen_bundle(self, doc: Doc) -> bool:
        """At the in-review step: a bundle that does not comply is rejected at once (D50)."""
        failures = self._bundle_failures(doc)
        if failures is None:
            return False
        self._reject(doc, failures)
        return True

    def _conclude_bundle_review(self, doc: Doc) -> None:
        failures = self._bundle_failures(doc)
        if failures is None:
            self._set_bundle_status(doc, "twilio-approved", None, None, None)
        else:
            self._reject(doc, failures)

    def _reject(self, doc: Doc, errors: list[dict[str, Any]]) -> None:
        doc.update({"status": "twilio-rejected", "valid_until": None, "errors": errors})

    def _set_bundle_status(self, doc: Doc, status: str, reason: str | None, code: int | None,
                           fields: list[str] | None) -> None:
        doc["status"] = status
        if status == "twilio-approved":
            doc["valid_until"] = self.now + 365 * 24 * 3600
            doc["errors"] = None
        elif status == "twilio-rejected":
            self._reject(doc, [{"code": int(code or ErrorCode.BUNDLE_REJECTED),
                                "message": reason or "Bundle rejected by review"}])


BUNDLE_REVIEW = Review(
    family="bundle", kinds=tuple(BUNDLE_KINDS), statuses=BUNDLE_STATUSES,
    outcomes={"approved": "twilio-approved", "failed": "twilio-rejected", "rejected": "twilio-rejected"},
    status_field="status", in_review="in-review", targets=TrustHubModel._bundle_targets,
    conclude=TrustHubModel._conclude_bundle_review, set_status=TrustHubModel._set_bundle_status,
    screen=TrustHubModel._screen_bundle)


def _check_email(email: str) -> None:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise InvalidParameter("Email", "must be an email address")


def _check_attributes(kind: str, type_: str, attributes: dict[str, Any]) -> None:
    """D44: a type some policy names, and only that type's attributes (values are judged by evaluations)."""
    types = END_USER_TYPES if kind == "end_user" else DOCUMENT_TYPES
    if type_ not in types:
        raise InvalidParameter("Type", f"must be one of {', '.join(types)}")
    unknown = sorted(set(attributes) - set(types[type_]))
    if unknown:
        raise InvalidParameter("Attributes", f"{', '.join(unknown)} not attributes of {type_} "
                                             f"(allowed: {', '.join(types[type_])})")
