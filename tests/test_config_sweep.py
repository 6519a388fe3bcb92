"""The malformed-config sweep (bench/config_sweep.py), every case in-process: what the program runs before it
declares anything must refuse each one, naming the key and the rule, without a traceback or a Twilio write. The
same cases go through the real CLI in the script (and a few in tests/e2e/test_reliability.py)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bench.config_sweep import cases, run_in_process
from bench.run import write_fixtures
from twilio_emulator.testing import RunningEmulator

CASES = cases()


def test_the_sweep_has_at_least_200_cases_covering_every_section_and_setting() -> None:
    assert len(CASES) >= 200
    keys = {case.key.partition("[")[0] for case in CASES}
    assert {"flex-a2p:messagingService.validityPeriod", "flex-a2p:brand.brandType", "flex-a2p:campaign.messageSamples",
            "flex-a2p:phoneNumbers", "twilio:maxRetries", "twilio:apibaseurl", "flex-a2p:campaigns"} <= keys


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixtures(tmp_path_factory.mktemp("sweep") / "fixtures.json", ["+14155550100", "+14155550101"])


def test_every_case_is_refused_before_anything_is_declared(
    emulator_factory: Callable[..., RunningEmulator], fixtures: Path, tmp_path: Path
) -> None:
    shared = emulator_factory(review_delay=0, extra_args=("--fixtures", str(fixtures)))
    failures: list[str] = []
    writes = 0
    for case in CASES:
        emulator = shared if case.setup is None else emulator_factory(review_delay=0,
                                                                      extra_args=("--fixtures", str(fixtures)))
        outcome = run_in_process(case, emulator, tmp_path)
        if not outcome.ok():
            failures.append(f"{case.name}: {outcome}")
        if emulator is not shared:
            writes += sum(1 for r in emulator.requests() if r["method"] in ("POST", "DELETE"))
            emulator.stop()
    writes += sum(1 for r in shared.requests() if r["method"] in ("POST", "DELETE"))
    assert failures == []
    assert writes == 0

