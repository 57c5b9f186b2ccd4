"""The main window: navigation, actions, status bar and the extension API for features.

No business logic lives here: the scan runs in the core (child process) through the
bridge, and the library page only displays what the models hold.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from hfmanager.core.inventory.model import (
    Inventory,
    Repo,
    Revision,
    SharedPayload,
    TorchEntry,
    physical_size,
)
from hfmanager.core.paths import RootKind
from hfmanager.core.verify import findings as verify_findings
from hfmanager.ui import icons, screenfit
from hfmanager.ui.context import AppContext
from hfmanager.ui.fmt import human_size
from hfmanager.ui.scanfeed import ScanFeed
from hfmanager.ui.views.library import LibraryView, RepoActionFactory
from hfmanager.ui.views.repo_details import Offered
from hfmanager.ui.watcher import CacheWatcher
from hfmanager.ui.window_menus import WindowMenus


class MainWindow(QMainWindow):
    """Hosts pages (Library first); features extend it through the public methods below."""

    repoSelected = Signal(object)  # Repo | None
    revisionSelected = Signal(object)  # Revision | None
    inventoryChanged = Signal(object)  # Inventory

    def __init__(self, ctx: AppContext, *, scan_on_start: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._inventory = Inventory(roots=(), repos=())
        self._findings: dict[str, list[verify_findings.Finding]] = {}
        self._pages: dict[str, int] = {}
        self._scan_started = 0.0
        self.setWindowTitle(self.tr("Hugging Face cache manager"))
        self.setWindowIcon(icons.app_icon())
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setMaximumWidth(180)
        self.pages = QStackedWidget()
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.setCentralWidget(self.splitter)
        self.library = LibraryView(lambda: self.ctx.settings.endpoint)
        self.add_page("library", self.tr("Library"), icons.icon("nav-library"), self.library)
        self._build_actions()
        self._build_status_bar()
        self._wire()
        self.cache_watcher = CacheWatcher(self)
        self.cache_watcher.changed.connect(self.request_rescan)
        self.watcher = self.cache_watcher.watcher
        self._restore_geometry()
        self.library.empty.set_roots(self.ctx.roots())
        QTimer.singleShot(0, self, lambda: self._start(scan_on_start))  # dies with self

    # -- public API for features -------------------------------------------------
    def add_page(self, key: str, title: str, icon: QIcon, widget: QWidget) -> None:
        """Add a page to the left navigation ("Downloads", "Cleanup", "Environment"...)."""
        if key in self._pages:
            raise ValueError(f"page {key!r} already exists")
        self._pages[key] = self.pages.addWidget(widget)
        item = QListWidgetItem(icon, title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setSizeHint(QSize(0, 34))
        self.nav.addItem(item)
        screenfit.fit_navigation(self.nav, self.splitter)
        if len(self._pages) <= 9:  # Ctrl+1..9 switch pages from anywhere
            jump = QAction(self)
            jump.setShortcut(QKeySequence(f"Ctrl+{len(self._pages)}"))
            jump.triggered.connect(lambda _=False, k=key: self.show_page(k))
            self.addAction(jump)
        item.setToolTip(f"{title.replace('&', '')} (Ctrl+{len(self._pages)})")
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self._pages[key])

    def page(self, key: str) -> QWidget:
        return self.pages.widget(self._pages[key])

    def add_repo_tab(self, title: str, widget: QWidget,
                     offered: Offered | None = None) -> None:
        """A tab beside Files/Details for the selected repo; listen to repoSelected.
        ``offered(repo_or_torch_entry)`` says where it is shown (default: every repo)."""
        self.library.details.add_tab(title, widget, offered)

    def add_status_widget(self, widget: QWidget) -> None:
        """A permanent status-bar widget (endpoint, offline indicator...)."""
        self.statusBar().addPermanentWidget(widget)

    def add_repo_context_action(self, action_factory: RepoActionFactory) -> None:
        """``factory(selected_repos, parent) -> QAction | None`` called per context menu."""
        self.library.action_factories.append(action_factory)

    def current_repo(self) -> Repo | None:
        return self.library.current_repo()

    def current_revision(self) -> Revision | None:
        return self.library.details.current_revision() if self.current_repo() else None

    def selected_repos(self) -> list[Repo]:
        return self.library.selected_repos()

    def inventory(self) -> Inventory:
        return self._inventory

    def request_rescan(self) -> None:
        """Rescan every root in the background (a rescan during a scan queues one more)."""
        self.cache_watcher.debounce.stop()
        self.ctx.bridge.start_scan(self.ctx.roots())

    # -- construction ------------------------------------------------------------
    def attach_findings(self, by_owner: dict[str, list[verify_findings.Finding]]) -> None:
        """Show problems found after a scan (verify's corrupt files) on their repos and files.

        They are re-attached after every rescan while the file is unchanged, and drop by
        themselves once it is deleted or replaced.
        """
        self._findings = verify_findings.merge(self._findings, by_owner)
        model = self.library.repos_model
        touched = [r for r in (model.find(owner) for owner in by_owner) if r is not None]
        entries = self.library.torch_model.items()
        torch = [new for new, old in zip(verify_findings.attach_torch(entries, by_owner),
                                         entries, strict=True) if new is not old]
        if touched or torch:
            model.upsert(self._with_findings(touched))
            self.library.torch_model.upsert(torch)
            self.library.refresh_current()
            self._set_inventory(self._inventory.problems, self._inventory.scanned_at,
                                self._inventory.roots)

    def _with_findings(self, repos: list[Repo]) -> list[Repo]:
        if not self._findings:
            return repos
        out = []
        for repo in repos:
            found = self._findings.get(repo.repo_path)
            if found:
                current = verify_findings.still_current(found)
                self._findings[repo.repo_path] = current
                repo = verify_findings.attach(repo, [f.problem for f in current])
            out.append(repo)
        return out

    def _build_actions(self) -> None:
        self.menus = WindowMenus(self, self.ctx, rescan=self.request_rescan,
                                 add_folder=self._on_add_folder)
        self.refresh_action = self.menus.refresh_action
        self.add_folder_action = self.menus.add_folder_action
        self.file_menu, self.view_menu = self.menus.file_menu, self.menus.view_menu
        self.theme_group, self.language_group = self.menus.theme_group, self.menus.language_group

    def _build_status_bar(self) -> None:
        self.scan_label = QLabel()
        self.totals_label = QLabel()
        self.free_label = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.scan_label, 1)
        bar.addPermanentWidget(self.totals_label)
        bar.addPermanentWidget(self.free_label)
        # Streamed scan rows reach the tables in bursts (scanfeed.py owns the timing).
        self.feed = ScanFeed(
            self.library, self, decorate_repos=self._with_findings,
            decorate_torch=lambda t: verify_findings.attach_torch(t, self._findings),
            applied=self._update_totals, done=self._on_scan_done)

    def _wire(self) -> None:
        b = self.ctx.bridge
        b.scanStarted.connect(self._on_bridge_scan_started)
        b.reposScanned.connect(self._on_bridge_repos_scanned)
        b.torchScanned.connect(self._on_bridge_torch_scanned)
        b.scanFinished.connect(self._on_bridge_scan_finished)
        b.scanFailed.connect(self._on_bridge_scan_failed)
        self.library.repoSelected.connect(self.repoSelected)
        self.library.details.revisionSelected.connect(self.revisionSelected)
        self.library.empty.addFolderRequested.connect(self._on_add_folder)
        self.library.empty.rescanRequested.connect(self.request_rescan)

    def _start(self, scan: bool) -> None:
        # What earlier verify runs found (here or with the CLI) while the file is unchanged.
        self._findings = verify_findings.merge(
            verify_findings.load_findings(self.ctx.store), self._findings)
        last = self.ctx.bridge.load_last_inventory()
        if last is not None:
            self.library.repos_model.set_items(self._with_findings(list(last.repos)))
            self.library.torch_model.set_items(
                verify_findings.attach_torch(last.torch_entries, self._findings))
            self._set_inventory(last.problems, last.scanned_at, last.roots, last.payloads)
        self.library.set_empty(last is not None and not last.repos and not last.torch_entries)
        if scan:
            self.request_rescan()

    # -- scan events -------------------------------------------------------------
    def _on_bridge_scan_started(self, _roots: object) -> None:
        self._scan_started = time.monotonic()
        self.library.repos_model.begin_generation()
        self.library.torch_model.begin_generation()
        self.scan_label.setText(self.tr("Scanning..."))

    def _on_bridge_repos_scanned(self, repos: list[Repo]) -> None:
        self.feed.add_repos(repos)

    def _on_bridge_torch_scanned(self, entries: list[TorchEntry]) -> None:
        self.feed.add_torch(entries)

    def _on_bridge_scan_finished(self, event: object) -> None:
        self.feed.finish("finished", event)

    def _on_bridge_scan_failed(self, message: str) -> None:
        self.feed.finish("failed", message)

    def _on_scan_done(self, outcome: str, payload: object) -> None:
        if outcome == "failed":
            self.scan_label.setText(self.tr("Scan failed: {message}").format(message=payload))
            return
        self.library.repos_model.end_generation()
        self.library.torch_model.end_generation()
        self.library.refresh_current()
        # The rest on later turns: each step is a few ms, together they would stall.
        QTimer.singleShot(0, self, lambda: self._publish_inventory(payload))

    def _publish_inventory(self, payload: object) -> None:
        problems = tuple(getattr(payload, "inventory_problems", ()) or ())
        roots = tuple(r.to_json() for r in self.ctx.roots())
        self._set_inventory(problems, time.time(), roots,
                            tuple(getattr(payload, "payloads", ()) or ()))
        elapsed = float(getattr(payload, "elapsed_s", time.monotonic() - self._scan_started))
        self.scan_label.setText(self.tr("Scanned in {s:.1f} s").format(s=elapsed))
        self.library.set_empty(not self._inventory.repos and not self._inventory.torch_entries)
        roots = [str(r.path) for r in self.ctx.roots() if r.path.is_dir()]
        QTimer.singleShot(0, self, lambda: self.cache_watcher.watch(roots, self._inventory.repos))

    def _set_inventory(self, problems: tuple[object, ...], scanned_at: float,
                       roots: tuple[dict[str, str], ...],
                       payloads: tuple[SharedPayload, ...] | None = None) -> None:
        """``payloads``: the shared store's, as the last scan found them (None: keep)."""
        self._inventory = Inventory(
            roots=roots, repos=tuple(self.library.repos_model.items()),
            torch_entries=tuple(self.library.torch_model.items()),
            problems=problems, scanned_at=scanned_at,  # type: ignore[arg-type]
            payloads=self._inventory.payloads if payloads is None else payloads)
        self.library.set_store(self._inventory.payloads)
        self.library.update_section_titles()
        self._update_totals()
        self.inventoryChanged.emit(self._inventory)

    def _update_totals(self) -> None:
        repos = self.library.repos_model.items()
        torch = self.library.torch_model.items()
        total = physical_size(repos, self._inventory.payloads, torch)
        self.totals_label.setText(self.tr("{n} repos, {t} torch files \u00b7 {size}").format(
            n=len(repos), t=len(torch), size=human_size(total)))
        self.library.update_section_titles()
        free = self._free_space()
        self.free_label.setText(self.tr("Free: {size}").format(size=human_size(free))
                                if free is not None else "")

    def _free_space(self) -> int | None:
        """Free bytes on the disk of the first HF root (or its nearest existing parent)."""
        for root in self.ctx.roots():
            if root.kind == RootKind.HF:
                path = Path(root.path)
                while not path.exists() and path != path.parent:
                    path = path.parent
                try:
                    return shutil.disk_usage(path).free
                except OSError:
                    return None
        return None

    # -- actions -----------------------------------------------------------------
    def _on_add_folder(self) -> None:
        dialog = QFileDialog(self, self.tr("Add a cache folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.add_cache_folder)
        dialog.open()  # never exec(): it would nest the event loop under qasync

    def add_cache_folder(self, folder: str) -> None:
        """Remember a hub cache folder (or a torch home when it has ``checkpoints/``)."""
        if not folder:
            return
        path = Path(folder)
        torch_like = (path / "checkpoints").is_dir() or (path / "hub" / "checkpoints").is_dir()
        target = (self.ctx.settings.extra_torch_dirs if torch_like
                  else self.ctx.settings.extra_hf_dirs)
        if folder not in target:
            target.append(folder)
            self.ctx.save_settings()
        self.library.empty.set_roots(self.ctx.roots())
        self.request_rescan()

    # -- geometry ----------------------------------------------------------------
    def _restore_geometry(self) -> None:
        s = self.ctx.settings
        if not (s.window_geometry and self.restoreGeometry(
                QByteArray.fromBase64(s.window_geometry.encode()))):
            self.resize(screenfit.DEFAULT_SIZE)
        screenfit.fit_to_screen(self)
        if s.library_splitter:
            self.library.auto_split = not self.library.splitter.restoreState(
                QByteArray.fromBase64(s.library_splitter.encode()))

    def save_geometry(self) -> None:
        s = self.ctx.settings
        s.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        s.library_splitter = bytes(self.library.splitter.saveState().toBase64().data()).decode()
        self.ctx.save_settings()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        self.cache_watcher.stop()
        self.ctx.bridge.cancel_scan()
        super().closeEvent(event)
