"""A combo box whose closed face elides a long choice with "…" instead of cutting it.

Qt draws the current text of a narrow combo box cut at the edge ("cpu: CPU (x86_6"); in a
260 px details pane (1024x700) the device names do not fit. The open list still shows
each choice whole, and the box's tooltip is the current choice in full.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class ElidingComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentIndexChanged.connect(self._tip)

    def _tip(self) -> None:
        tip = self.currentData(Qt.ItemDataRole.ToolTipRole)
        self.setToolTip(str(tip) if tip else self.currentText())

    def paintEvent(self, event: QPaintEvent) -> None:
        self._tip()  # also after changes made with signals blocked (a refilled list)
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        opt.currentText = self._face(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)

    def shown_text(self) -> str:
        """The text the closed box draws now (tests)."""
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        return self._face(opt)

    def _face(self, opt: QStyleOptionComboBox) -> str:
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        icon = opt.iconSize.width() + 4 if not opt.currentIcon.isNull() else 0
        return self.fontMetrics().elidedText(opt.currentText, Qt.TextElideMode.ElideRight,
                                             max(0, field.width() - icon))
