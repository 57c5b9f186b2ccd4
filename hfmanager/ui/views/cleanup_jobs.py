"""Background jobs for cleanup and verification, and the delete flow every caller shares.

Planning walks trees and hashing reads gigabytes: both run in child processes (a busy
machine preempts threads holding the GIL, which stalls the event loop); deleting runs in
a plain Python thread (mostly unlink syscalls). Each runs through the UI's one runner,
:class:`~hfmanager.ui.bridge.Op`, which delivers results on the GUI thread.
Every deletion goes plan -> :class:`ConfirmDeleteDialog` (``open()`` + ``finished``) ->
execute -> rescan, whoever asked for it (Cleanup page, context menu, Delete key).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from hfmanager.core.cleanup import CleanPlan, CleanResult, Selection, execute
from hfmanager.core.cleanup.child import plan_in_child
from hfmanager.core.cleanup.plan import ItemKind
from hfmanager.core.verify import VerifyProgress, VerifyReport
from hfmanager.core.verify.child import verify_in_child
from hfmanager.ui.bridge import Emit, Op
from hfmanager.ui.dialogs.confirm_delete import ConfirmDeleteDialog
from hfmanager.ui.fmt import human_size


class CleanupController(QObject):
    """The delete and verify flows, shared by the Cleanup page and the Library."""

    planned = Signal(int, object)  # (tag, CleanPlan): a live "will free" figure
    busyChanged = Signal(bool)
    progressed = Signal(int, int, str)  # done, total, text
    cleaned = Signal(object)  # CleanResult
    verified = Signal(object)  # VerifyReport
    failed = Signal(str)

    def __init__(self, roots: Callable[[], list[str]], *, use_trash: Callable[[], bool],
                 store: Any = None, after_change: Callable[[], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roots = roots
        self._use_trash = use_trash
        self._store = store
        self._after_change = after_change
        self._jobs: set[Op[Any]] = set()
        self._cancel: threading.Event | None = None
        self.dialog: ConfirmDeleteDialog | None = None

    # -- plumbing ------------------------------------------------------------------
    def _start(self, fn: Callable[[Emit], object], on_ok: Callable[[Any], None],
               on_progress: Callable[[Any], None] | None = None) -> Op[Any]:
        # Through the one runner: the outcome arrives on the main thread, and not at all
        # once this controller (and its window) is gone.
        def finish() -> None:
            self._jobs.discard(op)
            self.busyChanged.emit(self.busy())

        def done(result: object) -> None:
            finish()
            on_ok(result)

        def fail(exc: Exception) -> None:
            finish()
            self.failed.emit(f"{type(exc).__name__}: {exc}")

        op: Op[Any] = Op(self, fn, done).failure(fail).progress(on_progress or _ignore)
        self._jobs.add(op)
        op.run()
        self.busyChanged.emit(True)
        return op

    def busy(self) -> bool:
        return bool(self._jobs)

    def wait(self, timeout: float = 10.0) -> None:
        for job in list(self._jobs):
            job.wait(timeout)

    # -- planning ------------------------------------------------------------------
    def compute_plan(self, selection: Selection, tag: int = 0) -> None:
        """Plan in the background; ``planned`` carries ``tag`` and the result."""
        roots = self._roots()
        self._start(lambda _emit: plan_in_child(selection, roots, nice=10),
                    lambda plan: self.planned.emit(tag, plan))

    # -- deleting ------------------------------------------------------------------
    def request_delete(self, selection: Selection, parent: QWidget | None = None) -> None:
        """Plan, confirm with the dialog, then delete; nothing happens without the dialog."""
        if selection.empty:
            return
        roots = self._roots()
        self._start(lambda _emit: plan_in_child(selection, roots),
                    lambda plan: self._confirm(plan, parent))

    def _confirm(self, plan: CleanPlan, parent: QWidget | None) -> None:
        dialog = ConfirmDeleteDialog(plan, use_trash=self._use_trash(), parent=parent)
        self.dialog = dialog

        def on_finished(code: int) -> None:
            self.dialog = None
            if code == ConfirmDeleteDialog.DialogCode.Accepted and not plan.empty:
                self._execute(plan, dialog.use_trash(), parent)
            if shiboken6.isValid(dialog):
                dialog.deleteLater()

        dialog.finished.connect(on_finished)
        dialog.open()

    def _execute(self, plan: CleanPlan, use_trash: bool, parent: QWidget | None) -> None:
        def run(emit: Emit) -> CleanResult:
            return execute(plan, use_trash=use_trash,
                           progress=lambda d, t, p: emit((d, t, p)))

        self._start(run, lambda r: self._executed(r, parent),
                    lambda v: self.progressed.emit(v[0], v[1], v[2]))

    def _executed(self, result: CleanResult, parent: QWidget | None) -> None:
        self.cleaned.emit(result)
        if self._after_change is not None:
            self._after_change()
        if result.trash_failed:
            self._ask_permanent(result.trash_failed, parent)

    def _ask_permanent(self, repos: tuple[str, ...], parent: QWidget | None) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Trash unavailable"),
                          self.tr("The system trash refused {0} repo(s). Delete them "
                                  "permanently instead?").format(len(repos)),
                          QMessageBox.StandardButton.Cancel, parent)
        box.setDetailedText("\n".join(repos))
        delete = box.addButton(self.tr("Delete permanently"),
                               QMessageBox.ButtonRole.DestructiveRole)

        def on_finished(_code: int) -> None:
            if box.clickedButton() is delete:
                roots = self._roots()
                sel = Selection(repos=frozenset(repos))
                self._start(lambda _e: plan_in_child(sel, roots),
                            lambda plan: self._execute(_repos_only(plan), False, parent))
            box.deleteLater()

        box.finished.connect(on_finished)
        box.open()

    # -- verifying -----------------------------------------------------------------
    def request_verify(self, repos: list[str], *, hub_roots: list[str] | None = None,
                       torch_roots: list[str] | None = None) -> None:
        """Verify in a child process (no GIL shared with the GUI); ``cancel_verify()``."""
        cancel = threading.Event()
        self._cancel = cancel
        store_path = getattr(self._store, "path", None)

        def run(emit: Emit) -> VerifyReport:
            return verify_in_child(repos, list(torch_roots or []), hub_roots=hub_roots,
                                   store_path=store_path, progress=emit, cancel=cancel,
                                   workers=max(1, (os.cpu_count() or 1) - 1), nice=10,
                                   list_ok=False)

        def on_progress(p: VerifyProgress) -> None:
            pct = int(1000 * p.bytes_done / p.bytes_total) if p.bytes_total else 0
            self.progressed.emit(pct, 1000, self.tr("{0}/{1} files, {2} of {3}").format(
                p.files_done, p.files_total, human_size(p.bytes_done),
                human_size(p.bytes_total)))

        self._start(run, self.verified.emit, on_progress)

    def cancel_verify(self) -> None:
        if self._cancel is not None:
            self._cancel.set()


def _ignore(_value: object) -> None:
    """Progress nobody shows (planning reports none)."""


def _repos_only(plan: CleanPlan) -> CleanPlan:
    """Interrupted-cleanup leftovers may ride along; the question was about repos only
    (and the shared payloads they were the last users of)."""
    kinds = (ItemKind.REPO, ItemKind.STAGED, ItemKind.STORE_PAYLOAD)
    items = tuple(i for i in plan.items if i.kind in kinds)
    return CleanPlan(items, sum(i.freed for i in (*items, *plan.sweeps)), plan.refused,
                     plan.warnings, roots=plan.roots, sweeps=plan.sweeps)
