"""The Details tab: summaries from README/config, problems coloured by severity, the path."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.inventory.model import Problem, Repo, Revision, Severity, TorchEntry
from hfmanager.ui import icons, theme
from hfmanager.ui.fmt import exact_time, human_size
from hfmanager.ui.messages import problem_text
from hfmanager.ui.models.roles import ObjectRole

SEVERITY_ROLES = {Severity.INFO: theme.Role.INFO, Severity.WARNING: theme.Role.WARNING,
                  Severity.ERROR: theme.Role.ERROR}
_DASH = "\u2014"


_LONG_RUN = re.compile("[^\\s\u200b]{13,}")
_ROLE = Qt.ItemDataRole.UserRole + 1  # the theme role a problem's text is drawn in
_ALWAYS = frozenset({"path", "size", "modified", "accessed"})


def _breakable(path: str) -> str:
    """Let word wrap break long paths after separators (zero-width spaces, display only);
    a long run without one (a 40-hex commit) breaks every 12 characters, or its label
    is as wide as the hash and the pane scrolls sideways (the cut snapshot hash)."""
    text = path.replace("/", "/\u200b").replace("\\", "\\\u200b").replace("--", "--\u200b")
    return _LONG_RUN.sub(lambda m: "\u200b".join(
        m.group(0)[i:i + 12] for i in range(0, len(m.group(0)), 12)), text)


def _fmt(value: object) -> str:
    if value is None or value == () or value == "":
        return _DASH
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class DetailsPane(QScrollArea):
    """Read-only facts about the selected repo (or torch entry) and revision."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        self._facts = QGroupBox(self.tr("Summary"))
        self._form = QFormLayout(self._facts)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A narrow pane (1024 px window): a value goes under its label instead of scrolling.
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._problems_box = QGroupBox(self.tr("Problems"))
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        # No horizontal scrolling: long messages wrap to the pane's width instead.
        self.problems.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.problems.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.problems.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.problems.setObjectName("problemsList")
        theme.follow(self.problems, self._recolour)  # a light/dark switch while shown
        QVBoxLayout(self._problems_box).addWidget(self.problems)
        layout.addWidget(self._facts)
        layout.addWidget(self._problems_box, 1)
        self.setWidget(body)
        self.values: dict[str, QLabel] = {}

    def _row(self, key: str, label: str, value: object, *, always: bool = False) -> None:
        if not always and value in (None, (), ""):
            return  # only what README/config actually say: a wall of dashes hides it
        text = _fmt(value)
        shown = _breakable(text)  # any long token (a path, "LlamaForCausalLM") can break
        field = QLabel(shown)
        field.setToolTip(text if shown != text else "")
        field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        field.setWordWrap(True)
        field.setObjectName(f"value_{key}")
        self.values[key] = field
        self._form.addRow(label, field)

    def _clear(self) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        self.values.clear()
        self.problems.clear()

    def show_repo(self, repo: Repo | None, revision: Revision | None) -> None:
        self._clear()
        if repo is None:
            return
        s = repo.summary
        rows: list[tuple[str, str, object]] = [
            ("path", self.tr("Path"), repo.repo_path),
            ("size", self.tr("Size on disk"),
             self.tr("{size} ({n} files)").format(size=human_size(repo.size_on_disk),
                                                  n=repo.nb_files)),
            ("library", self.tr("Library"), s.library),
            ("pipeline", self.tr("Pipeline"), s.pipeline_tag),
            ("license", self.tr("License"), s.license),
            ("base_model", self.tr("Base model"), s.base_model),
            ("model_type", self.tr("Model type"), s.model_type),
            ("architectures", self.tr("Architectures"), s.architectures),
            ("dtype", self.tr("Dtype"), s.dtype),
            ("layers", self.tr("Layers"), s.num_layers),
            ("hidden", self.tr("Hidden size"), s.hidden_size),
            ("vocab", self.tr("Vocabulary"), s.vocab_size),
            ("context", self.tr("Context length"), s.context_length),
            ("quantization", self.tr("Quantization"), s.quantization),
            ("modified", self.tr("Last modified"), exact_time(repo.last_modified)),
            ("accessed", self.tr("Last used"), exact_time(repo.last_accessed)),
        ]
        if revision is not None:
            rows.insert(1, ("snapshot", self.tr("Snapshot"), revision.snapshot_path))
        for key, label, value in rows:
            self._row(key, label, value, always=key in _ALWAYS)
        problems = repo.problems + (revision.problems if revision is not None else ())
        self._show_problems(problems)

    def show_torch(self, entry: TorchEntry) -> None:
        self._clear()
        rows: list[tuple[str, str, object]] = [
            ("path", self.tr("Path"), entry.path),
            ("size", self.tr("Size on disk"), human_size(entry.size_on_disk)),
            ("sha256", self.tr("SHA-256 prefix"), entry.sha256_prefix),
            ("owner", self.tr("Owner"), entry.owner),
            ("repo", self.tr("Repository"), entry.repo),
            ("ref", self.tr("Ref"), entry.ref),
            ("modified", self.tr("Last modified"), exact_time(entry.last_modified)),
            ("accessed", self.tr("Last used"), exact_time(entry.last_accessed)),
        ]
        for key, label, value in rows:
            self._row(key, label, value, always=key in _ALWAYS)
        self._show_problems(entry.problems)

    def _show_problems(self, problems: tuple[Problem, ...]) -> None:
        if not problems:
            item = QListWidgetItem(icons.severity_icon(None), self.tr("No problems found"))
            self.problems.addItem(item)
            return
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        for p in sorted(problems, key=lambda p: order[p.severity]):
            item = QListWidgetItem(icons.severity_icon(p.severity), problem_text(p))
            item.setData(_ROLE, SEVERITY_ROLES[p.severity].value)
            item.setForeground(QBrush(theme.color(SEVERITY_ROLES[p.severity])))
            item.setData(ObjectRole, p)  # for the list's "Download again" (file_actions)
            if p.path:
                item.setToolTip(p.path)
            self.problems.addItem(item)

    def _recolour(self, _widget: QWidget) -> None:
        for i in range(self.problems.count()):
            item = self.problems.item(i)
            role = item.data(_ROLE)
            if role:
                item.setForeground(QBrush(theme.color(theme.Role(role))))
