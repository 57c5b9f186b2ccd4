"""File > Import folder... and the Library's "Export snapshot..." and "Reconcile with
the Hub..." (a repo with a local revision) (issue 13.2).

The dialogs run the core's import/export through the bridge's one runner; the Library
rescans when one finished. Installed by the composition root like a page.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from hfmanager.core import network, paths
from hfmanager.core.inventory.repomodel import Repo
from hfmanager.core.transfer import exporter, importer, reconcile
from hfmanager.core.transfer.sources import LOCAL_REF
from hfmanager.ui import icons
from hfmanager.ui.context import AppContext, Window
from hfmanager.ui.dialogs.export_dialog import ExportDialog
from hfmanager.ui.dialogs.import_dialog import ImportDialog
from hfmanager.ui.dialogs.reconcile_dialog import ReconcileDialog

# Strings are written as translate("TransferActions", "...") calls: pyside6-lupdate
# finds those, not a wrapper's argument.
translate = QCoreApplication.translate


def run_import(ctx: AppContext) -> Callable[..., importer.ImportResult]:
    """The dialog's work (in the op's thread): plain values in, a core result out."""
    settings = ctx.settings

    def work(folder: str, repo: str, kind: str, revision: str, mode: Any, offline: bool,
             emit: Callable[[Any], None]) -> importer.ImportResult:
        net = None if offline else network.resolve(settings)
        return importer.import_folder(
            folder, paths.hf_hub_cache_root().path, repo, repo_type=kind,
            revision=revision, mode=mode, net=net,
            progress=lambda phase, done, total: emit((phase, done, total)))

    return work


def run_export(repo: Repo, revision: str, dest: str, mode: Any,
               emit: Callable[[Any], None]) -> exporter.ExportResult:
    root = repo.root or os.path.dirname(repo.repo_path)
    return exporter.export_snapshot(root, repo.repo_id, dest, repo_type=repo.repo_type.value,
                                    revision=revision, mode=mode,
                                    progress=lambda done, total, _f: emit((done, total)))


def open_import(window: Window, ctx: AppContext) -> ImportDialog:
    dialog = ImportDialog(run_import(ctx), cast(QWidget, window),
                          offline=network.offline_state(ctx.settings).offline)
    dialog.imported.connect(lambda _r: window.request_rescan())
    dialog.open()
    return dialog


def run_reconcile(ctx: AppContext, repo: Repo) -> Callable[..., importer.ImportResult]:
    """The reconcile dialog's work (in the op's thread), as ``hfmanager import
    --reconcile`` does it: the settings' network, the repo's own cache root."""
    settings = ctx.settings
    root = repo.root or os.path.dirname(repo.repo_path)

    def work(revision: str, emit: Callable[[Any], None]) -> importer.ImportResult:
        return reconcile.reconcile(
            root, repo.repo_id, network.resolve(settings), repo_type=repo.repo_type.value,
            revision=revision, progress=lambda phase, done, total: emit((phase, done, total)))

    return work


def local_revision(repo: Repo) -> str | None:
    """The commit of the repo's local revision (``refs/hfm-local``), or None."""
    for rev in repo.revisions:
        if LOCAL_REF in rev.refs:
            return rev.commit_hash
    return None


def open_reconcile(window: Window, ctx: AppContext, repo: Repo, local: str
                   ) -> ReconcileDialog:
    dialog = ReconcileDialog(repo.repo_id, local, run_reconcile(ctx, repo),
                             cast(QWidget, window))
    dialog.reconciled.connect(lambda _r: window.request_rescan())
    dialog.open()
    return dialog


def open_export(window: Window, repo: Repo) -> ExportDialog:
    dialog = ExportDialog(repo, run_export, cast(QWidget, window))
    dialog.open()
    return dialog


def install(window: Window, ctx: AppContext) -> None:
    action = QAction(icons.icon("folder"), translate("TransferActions", "&Import folder..."),
                     cast(QWidget, window))
    action.setObjectName("importFolder")
    action.setToolTip(translate("TransferActions",
                                "Put a folder of downloaded files into the cache"))
    action.triggered.connect(lambda: open_import(window, ctx))
    menu = window.file_menu  # type: ignore[attr-defined]  # MainWindow's File menu
    separators = [a for a in menu.actions() if a.isSeparator()]
    menu.insertAction(separators[0] if separators else None, action)
    window.import_action = action  # type: ignore[attr-defined]

    def export_action(repos: list[Repo], parent: QWidget) -> QAction | None:
        if len(repos) != 1 or not isinstance(repos[0], Repo) or not repos[0].revisions:
            return None
        act = QAction(translate("TransferActions", "Export snapshot..."), parent)
        act.setObjectName("exportSnapshot")
        repo = repos[0]
        act.triggered.connect(lambda: open_export(window, repo))
        return act

    window.add_repo_context_action(export_action)

    def reconcile_action(repos: list[Repo], parent: QWidget) -> QAction | None:
        local = local_revision(repos[0]) if len(repos) == 1 and isinstance(
            repos[0], Repo) else None
        if local is None:
            return None
        act = QAction(translate("TransferActions", "Reconcile with the Hub..."), parent)
        act.setObjectName("reconcileLocal")
        act.setToolTip(translate("TransferActions", "Check the files of this local revision "
                                 "against the Hub's commits and take the commit they are"))
        repo = repos[0]
        act.triggered.connect(lambda: open_reconcile(window, ctx, repo, local))
        return act

    window.add_repo_context_action(reconcile_action)
