"""Library table with N repos: our Python sort/filter view vs QSortFilterProxyModel.

Run: ``python tests/benchmarks/bench_library_model.py [N]`` (default 100,000). The anchor
is Qt's QSortFilterProxyModel (sort by SortRole, regex filter) over the same source model,
measured in the same run; the ratio column is anchor time / our time.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRegularExpression, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication

import hfmanager.ui  # noqa: F401  (PySide6 workaround first)
from hfmanager.core.inventory.model import Repo, RepoType
from hfmanager.ui.models.repos_model import FILTER_SEP, ReposModel, ReposProxy
from hfmanager.ui.models.roles import FilterRole, SortRole


def _repo(i: int) -> Repo:
    types = (RepoType.MODEL, RepoType.DATASET, RepoType.SPACE)
    return Repo(types[i % 3], f"org{i % 97}/repo-{i}", f"/cache/r{i}", (i * 7919) << 20, 1,
                float(i), float(i), ())


def _timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main(n: int) -> None:
    app = QApplication.instance() or QApplication([])
    repos = [_repo(i) for i in range(n)]
    ours_src, anchor_src = ReposModel(), ReposModel()
    ours = ReposProxy()
    ours.setSourceModel(ours_src)
    anchor = QSortFilterProxyModel()
    anchor.setSortRole(SortRole)
    anchor.setFilterRole(FilterRole)
    anchor.setSourceModel(anchor_src)
    rx = QRegularExpression(f"^(?:model|dataset|space){FILTER_SEP}(?=.*repo-99)",
                            QRegularExpression.PatternOption.CaseInsensitiveOption)
    rows = [
        ("load rows", lambda: ours_src.set_items(repos), lambda: anchor_src.set_items(repos)),
        ("sort by size", lambda: ours.sort(2, Qt.SortOrder.DescendingOrder),
         lambda: anchor.sort(2, Qt.SortOrder.DescendingOrder)),
        ("search 'repo-99'", lambda: ours.set_search("repo-99"),
         lambda: anchor.setFilterRegularExpression(rx)),
        ("clear search", lambda: ours.set_search(""),
         lambda: anchor.setFilterRegularExpression("")),
    ]
    print(f"{n:,} repos (lower is better)")
    print(f"{'step':<18}{'QSortFilterProxy':>18}{'ours':>10}{'ratio':>8}")
    for name, ours_fn, anchor_fn in rows:
        a = _timed(anchor_fn)
        o = _timed(ours_fn)
        print(f"{name:<18}{a:>16.3f} s{o:>8.3f} s{a / o:>7.1f}x")
    assert ours.rowCount() == anchor.rowCount() == n
    app.processEvents()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
