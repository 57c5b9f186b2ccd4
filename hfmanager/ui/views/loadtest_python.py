"""The test-load Python picker: discovered venvs/conda envs, "Add..." and what each has.

Each choice is probed in a child (version, torch, transformers; nothing imported), so the
user learns before loading that an environment lacks torch.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.loadtest import pythons
from hfmanager.core.settings import Settings
from hfmanager.ui import theme
from hfmanager.ui.bridge import Op
from hfmanager.ui.fmt import wrappable


class PythonPicker(QWidget):
    """A combo of interpreters plus an info line about the selected one."""

    probed = Signal(object)  # PythonInfo

    def __init__(self, settings: Settings, save_settings: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._save_settings = save_settings
        self.info: pythons.PythonInfo | None = None
        self._probing: Op[pythons.PythonInfo] | None = None
        self.combo = QComboBox()
        # A long interpreter path shows in full in the list; the closed box may be narrow.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(6)  # beside Add... in a 260 px pane
        self.add_button = QPushButton(self.tr("Add..."))
        self.add_button.setToolTip(self.tr("Pick a python executable (a venv or conda env)"))
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self.file_dialog: QFileDialog | None = None
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.info_label)
        for env in pythons.discover(settings.python_executables):
            self._add_item(self._label(env), env.path)
        self.combo.currentIndexChanged.connect(self._on_combo_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self._on_combo_changed(self.combo.currentIndex())

    def _label(self, env: pythons.PythonEnv) -> str:
        """``env.label`` with where it was found said in the window's language."""
        words = {"app": self.tr("this app"), "settings": self.tr("added by you")}
        name = env.label.removesuffix(f" ({env.source})")
        return self.tr("{name} ({source})").format(name=name,
                                                   source=words.get(env.source, env.source))

    def path(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None

    def _add_item(self, label: str, path: str) -> None:
        self.combo.addItem(label, path)
        self.combo.setItemData(self.combo.count() - 1, path, Qt.ItemDataRole.ToolTipRole)

    def add_python(self, path: str) -> None:
        """Remember an interpreter in settings and select it."""
        index = self.combo.findData(path)
        if index < 0:
            if path not in self.settings.python_executables:
                self.settings.python_executables.append(path)
                self._save_settings()
            self._add_item(self._label(pythons.PythonEnv(path, "settings")), path)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)

    def _on_add_clicked(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose a Python interpreter"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.add_python)
        self.file_dialog = dialog
        dialog.open()  # never exec() inside the qasync loop

    def _on_combo_changed(self, _index: int) -> None:
        path = self.path()
        self.info = None
        if path is None:
            self.info_label.clear()
            return
        self.info_label.setText(wrappable(self.tr("Checking {path}...").format(path=path)))
        self._probing = Op(self, lambda: pythons.probe_async(path),
                           lambda info: self._on_probed(path, info)).run_async()

    @property
    def probing(self) -> bool:
        """A probe is running (its answer is not shown yet)."""
        return self._probing is not None and not self._probing.done

    def _on_probed(self, path: str, info: pythons.PythonInfo) -> None:
        if path != self.path():
            return  # the user moved on
        self.info = info
        if info.error:
            text = (f"<span style='color:{theme.css(theme.Role.ERROR)}'>"
                    f"{html.escape(wrappable(info.error))}</span>")
        elif info.torch is None:
            # The app's own install carries no torch (README): say how to add it here.
            text = (f"<span style='color:{theme.css(theme.Role.ERROR)}'>" + self.tr(
                "Python {version}: torch is not installed here, so a test load cannot run "
                "in it. Install it into this Python ({command}), or pick one that has "
                "it.").format(version=info.version, command=html.escape(wrappable(
                    f'"{path}" -m pip install torch --index-url '
                    "https://download.pytorch.org/whl/cpu"))) + "</span>")
        else:
            text = self.tr("Python {version} · torch {torch} · transformers {tf}").format(
                version=info.version, torch=info.torch,
                tf=info.transformers or self.tr("not installed"))
        self.info_label.setText(text)
        self.probed.emit(info)
