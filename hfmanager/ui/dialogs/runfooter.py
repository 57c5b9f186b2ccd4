"""The bottom of a dialog that runs one job (import, export): a progress bar and an outcome
line, both hidden until used, and Close beside the dialog's own start button.

The outcome line scrolls: an import's report (files left out, the commit search) is a dozen
lines, and at 2x a 1600x1000 screen is 500 px tall: the dialog grew past the screen and
Close went off its bottom edge."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
)

from hfmanager.ui import screenfit

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum"


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
    outcome.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    box = QScrollArea()  # shown by say(), hidden by show_running()
    box.setObjectName("outcomeBox")
    box.setWidgetResizable(True)
    box.setFrameShape(QFrame.Shape.NoFrame)
    box.setWidget(outcome)
    box.setVisible(False)
    layout.addWidget(box, 1)
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
    _box(outcome).setVisible(False)


def say(dialog: QDialog, outcome: QLabel, text: str) -> None:
    """Show ``text`` as the outcome: the dialog grows for its lines, but no further than
    its screen (the lines scroll then)."""
    outcome.setText(text)
    box = _box(outcome)
    box.setVisible(True)
    # room for all the lines at the dialog's width (a scroll area's own wish is a guess;
    # adjustSize() would measure the wrapped intro at another width), then down to the screen
    layout = dialog.layout()
    assert layout is not None  # add_run_footer's own
    inside = dialog.contentsRect().marginsRemoved(layout.contentsMargins())
    box.setFixedHeight(outcome.heightForWidth(
        max(inside.width() - box.verticalScrollBar().sizeHint().width(), 100)))
    layout.activate()
    height = (layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth()
              else layout.totalSizeHint().height())
    dialog.resize(dialog.width(), max(height, layout.totalMinimumSize().height()))
    box.setMinimumHeight(min(box.height(), outcome.fontMetrics().lineSpacing() * 2))
    box.setMaximumHeight(QWIDGETSIZE_MAX)
    layout.activate()  # the dialog's minimum follows now, not at the next event
    room = dialog.screen().availableGeometry().height() - screenfit.FRAME.height()
    if dialog.height() > room:  # (fit_to_screen would also raise a short one to 240 px)
        dialog.resize(dialog.width(), max(room, dialog.minimumHeight()))
    screenfit.keep_on_screen(dialog)  # grown downwards from where it opened


def _box(outcome: QLabel) -> QScrollArea:
    viewport = outcome.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None  # label, viewport, area
    assert isinstance(area, QScrollArea)
    return area
