"""Trust Hub bundles: customer profiles (`/v1/CustomerProfiles`) and trust products (`/v1/TrustProducts`).

An A2P brand names one approved bundle of each kind. Both kinds share one shape and one lifecycle: `draft`,
submitted as `pending-review`, then `in-review` and `twilio-approved` or `twilio-rejected`
(https://www.twilio.com/docs/trust-hub/trusthub-rest-api/customer-profiles). Bundle contents (end users,
supporting documents) are not modelled yet; policy SIDs are accepted as given.
"""

from __future__ import annotations

import re
from typing import Any

from twilio_contract import ErrorCode

from ..exceptions import BundleNotEditable, InvalidParameter, NotFound
from ..store import Doc
from .base import new_sid, public
from .reviews import Review, ReviewsModel, Target

BUNDLE_STATUSES = ("draft", "pending-review", "in-review", "twilio-rejected", "twilio-approved")
#: Store kind -> the key of the same bundles in an `--fixtures` file.
BUNDLE_KINDS = {"customer_profile": "customer_profiles", "trust_product": "trust_products"}


class TrustHubModel(ReviewsModel):
    def _bundle_path(self, kind: str, sid: str) -> str:
        return ("/CustomerProfiles/" if kind == "customer_profile" else "/TrustProducts/") + sid

    def _get_bundle(self, kind: str, account_sid: str, sid: str) -> Doc:
        doc = self.tx.get(kind, sid)
        if doc is None or doc["account_sid"] != account_sid:
            raise NotFound(self._bundle_path(kind, sid))
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
        doc = self._get_bundle(kind, account_sid, sid)
        if doc["status"] in ("pending-review", "in-review", "twilio-approved"):
            raise BundleNotEditable(sid, doc["status"])
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
        self._get_bundle(kind, account_sid, sid)
        self.tx.delete(kind, sid)

    # ------------------------------------------------------------------------------------------ review
    def _bundle_targets(self, sid: str) -> list[Target] | None:
        if not sid.startswith("BU"):
            return None
        return [(k, "", d) for k in BUNDLE_KINDS for _, d in self.tx.find(k, sid)]

    def _conclude_bundle_review(self, doc: Doc) -> None:
        self._set_bundle_status(doc, "twilio-approved", None, None, None)

    def _set_bundle_status(self, doc: Doc, status: str, reason: str | None, code: int | None,
                           fields: list[str] | None) -> None:
        doc["status"] = status
        if status == "twilio-approved":
            doc["valid_until"] = self.now + 365 * 24 * 3600
            doc["errors"] = None
        elif status == "twilio-rejected":
            doc["valid_until"] = None
            doc["errors"] = [{"code": int(code or ErrorCode.BUNDLE_REJECTED),
                              "message": reason or "Bundle rejected by review"}]


BUNDLE_REVIEW = Review(
    family="bundle", kinds=tuple(BUNDLE_KINDS), statuses=BUNDLE_STATUSES,
    outcomes={"approved": "twilio-approved", "failed": "twilio-rejected", "rejected": "twilio-rejected"},
    status_field="status", in_review="in-review", targets=TrustHubModel._bundle_targets,
    conclude=TrustHubModel._conclude_bundle_review, set_status=TrustHubModel._set_bundle_status)


def _check_email(email: str) -> None:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise InvalidParameter("Email", "must be an email address")
