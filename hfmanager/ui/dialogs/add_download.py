"""Add a download: repo id or pasted/dropped Hub URL, revision, type, globs, preset, the
endpoints in order (prefilled with those in force; a mirror's miss moves a file to the
next, as ``--endpoint`` repeated does in the CLI), and a preview (file list and total
size) fetched off the UI thread.
The URL of one file (a torch checkpoint...) is a download too: the dialog says where it
will be saved and whether its name carries a hash to check (core/downloads/urlspec).

Open it with ``open()`` and listen to ``finished``; never ``exec()`` inside a coroutine.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core import network
from hfmanager.core.downloads import urlspec
from hfmanager.core.downloads.plan import DownloadSpec, RepoPlan, parse_source
from hfmanager.core.settings import Settings
from hfmanager.ui import screenfit
from hfmanager.ui.bridge import Op
from hfmanager.ui.dnd import accept_url_drag, dropped_text
from hfmanager.ui.fmt import human_size
from hfmanager.ui.messages import error_text, refusal_text

Planner = Callable[[DownloadSpec], RepoPlan]


def _globs(text: str) -> tuple[str, ...]:
    return tuple(p for p in text.replace(",", " ").split() if p)


class AddDownloadDialog(QDialog):
    """Collects a :class:`DownloadSpec`; ``spec()`` is valid after ``accepted``."""

    previewed = Signal(object)  # RepoPlan or an Exception

    def __init__(self, planner: Planner, parent: QWidget | None = None,
                 initial: str = "", endpoint_hint: str = "", settings: Settings | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        # the endpoint in force is read when the note is drawn: never a stale copy
        self._settings = settings if settings is not None else Settings(endpoint=endpoint_hint)
        self._env = env if env is not None else os.environ
        self.setWindowTitle(self.tr("Add download"))
        self.setAcceptDrops(True)
        self.resize(640, 520)
        screenfit.fit_to_screen(self)  # a 2x 1600x1000 screen is 500 px tall: buttons were cut
        form = self._build_form(initial, endpoint_hint)
        self.preview_button = QPushButton(self.tr("Preview"))
        self.files = QTreeWidget()
        self.files.setHeaderLabels([self.tr("File"), self.tr("Size")])
        self.files.setRootIsDecorated(False)
        self.files.setColumnWidth(0, 440)
        self.summary = QLabel(self.tr("Press Preview to list the files and the total size."))
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Download"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.files, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.preview_button.clicked.connect(self._on_preview_clicked)
        self.previewed.connect(self._on_self_previewed)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._spec: DownloadSpec | None = None

    def _build_form(self, initial: str, endpoint_hint: str) -> QFormLayout:
        """The fields that make the spec: repository, type, revision, filters, endpoint."""
        self.source = QLineEdit(initial)
        self.source.setPlaceholderText(
            self.tr("org/name, a Hub URL or a file's URL (drop one here)"))
        self.repo_type = QComboBox()
        for value, label in (("model", self.tr("Model")), ("dataset", self.tr("Dataset")),
                             ("space", self.tr("Space"))):
            self.repo_type.addItem(label, value)
        self.revision = QLineEdit()
        self.revision.setPlaceholderText("main")
        self.include = QLineEdit()
        self.include.setPlaceholderText(self.tr("e.g. *.safetensors *.json (empty: all)"))
        self.exclude = QLineEdit()
        self.exclude.setPlaceholderText(self.tr("e.g. *.onnx original/*"))
        self.preset = QComboBox()
        self.preset.addItem(self.tr("All files"), "all")
        self.preset.addItem(self.tr("Safetensors only (skip .bin twins)"), "safetensors")
        self.endpoint = QLineEdit()
        self.endpoint.setPlaceholderText(
            self.tr("default: {endpoint}").format(endpoint=self._in_force()))
        self.endpoint.setToolTip(self.tr(
            "Endpoints in order, separated by commas: a file (or the file list) that one "
            "misses is fetched from the next. Every file is checked against the Hub's hash."))
        self._auto = ""  # what the dialog itself put in the field (not typed by the user)
        self._set_auto(", ".join(self._in_force_list()))
        form = QFormLayout()
        form.addRow(self.tr("Repository:"), self.source)
        form.addRow(self.tr("Type:"), self.repo_type)
        form.addRow(self.tr("Revision:"), self.revision)
        form.addRow(self.tr("Include:"), self.include)
        form.addRow(self.tr("Exclude:"), self.exclude)
        form.addRow(self.tr("Files:"), self.preset)
        form.addRow(self.tr("Endpoints:"), self.endpoint)
        self.endpoint_note = QLabel()  # where this download will come from, and why
        self.endpoint_note.setObjectName("endpointNote")
        self.endpoint_note.setWordWrap(True)
        form.addRow("", self.endpoint_note)
        for field in (self.source, self.endpoint):
            field.textChanged.connect(self._update_endpoint_note)
        self._update_endpoint_note()
        return form

    def _in_force(self) -> str:
        try:
            return network.current_endpoint(self._settings, self._env).url
        except ValueError:
            return network.OFFICIAL_URL

    def _in_force_list(self) -> tuple[str, ...]:
        """The endpoints a download would try now: the one in force, then the fallbacks."""
        try:
            return network.resolve(self._settings, self._env).endpoints
        except ValueError:
            return (network.OFFICIAL_URL,)

    def _set_auto(self, text: str) -> None:
        self._auto = text
        if self.endpoint.text() != text:
            self.endpoint.setText(text)

    def _typed(self) -> str:
        """The endpoints the user typed ("" while the field holds what the dialog put)."""
        text = self.endpoint.text().strip()
        return "" if text == self._auto.strip() else text

    def _update_endpoint_note(self) -> None:
        """"Downloads from <host> (why)": typed endpoint, a pasted URL's host, or the one
        in force now (Environment's choice, HF_ENDPOINT, the official Hub); for the URL
        of one file, where it will be saved."""
        typed = self._typed()
        try:
            spec = parse_source(self.source.text())
        except ValueError:
            spec = None
        if self.endpoint.text().strip() == self._auto.strip():
            # Not edited: it shows where the download comes from (a pasted URL's host)
            self._set_auto(spec.endpoint if spec is not None and spec.endpoint
                           else ", ".join(self._in_force_list()))
        self._show_file_fields(spec is not None and bool(spec.url))
        if spec is not None and spec.url:
            self.endpoint_note.setText(self._file_note(spec))
            self.endpoint_note.setToolTip(spec.url)
            return
        pasted = spec.endpoint if spec is not None and not typed else None
        try:
            net = network.resolve(self._settings, self._env, typed or pasted)
        except ValueError as exc:
            self.endpoint_note.setText(str(exc))
            return
        why = {"settings": self.tr("chosen in Environment"),
               "environment": self.tr("HF_ENDPOINT"),
               "default": self.tr("the official Hub")}.get(
            net.source, self.tr("typed above") if typed else self.tr("the host of the URL"))
        text = self.tr("Downloads from {host} ({why})").format(
            host=urlsplit(net.endpoint).netloc, why=why)
        if net.fallbacks:
            text += self.tr(", then from {hosts} for what it misses").format(
                hosts=", ".join(urlsplit(u).netloc for u in net.fallbacks))
        if net.offline:
            text += " · " + self.tr("offline mode is on: nothing will be fetched")
        self.endpoint_note.setText(text)
        self.endpoint_note.setToolTip(net.endpoint)

    def _show_file_fields(self, file_url: bool) -> None:
        """A file's URL has no type, revision, filters or endpoint to choose."""
        for field in (self.repo_type, self.revision, self.include, self.exclude,
                      self.preset, self.endpoint):
            field.setEnabled(not file_url)

    def _file_note(self, spec: DownloadSpec) -> str:
        """Where the file of ``spec`` will be saved, and whether it will be checked."""
        folder = urlspec.checkpoints_dir(self._env)
        text = self.tr("Saves {name} from {host} to {folder}").format(
            name=spec.repo_id, host=urlsplit(spec.url).netloc, folder=folder)
        prefix = urlspec.hash_prefix(spec.repo_id)
        if prefix:
            text += " · " + self.tr("checked against the SHA-256 prefix {prefix} in its "
                                    "name").format(prefix=prefix)
        else:
            text += " · " + self.tr("no hash in its name: saved unchecked")
        return text

    # --- the result --------------------------------------------------------------------
    def build_spec(self) -> DownloadSpec:
        """The form as a spec; ValueError (plain words) when the repository is not valid."""
        spec = parse_source(self.source.text(), str(self.repo_type.currentData()))
        if spec.url:  # one file by URL: nothing else of the form applies
            return spec
        return replace(
            spec,
            revision=self.revision.text().strip() or spec.revision,
            include=spec.include + _globs(self.include.text()),
            exclude=_globs(self.exclude.text()),
            preset=str(self.preset.currentData()),
            endpoint=self._endpoints() or spec.endpoint,
        )

    def _endpoints(self) -> str:
        """The typed endpoints as the job keeps them (as ``--endpoint`` repeated: one text,
        first choice first); ValueError (plain words) for one that is not an address."""
        return " ".join(dict.fromkeys(network.normalize_endpoint(u)
                                      for u in network.split_endpoints(self._typed())))

    def spec(self) -> DownloadSpec | None:
        return self._spec

    # --- slots ---------------------------------------------------------------------------
    def _on_buttons_accepted(self) -> None:
        try:
            self._spec = self.build_spec()
        except ValueError as exc:
            self.summary.setText(refusal_text(exc))
            return
        self.accept()

    def _on_preview_clicked(self) -> None:
        try:
            spec = self.build_spec()
        except ValueError as exc:
            self.summary.setText(refusal_text(exc))
            return
        if spec.url:  # nothing to ask: the name, the folder and the check are known
            self.files.clear()
            self.summary.setText(self._file_note(spec))
            return
        self.preview_button.setEnabled(False)
        self.summary.setText(self.tr("Asking the Hub for the file list..."))

        planner = self.planner  # the thread gets the function, never the dialog
        # Network I/O off the UI thread; an error is shown in the dialog, not raised.
        Op(self, lambda: planner(spec), self.previewed.emit).failure(
            self.previewed.emit).run()

    def _on_self_previewed(self, result: object) -> None:
        self.preview_button.setEnabled(True)
        self.files.clear()
        if isinstance(result, Exception):
            self.summary.setText(error_text(result))
            return
        assert isinstance(result, RepoPlan)
        items = []
        for f in result.files:
            item = QTreeWidgetItem([f.path, human_size(f.size)])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            items.append(item)
        self.files.addTopLevelItems(items)
        self.summary.setText(self.tr("{n} files, {size} in total, commit {commit}").format(
            n=len(result.files), size=human_size(result.total_size), commit=result.commit[:10]))

    # --- drag and drop of Hub URLs ---------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_url_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.source.setText(dropped_text(event.mimeData()))
        event.acceptProposedAction()
