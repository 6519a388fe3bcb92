"""`Session`, the modelled Twilio operations of one request, and `Backend`, which owns the store between requests."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..store import Store
from .a2p import BRAND_REVIEW, CAMPAIGN_REVIEW, A2PModel
from .accounts import AccountsModel
from .addresses import AddressesModel
from .applications import ApplicationsModel
from .base import Settings
from .conversations import ConversationsModel
from .flex import FlexModel
from .phone_numbers import PhoneNumbersModel
from .proxy import ProxyModel
from .studio import StudioModel
from .trusthub import BUNDLE_REVIEW, TrustHubModel


class Session(AccountsModel, PhoneNumbersModel, ApplicationsModel, AddressesModel, A2PModel, TrustHubModel,
              ConversationsModel, FlexModel, StudioModel, ProxyModel):
    """Every product's operations inside one transaction (`A2PModel` brings the Messaging Services it builds on)."""

    reviews = (BRAND_REVIEW, CAMPAIGN_REVIEW, BUNDLE_REVIEW)

    def seed_account(self, account_sid: str, fixtures: dict[str, Any]) -> None:
        """Objects a real account owns before any stack runs (D35): bought numbers, Trust Hub bundles approved
        in the Console, and how Flex receives the numbers' messages (Studio flows, Conversations addresses, or the
        legacy Flex Flows and Proxy service). Objects already present are left as they are."""
        self.seed_phone_numbers(account_sid, fixtures.get("incoming_phone_numbers", []))
        self.seed_bundles(account_sid, fixtures)
        self.seed_studio(account_sid, fixtures)
        self.seed_conversations(account_sid, fixtures)
        self.seed_flex(account_sid, fixtures)
        self.seed_proxy(account_sid, fixtures)


class Backend:
    """Long-lived owner of the store and settings; hands out one `Session` per unit of work."""

    def __init__(self, store: Store, settings: Settings, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.store.transaction() as tx:
            yield Session(tx, self.settings, int(self.clock()), self.clock())

    def bootstrap(self, account_sid: str, auth_token: str, api_keys: list[tuple[str, str]]) -> None:
        """Make the command-line account (and API keys) valid; state from an earlier run is kept."""
        with self.session() as s:
            s.ensure_account(account_sid, auth_token)
            for key_sid, key_secret in api_keys:
                s.ensure_key(account_sid, key_sid, key_secret)

    def seed(self, account_sid: str, fixtures: dict[str, Any]) -> None:
        """Give the account what a real one would already own (see `Session.seed_account`); idempotent."""
        with self.session() as s:
            s.seed_account(account_sid, fixtures)

    def tick(self) -> None:
        """Apply review outcomes that have come due (reviews advance lazily, on the next request)."""
        with self.session() as s:
            s.apply_due_reviews()

    def reset(self, account_sid: str, auth_token: str, api_keys: list[tuple[str, str]]) -> None:
        with self.store.transaction() as tx:
            tx.clear()
        self.bootstrap(account_sid, auth_token, api_keys)
