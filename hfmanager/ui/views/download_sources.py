"""The Downloads page's files list with where each file comes from: the endpoint asked
(the one that served it, once it is in) and, when a mirror missed it, why it moved on
(a short reason in the list, every miss in full in the tooltip, in the window's
language). A running job's files come from the queue's live snapshot; a finished job's
fallbacks from the store (core/downloads/sourcestore), read once per job and state."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from hfmanager.core import errors
from hfmanager.core.downloads import sourcestore
from hfmanager.core.downloads.fallback import LISTING, FileSource, Miss
from hfmanager.core.downloads.persist import JobState
from hfmanager.core.downloads.queue import JobView
from hfmanager.core.store import Store
from hfmanager.ui.fmt import human_size
from hfmanager.ui.messages import error_text

CONTEXT = "DownloadSources"
_R = errors.Reason
# QT_TRANSLATE_NOOP by its own name marks them for lupdate: an alias of it is not seen
# either (the words stayed English in the Chinese window).
_LABELS: tuple[tuple[frozenset[_R], str], ...] = (
    (frozenset({_R.ENTRY_NOT_FOUND, _R.REPO_NOT_FOUND, _R.REVISION_NOT_FOUND}),
     QT_TRANSLATE_NOOP("DownloadSources", "not found there")),
    (frozenset({_R.ACCESS_DENIED, _R.GATED}),
     QT_TRANSLATE_NOOP("DownloadSources", "access denied there")),
    (frozenset({_R.SERVER_STATUS, _R.GAVE_UP, _R.KEEPS_RESTARTING, _R.UNREACHABLE,
                _R.ENDED_EARLY}), QT_TRANSLATE_NOOP("DownloadSources", "server errors")),
    (frozenset({_R.STALLED}), QT_TRANSLATE_NOOP("DownloadSources", "stalled")),
    (frozenset({_R.INTEGRITY}), QT_TRANSLATE_NOOP("DownloadSources", "wrong content (hash)")),
    (frozenset({_R.SIZE_ANNOUNCED, _R.LENGTH_RANGE}),
     QT_TRANSLATE_NOOP("DownloadSources", "wrong size")),
)
_STORAGE = QT_TRANSLATE_NOOP("DownloadSources", "sent to Xet storage")
_FAILED = QT_TRANSLATE_NOOP("DownloadSources", "failed there")
_LISTING = QT_TRANSLATE_NOOP("DownloadSources", "(file list)")
_SEP = QT_TRANSLATE_NOOP("DownloadSources", "; ")
_IN_PROGRESS = QT_TRANSLATE_NOOP("DownloadsView", "File in progress")
_FILE = QT_TRANSLATE_NOOP("DownloadSources", "File")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def host(url: str) -> str:
    """An endpoint as the list shows it: its host (and port)."""
    return urlsplit(url).netloc or url


def reason_label(miss: Miss) -> str:
    """Why an endpoint did not serve the file, in a few words."""
    status = miss.params.get("status")
    if miss.reason is _R.HTTP_STATUS and isinstance(status, int) and 300 <= status < 400:
        return _tr(_STORAGE)
    for reasons, label in _LABELS:
        if miss.reason in reasons:
            return _tr(label)
    return _tr(_FAILED)


def miss_text(miss: Miss) -> str:
    """The miss in full, as the window says a download error."""
    try:
        return error_text(errors.DownloadError(miss.reason, **dict(miss.params)))
    except (TypeError, ValueError):
        return miss.text


def why(source: FileSource) -> str:
    return _tr(_SEP).join(f"{host(m.endpoint)}: {reason_label(m)}" for m in source.misses)


class SourcesCache:
    """A finished job's recorded fallbacks, read from the store once per job and state."""

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self._cache: dict[int, tuple[JobState, tuple[FileSource, ...]]] = {}

    def forget(self) -> None:
        """After the history was cleared: drop the rows of jobs that are gone."""
        self._cache.clear()
        if self.store is not None:
            sourcestore.forget(self.store)

    def get(self, job: JobView) -> tuple[FileSource, ...]:
        if job.state == JobState.RUNNING:
            return job.sources
        got = self._cache.get(job.id)
        if got is None or got[0] != job.state:
            got = (job.state, sourcestore.load(self.store, job.id) if self.store else ())
            self._cache[job.id] = got
        return got[1]


def fill(tree: QTreeWidget, job: JobView | None, cache: SourcesCache) -> None:
    """The selected job's files: those in progress, then those another endpoint served."""
    tree.clear()
    running_job = job is not None and job.state == JobState.RUNNING
    tree.headerItem().setText(0, QCoreApplication.translate(
        "DownloadsView", _IN_PROGRESS) if running_job else _tr(_FILE))
    if job is None:
        return
    sources = {s.path: s for s in cache.get(job)}
    running = job.files if job.state == JobState.RUNNING else ()
    rows: list[QTreeWidgetItem] = []
    listing = sources.pop(LISTING, None)
    if listing is not None and listing.fell_back:  # first: the files came from where it did
        rows.append(_item(_tr(_LISTING), "", "", listing))
    for f in running:
        src = sources.pop(f.path, None)
        pct = f"{100.0 * f.done / f.size:.0f}%" if f.size else ""
        rows.append(_item(f.path, pct, human_size(f.size), src))
    for src in sources.values():
        if src.fell_back:
            rows.append(_item(src.path, "", "", src))
    tree.addTopLevelItems(rows)


def _item(path: str, pct: str, size: str, src: FileSource | None) -> QTreeWidgetItem:
    item = QTreeWidgetItem([path, pct, size, host(src.endpoint) if src else "",
                            why(src) if src else ""])
    if src is not None and src.misses:
        tip = "\n".join(miss_text(m) for m in src.misses)
        for col in (0, 3, 4):
            item.setToolTip(col, tip)
    return item
