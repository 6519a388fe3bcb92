"""The review lifecycle that A2P brands, A2P campaigns and Trust Hub bundles share (D25, D26).

Twilio reviews these resources for hours or days after they are submitted. The emulator starts a review on
submission, lets it come due `Settings.review_delay` seconds later (with an in-review step at half time where
Twilio shows one), and applies the outcome lazily at the start of the next request, so no background thread
changes state. `/_emulator/reviews/{sid}` forces an outcome instead.

Each reviewed family describes itself with a `Review`, kept next to its model; `Session.reviews` lists them. A
product that adds a reviewed resource (e.g. Trust Hub evaluations) adds its `Review` there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..exceptions import InvalidParameter, ReviewTargetNotFound
from ..store import Doc
from .base import SessionBase, public

#: A reviewed document and where it is stored: (kind, parent_sid, doc).
Target = tuple[str, str, Doc]


@dataclass(frozen=True)
class Review:
    """How one family of resources is reviewed.

    The callables are methods of the owning model, called with the session first: `targets(sid)` lists what a
    control-API SID names (None when the SID is not this family's), `conclude(doc)` applies the outcome of a
    review that has come due, `set_status(doc, status, reason, error_code, fields)` applies a forced one.
    """

    family: str  # "brand", "campaign", "bundle"
    kinds: tuple[str, ...]  # store kinds reviewed this way
    statuses: tuple[str, ...]  # every status the API's enum allows
    outcomes: Mapping[str, str]  # generic words accepted by /_emulator/reviews -> this family's status
    status_field: str
    in_review: str | None  # the status at half time; None: the review goes straight to its outcome
    targets: Callable[[Any, str], list[Target] | None]
    conclude: Callable[[Any, Doc], None]
    set_status: Callable[[Any, Doc, str, str | None, int | None, list[str] | None], None]
    #: called when the review reaches its in-review step; True when it ended the review there (a Trust Hub bundle
    #: that fails its evaluation is rejected without going in review, D50)
    screen: Callable[[Any, Doc], bool] | None = None


class ReviewsModel(SessionBase):
    reviews: tuple[Review, ...] = ()

    def _review_of(self, kind: str) -> Review:
        return next(r for r in self.reviews if kind in r.kinds)

    def _schedule_review(self, kind: str, parent_sid: str, doc: Doc) -> None:
        """Start a review: with a delay it finishes after `review_delay` s (an in-review step at half time)."""
        delay = self.settings.review_delay
        due = None
        if delay is not None:
            doc["_review_final_at"] = self.precise_now + delay
            in_steps = self._review_of(kind).in_review is not None
            due = self.precise_now + delay / 2 if in_steps else doc["_review_final_at"]
        else:
            doc.pop("_review_final_at", None)
        self.tx.update(kind, doc["sid"], doc, parent_sid=parent_sid, review_due=due)

    def apply_due_reviews(self) -> None:
        for _ in range(4):  # an intermediate step and the final one can both be due; bounded
            due = self.tx.due_reviews(self.precise_now)
            if not due:
                return
            for kind, parent, _sid, doc in due:
                self._advance_review(kind, parent, doc)

    def _advance_review(self, kind: str, parent: str, doc: Doc) -> None:
        review = self._review_of(kind)
        if doc["_review_final_at"] > self.precise_now and review.in_review is not None:
            if review.screen is not None and review.screen(self, doc):
                doc["date_updated"] = self.now
                self.tx.update(kind, doc["sid"], doc, parent_sid=parent, review_due=None)
                return
            doc[review.status_field] = review.in_review
            self.tx.update(kind, doc["sid"], doc, parent_sid=parent, review_due=doc["_review_final_at"])
            return
        review.conclude(self, doc)
        doc["date_updated"] = self.now
        self.tx.update(kind, doc["sid"], doc, parent_sid=parent, review_due=None)

    def set_review(self, sid: str, status: str, reason: str | None, error_code: int | None,
                   fields: list[str] | None) -> Doc:
        """`/_emulator/reviews/{sid}`: force the review outcome of a brand (BN), campaign (QE) or bundle (BU)."""
        targets = next((found for r in self.reviews if (found := r.targets(self, sid)) is not None), [])
        if not targets:
            raise ReviewTargetNotFound(sid)
        kind, parent, doc = targets[0]
        review = self._review_of(kind)
        resolved = review.outcomes.get(status.lower(), status)
        if resolved not in review.statuses:
            raise InvalidParameter("status", f"must be approved, failed or one of {', '.join(review.statuses)}")
        review.set_status(self, doc, resolved, reason, error_code, fields)
        doc["date_updated"] = self.now
        doc.pop("_review_final_at", None)
        self.tx.update(kind, doc["sid"], doc, parent_sid=parent, review_due=None)
        return {"kind": kind, **public(doc)}
