"""The providers' warnings and progress lines, as the CLI receives them from the plugin process's stderr."""

from __future__ import annotations

import io
import threading

import pytest

from components.provider_base import progress, warn


class RecordingStderr(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


def test_each_line_is_one_write_so_threads_cannot_run_lines_together(monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = RecordingStderr()
    monkeypatch.setattr("sys.stderr", stderr)
    threads = [threading.Thread(target=warn if i % 2 else progress, args=(f"line {i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(stderr.writes) == sorted([f"warning: line {i}\n" for i in range(1, 8, 2)]
                                           + [f"info: line {i}\n" for i in range(0, 8, 2)])
