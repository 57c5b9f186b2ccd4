"""Load-test history in the shared SQLite store, keyed by (repo, revision, device, dtype).

Beside the estimate (its JSON column) a run keeps the loading options it used and the
figures measured against the estimate (weights, KV cache, peak): no schema change, so
history files of earlier versions open and read as they are."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from hfmanager.core.store import Store, register_schema

SCHEMA = "loadtest"
register_schema(SCHEMA, """
CREATE TABLE IF NOT EXISTS load_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    repo TEXT NOT NULL,
    revision TEXT NOT NULL,
    device TEXT NOT NULL,
    dtype TEXT NOT NULL,
    finished_at REAL NOT NULL,
    ok INTEGER NOT NULL,
    python TEXT NOT NULL DEFAULT '',
    estimate TEXT NOT NULL DEFAULT '{}',
    outcome TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS load_history_key
    ON load_history (repo, revision, device, dtype, finished_at);
""")


@dataclass(frozen=True)
class HistoryEntry:
    """One finished run: the estimate shown before it and the result or error after it."""

    id: int
    repo: str
    revision: str
    device: str
    dtype: str
    finished_at: float
    ok: bool
    python: str
    estimate: dict[str, Any]
    outcome: dict[str, Any]  # the worker's result, or {"kind", "message"} on failure

    @property
    def options(self) -> dict[str, Any]:
        """The loading options the run used ({} for a run recorded before they were)."""
        value = self.estimate.get("options")
        return value if isinstance(value, dict) else {}

    @property
    def figures(self) -> dict[str, Any]:
        """Estimate beside measurement per figure (``figures.to_json``; {} when absent)."""
        value = self.estimate.get("figures")
        return value if isinstance(value, dict) else {}


class LoadHistory:
    """Reads and writes ``load_history``; a thin layer so the UI and CLI share one shape."""

    def __init__(self, store: Store) -> None:
        self.store = store
        store.ensure_schema(SCHEMA)

    def add(self, repo: str, revision: str, device: str, dtype: str, *, ok: bool,
            outcome: dict[str, Any], estimate: dict[str, Any] | None = None,
            python: str = "", finished_at: float | None = None,
            options: dict[str, Any] | None = None, figures: dict[str, Any] | None = None
            ) -> int:
        """Record a run. ``options`` and ``figures`` are kept beside the estimate (its JSON
        column), so files written before they existed read as they are."""
        record = dict(estimate or {})
        if options is not None:
            record["options"] = options
        if figures is not None:
            record["figures"] = figures
        with self.store.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO load_history (repo, revision, device, dtype, finished_at, ok,"
                " python, estimate, outcome) VALUES (?,?,?,?,?,?,?,?,?)",
                (repo, revision, device, dtype, finished_at or time.time(), int(ok), python,
                 json.dumps(record, default=str), json.dumps(outcome, default=str)))
            return int(cur.lastrowid or 0)

    def entries(self, repo: str | None = None, revision: str | None = None,
                limit: int = 100) -> list[HistoryEntry]:
        """Newest first; all repos when ``repo`` is None."""
        sql = "SELECT * FROM load_history"
        args: list[Any] = []
        where = []
        if repo is not None:
            where.append("repo = ?")
            args.append(repo)
        if revision is not None:
            where.append("revision = ?")
            args.append(revision)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY finished_at DESC, id DESC LIMIT ?"
        args.append(limit)
        return [self._entry(row) for row in self.store.connection().execute(sql, args)]

    def latest(self, repo: str, revision: str, device: str, dtype: str) -> HistoryEntry | None:
        row = self.store.connection().execute(
            "SELECT * FROM load_history WHERE repo=? AND revision=? AND device=? AND dtype=?"
            " ORDER BY finished_at DESC, id DESC LIMIT 1",
            (repo, revision, device, dtype)).fetchone()
        return self._entry(row) if row is not None else None

    @staticmethod
    def _entry(row: Any) -> HistoryEntry:
        return HistoryEntry(int(row["id"]), row["repo"], row["revision"], row["device"],
                            row["dtype"], float(row["finished_at"]), bool(row["ok"]),
                            row["python"], json.loads(row["estimate"]),
                            json.loads(row["outcome"]))
