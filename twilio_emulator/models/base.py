"""What every product model builds on: the unit of work, the emulator's settings and the document helpers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from ..exceptions import NotFound
from ..store import Doc, Tx


@dataclass
class Settings:
    """Limits and timings that Twilio fixes but tests want to change."""

    review_delay: float | None = 3.0  # seconds; None = manual (reviews wait for /_emulator/reviews)
    number_pool_limit: int = 400  # senders per Messaging Service (SenderPoolFull beyond)
    brand_update_limit: int = 3  # resubmissions per brand (BrandUpdateLimitReached beyond)


class SessionBase:
    """One transaction and the request's clock. Product models are mixins over this, composed by `Session`.

    `now` (whole seconds) stamps documents, as Twilio's dates have no fraction; `precise_now` times reviews.
    """

    def __init__(self, tx: Tx, settings: Settings, now: int, precise_now: float) -> None:
        self.tx = tx
        self.settings = settings
        self.now = now
        self.precise_now = precise_now

    def owned(self, kind: str, account_sid: str, sid: str, path: str) -> Doc:
        """The document `sid` of `kind` if `account_sid` owns it; otherwise Twilio's 404 for `path`."""
        doc = self.tx.get(kind, sid)
        if doc is None or doc["account_sid"] != account_sid:
            raise NotFound(path)
        return doc


def new_sid(prefix: str) -> str:
    """A SID of Twilio's shape: the resource's two letters and 32 hex digits."""
    return prefix + uuid.uuid4().hex


def public(doc: Doc) -> Doc:
    """The document without its internal bookkeeping (keys starting with `_`)."""
    return {k: v for k, v in doc.items() if not k.startswith("_")}
