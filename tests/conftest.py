"""Shared fixtures. `emulator` is a fresh Twilio emulator process per test (start-up is well under a second)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from twilio_emulator.testing import RunningEmulator, run_emulator


@pytest.fixture
def emulator_factory() -> Iterator[Callable[..., RunningEmulator]]:
    """Start emulators with custom options (`run_emulator` keywords); all are stopped after the test."""
    with ExitStack() as stack:
        def start(**options: Any) -> RunningEmulator:
            return stack.enter_context(run_emulator(**options))
        yield start


@pytest.fixture
def emulator(emulator_factory: Callable[..., RunningEmulator]) -> RunningEmulator:
    """A fresh in-memory emulator; reviews pass at once (review delay 0) on the next request."""
    return emulator_factory(review_delay=0)
