"""The scheduler's two limits, and the results file's resume rules."""
from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

from fleet.registry import parse
from fleet.results import ResultsFile
from fleet.runner import Outcome
from fleet.schedule import AccountScheduler

from .test_registry import SUB_A, SUB_B, registry, tenant


def test_never_two_jobs_of_one_account_and_never_more_than_the_limit() -> None:
    jobs = [(account, n) for account in "abcde" for n in range(4)]  # 5 accounts, 4 jobs each
    running: Counter[str] = Counter()
    lock = threading.Lock()
    peak = {"total": 0, "per_account": 0}

    def work(job: tuple[str, int]) -> str:
        with lock:
            running[job[0]] += 1
            peak["total"] = max(peak["total"], sum(running.values()))
            peak["per_account"] = max(peak["per_account"], running[job[0]])
        time.sleep(0.02)
        with lock:
            running[job[0]] -= 1
        return f"{job[0]}{job[1]}"

    results = AccountScheduler(3, lambda job: job[0]).run(jobs, work)
    assert results == [f"{a}{n}" for a, n in jobs]  # every job ran, results in the jobs' order
    assert peak == {"total": 3, "per_account": 1}


def test_a_busy_account_does_not_hold_a_place() -> None:
    """Four jobs of one account and one of another, two places: the other account's job runs at once."""
    started: dict[str, float] = {}
    begin = time.monotonic()

    def work(job: str) -> None:
        started[job] = time.monotonic() - begin
        time.sleep(0.1)

    AccountScheduler(2, lambda job: job[0]).run(["a1", "a2", "a3", "a4", "b1"], work)
    assert started["b1"] < 0.05


def outcome(target, result: str) -> Outcome:  # type: ignore[no-untyped-def]
    return Outcome(target.tenant, target.environment, target.stack, target.account_sid, "up", result,
                   target.fingerprint())


def test_a_rerun_resumes_failures_and_changed_tenants_then_runs_everything_again(tmp_path: Path) -> None:
    doc = registry(acme=tenant(SUB_A), globex=tenant(SUB_B), initech=tenant("AC" + "c" * 32))
    acme, globex, initech = parse(doc).targets
    results = ResultsFile(tmp_path / ".fleet" / "fleet.results.json")
    assert results.plan("up", [acme, globex, initech]).run == [acme, globex, initech]

    results.start("up", [acme, globex, initech])  # interrupted after two: initech never ran
    results.record(outcome(acme, "succeeded"))
    results.record(outcome(globex, "failed"))
    reread = ResultsFile(results.path)
    plan = reread.plan("up", [acme, globex, initech])
    assert plan.resumed and plan.run == [globex, initech]
    assert [row["stack"] for row in plan.carried] == ["acme-prod"]

    doc["tenants"]["acme"]["config"]["flex-a2p:phoneNumbers"] = ["+14155550199"]  # an edited tenant reruns
    acme_edited = parse(doc).targets[0]
    assert reread.plan("up", [acme_edited, globex, initech]).run == [acme_edited, globex, initech]
    assert reread.plan("up", [acme, globex, initech], run_all=True).run == [acme, globex, initech]
    assert reread.plan("preview", [acme, globex, initech]).run == [acme, globex, initech]  # per operation

    for target in (globex, initech):
        reread.record(outcome(target, "succeeded"))
    assert ResultsFile(results.path).plan("up", [acme, globex, initech]) .run == [acme, globex, initech]
