"""Runs jobs on a bounded number of threads, never two jobs of the same Twilio account at once.

Why a scheduler rather than a plain thread pool with a lock per account: a worker that picked a job whose account is
busy would sit blocked on the lock, holding one of the few parallel places while other accounts' jobs wait. Here a
worker only ever takes a job whose account is free, so the global limit is always spent on work that can run.
Twilio's rate limits and a brand's or campaign's lifecycle are per account, and two stacks of one subaccount (a
tenant's dev and prod) must not race on the same objects, so an account is the unit of exclusion.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")


class AccountScheduler(Generic[J, R]):
    """Runs ``work(job)`` for every job, at most ``parallel`` at a time and one per ``account(job)``."""

    def __init__(self, parallel: int, account: Callable[[J], str]) -> None:
        if parallel < 1:
            raise ValueError("parallel must be at least 1")
        self.parallel = parallel
        self.account = account
        self._cond = threading.Condition()
        self._busy: set[str] = set()
        self._pending: list[J] = []
        self._stopping = False

    def run(self, jobs: Sequence[J], work: Callable[[J], R]) -> list[R | None]:
        """The results in the order of ``jobs``; a job not started because of :meth:`stop` has ``None``."""
        self._pending = list(jobs)
        index = {id(job): i for i, job in enumerate(jobs)}
        results: list[R | None] = [None] * len(jobs)
        errors: list[BaseException] = []

        def worker() -> None:
            while (job := self._take()) is not None:
                try:
                    results[index[id(job)]] = work(job)
                except BaseException as error:  # noqa: BLE001 - reraised in the caller's thread
                    errors.append(error)
                    self.stop()
                finally:
                    with self._cond:
                        self._busy.discard(self.account(job))
                        self._cond.notify_all()

        threads = [threading.Thread(target=worker, name=f"fleet-{n}", daemon=True)
                   for n in range(min(self.parallel, len(jobs)))]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                while thread.is_alive():
                    thread.join(0.2)  # joining in slices keeps Ctrl-C deliverable to the main thread
        except KeyboardInterrupt:
            self.stop()
            raise
        if errors:
            raise errors[0]
        return results

    def stop(self) -> None:
        """Start no more jobs; those running finish."""
        with self._cond:
            self._stopping = True
            self._pending.clear()
            self._cond.notify_all()

    def _take(self) -> J | None:
        with self._cond:
            while True:
                if self._stopping or not self._pending:
                    return None
                for i, job in enumerate(self._pending):
                    account = self.account(job)
                    if account not in self._busy:
                        self._busy.add(account)
                        return self._pending.pop(i)
                self._cond.wait()
