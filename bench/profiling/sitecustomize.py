"""Opt-in profiler for the dynamic-provider plugin process (`python -m pulumi.dynamic`), used by bench/run.py.

The engine starts the plugin itself, so there is no command line to wrap. Putting this directory on PYTHONPATH
makes every Python process import this module at start-up; it does nothing unless FLEX_A2P_BENCH_PROFILE names
an output directory *and* the process is the plugin. Then every gRPC call the plugin serves (Configure, Check,
Diff, Create, ...) runs under its own pyinstrument profiler (pyinstrument samples one thread, and the plugin serves
calls on four worker threads); at exit the calls' sessions are merged into one tree in `plugin.pyisession`, and
each call's name, start and duration go to `plugin-rpcs.json`. No production code is touched.
"""
from __future__ import annotations

import os
import sys

_OUT = os.environ.get("FLEX_A2P_BENCH_PROFILE")
_ARGV = getattr(sys, "orig_argv", [])


def _is_plugin() -> bool:
    return any(a == "-m" and b == "pulumi.dynamic" for a, b in zip(_ARGV, _ARGV[1:]))


def _install(out_dir: str) -> None:
    import atexit
    import json
    import threading
    import time
    from concurrent.futures import thread as futures_thread

    from pyinstrument import Profiler
    from pyinstrument.session import Session

    lock = threading.Lock()
    sessions: list[Session] = []
    rpcs: list[dict[str, object]] = []
    original_run = futures_thread._WorkItem.run

    def rpc_name(item: object) -> str:
        for arg in getattr(item, "args", ()):
            details = getattr(arg, "call_details", None)
            if details is not None:
                method = details.method
                return (method.decode() if isinstance(method, bytes) else str(method)).rsplit("/", 1)[-1]
        return "other"

    def run(self: object) -> None:
        name = rpc_name(self)
        profiler = Profiler(interval=0.001, async_mode="disabled")
        start = time.time()
        profiler.start()
        try:
            original_run(self)
        finally:
            session = profiler.stop()
            with lock:
                sessions.append(session)
                rpcs.append({"rpc": name, "start": start, "seconds": time.time() - start,
                             "thread": threading.current_thread().name})

    def dump() -> None:
        with lock:
            if not sessions:
                return
            first = min(sessions, key=lambda s: s.start_time)
            # one tree for the four worker threads: their stacks start with "name\x00<thread>\x00ident"
            workers = "plugin worker threads\x00<thread>\x000"
            records = [([workers if "\x00<thread>\x00" in stack[0] else stack[0], *stack[1:]], t) if stack
                       else (stack, t) for s in sessions for stack, t in s.frame_records]
            merged = Session(
                frame_records=records,
                start_time=first.start_time,
                min_interval=min(s.min_interval for s in sessions),
                max_interval=max(s.max_interval for s in sessions),
                duration=sum(s.duration for s in sessions),
                sample_count=sum(s.sample_count for s in sessions),
                start_call_stack=first.start_call_stack,
                target_description=f"pulumi.dynamic plugin, {len(sessions)} gRPC calls",
                cpu_time=sum(s.cpu_time or 0 for s in sessions),
                sys_path=first.sys_path,
                sys_prefixes=first.sys_prefixes,
            )
            os.makedirs(out_dir, exist_ok=True)
            merged.save(os.path.join(out_dir, "plugin.pyisession"))
            with open(os.path.join(out_dir, "plugin-rpcs.json"), "w", encoding="utf-8") as f:
                json.dump(rpcs, f)

    futures_thread._WorkItem.run = run  # type: ignore[method-assign]
    atexit.register(dump)  # the engine stops the plugin with SIGINT: the plugin returns from main() and exits


if _OUT and _is_plugin():
    _install(_OUT)
