"""The bottom of a dialog that runs one job (import, export): a progress bar and an outcome
line, both hidden until used, and Close beside the dialog's own start button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)


def add_run_footer(dialog: QDialog, layout: QVBoxLayout, start_text: str,
                   on_start: Callable[[], None],
                   ) -> tuple[QProgressBar, QLabel, QDialogButtonBox, QPushButton]:
    """Add the footer to ``layout``; ``start_text`` is already translated by the dialog
    (so the string keeps the dialog's translation context)."""
    progress = QProgressBar()
    progress.setVisible(False)
    layout.addWidget(progress)
    outcome = QLabel()
    outcome.setWordWrap(True)
    outcome.setVisible(False)
    layout.addWidget(outcome)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    start = buttons.addButton(start_text, QDialogButtonBox.ButtonRole.ActionRole)
    start.setDefault(True)
    start.clicked.connect(on_start)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return progress, outcome, buttons, start


def show_running(progress: QProgressBar, outcome: QLabel, start: QPushButton,
                 steps: int) -> None:
    """The job started: start disabled, the bar shown from 0 (``steps`` 0: a busy bar
    until the first progress report), the last outcome hidden."""
    start.setEnabled(False)
    progress.setRange(0, steps)
    progress.setValue(0)
    progress.setVisible(True)
    outcome.setVisible(False)
