"""SQLite persistence for the emulator: one table of JSON documents, one transaction per request.

The models own every rule; this module only guarantees that a unit of work is atomic (BEGIN IMMEDIATE ... COMMIT,
ROLLBACK on any exception) and serialised (one connection behind a lock), so concurrent requests cannot interleave
and a failing request leaves nothing behind.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS resources (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    sid TEXT NOT NULL,
    parent_sid TEXT NOT NULL DEFAULT '',
    account_sid TEXT NOT NULL,
    review_due REAL,
    body TEXT NOT NULL,
    UNIQUE (kind, parent_sid, sid)
);
CREATE INDEX IF NOT EXISTS resources_by_account ON resources (kind, account_sid, parent_sid);
CREATE INDEX IF NOT EXISTS resources_by_review ON resources (review_due) WHERE review_due IS NOT NULL;
"""

Doc = dict[str, Any]


class Tx:
    """Document operations inside one open transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def insert(self, kind: str, sid: str, account_sid: str, body: Doc, *, parent_sid: str = "",
               review_due: float | None = None) -> None:
        self._conn.execute(
            "INSERT INTO resources (kind, sid, parent_sid, account_sid, review_due, body) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, sid, parent_sid, account_sid, review_due, json.dumps(body)),
        )

    def get(self, kind: str, sid: str, *, parent_sid: str = "") -> Doc | None:
        row = self._conn.execute(
            "SELECT body FROM resources WHERE kind = ? AND parent_sid = ? AND sid = ?", (kind, parent_sid, sid)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def find(self, kind: str, sid: str) -> list[tuple[str, Doc]]:
        """Every document of `kind` with this sid, under any parent (sub-resources share SIDs, e.g. PN)."""
        rows = self._conn.execute(
            "SELECT parent_sid, body FROM resources WHERE kind = ? AND sid = ? ORDER BY seq", (kind, sid)
        ).fetchall()
        return [(parent, json.loads(body)) for parent, body in rows]

    def update(self, kind: str, sid: str, body: Doc, *, parent_sid: str = "", review_due: float | None = None,
               keep_review: bool = False) -> None:
        if keep_review:
            self._conn.execute(
                "UPDATE resources SET body = ? WHERE kind = ? AND parent_sid = ? AND sid = ?",
                (json.dumps(body), kind, parent_sid, sid),
            )
        else:
            self._conn.execute(
                "UPDATE resources SET body = ?, review_due = ? WHERE kind = ? AND parent_sid = ? AND sid = ?",
                (json.dumps(body), review_due, kind, parent_sid, sid),
            )

    def delete(self, kind: str, sid: str, *, parent_sid: str = "") -> bool:
        cur = self._conn.execute(
            "DELETE FROM resources WHERE kind = ? AND parent_sid = ? AND sid = ?", (kind, parent_sid, sid)
        )
        return cur.rowcount > 0

    def delete_children(self, kind: str, parent_sid: str) -> None:
        self._conn.execute("DELETE FROM resources WHERE kind = ? AND parent_sid = ?", (kind, parent_sid))

    def list(self, kind: str, *, account_sid: str | None = None, parent_sid: str | None = None) -> list[Doc]:
        sql = "SELECT body FROM resources WHERE kind = ?"
        args: list[Any] = [kind]
        if account_sid is not None:
            sql += " AND account_sid = ?"
            args.append(account_sid)
        if parent_sid is not None:
            sql += " AND parent_sid = ?"
            args.append(parent_sid)
        return [json.loads(r[0]) for r in self._conn.execute(sql + " ORDER BY seq", args).fetchall()]

    def due_reviews(self, now: float) -> list[tuple[str, str, str, Doc]]:
        rows = self._conn.execute(
            "SELECT kind, parent_sid, sid, body FROM resources WHERE review_due IS NOT NULL AND review_due <= ? "
            "ORDER BY review_due, seq",
            (now,),
        ).fetchall()
        return [(k, p, s, json.loads(b)) for k, p, s, b in rows]

    def clear(self) -> None:
        self._conn.execute("DELETE FROM resources")


class Store:
    """One SQLite connection (file or in-memory) shared by all requests behind a lock."""

    def __init__(self, path: str | None = None) -> None:
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None)
        if path:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._conn.close()
