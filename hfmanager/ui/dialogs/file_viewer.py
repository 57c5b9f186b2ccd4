"""A read-only viewer for a cached text file: configs, README, code.

One widget (:class:`FileViewer`) serves the file tree's "View" (in
:class:`FileViewerDialog`) and the custom-code consent dialog. What it shows comes from
:func:`hfmanager.core.preview.read_preview` (capped, links followed only inside the
cache, JSON checked before it is pretty-printed). Nothing is ever run; Markdown is shown
without loading any image or following any link.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QFontDatabase, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.preview import Preview, PreviewFormat, PreviewIssue, read_preview
from hfmanager.ui.dialogs.highlight import PythonHighlighter
from hfmanager.ui.fmt import human_size


def front_matter_as_code(text: str) -> str:
    """A model card's YAML header (license, tags...) as a code block: Markdown alone
    would turn it into a rule and a heading."""
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---", 3)
    if end < 0:
        return text
    rest = text[end + 4:].partition("\n")[2]
    return f"```yaml\n{text[4:end]}\n```\n\n{rest}"


class _QuietBrowser(QTextBrowser):
    """Markdown from a cache: no image, local or remote, is loaded; links go nowhere."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        return None  # images and style sheets named by the document stay unloaded


class FileViewer(QWidget):
    """A note line (cut, replaced bytes, broken link...) over the file's text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("viewerNote")
        self.note.setVisible(False)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setObjectName("viewerText")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setWordWrapMode(QTextOption.WrapMode.NoWrap)
        self.markdown = _QuietBrowser()
        self.markdown.setObjectName("viewerMarkdown")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.text)
        self.stack.addWidget(self.markdown)
        self.highlighter: PythonHighlighter | None = None
        self.preview: Preview | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.stack, 1)

    def show_file(self, path: str, name: str | None = None, *, root: str | None = None) -> None:
        """Read ``path`` (``name`` picks the format) and show it; see :func:`read_preview`."""
        self.show_preview(read_preview(path, name, root=root))

    def show_preview(self, preview: Preview) -> None:
        self.preview = preview
        notes = self.notes(preview)
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        if preview.format is PreviewFormat.MARKDOWN and not preview.failed and \
                preview.issue is None:
            self.markdown.setMarkdown(front_matter_as_code(preview.text))
            self.stack.setCurrentWidget(self.markdown)
            return
        self._set_highlighting(preview.format is PreviewFormat.PYTHON)
        self.text.setPlainText(preview.text)
        self.stack.setCurrentWidget(self.text)

    def shown_text(self) -> str:
        """The text as shown (plain, or the Markdown's rendered text)."""
        if self.stack.currentWidget() is self.markdown:
            return self.markdown.toPlainText()
        return self.text.toPlainText()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.highlighter is not None:
            self.highlighter.set_palette(self.palette())  # light <-> dark colours

    def _set_highlighting(self, on: bool) -> None:
        if on and self.highlighter is None:
            self.highlighter = PythonHighlighter(self.text.document(), self.palette())
        elif not on and self.highlighter is not None:
            self.highlighter.setDocument(QTextDocument())  # detach; the old one is freed
            self.highlighter.deleteLater()
            self.highlighter = None

    def notes(self, p: Preview) -> list[str]:
        """What the viewer says above the text, translated."""
        out = []
        issue = {
            PreviewIssue.BROKEN_LINK: self.tr(
                "This file's link is broken: its target {target} is missing. Use \"Download "
                "again\" in the file list to fetch it."),
            PreviewIssue.LINK_OUTSIDE: self.tr(
                "This file links outside the cache ({target}); it was not followed."),
            PreviewIssue.UNREADABLE: self.tr("This file cannot be read: {target}"),
            PreviewIssue.BINARY: self.tr("This is a binary file; it is not shown."),
            PreviewIssue.BAD_JSON: self.tr(
                "Not valid JSON ({target}); the raw text is shown."),
        }
        if p.issue is not None:
            out.append(issue[p.issue].format(target=p.detail))
        if p.truncated:
            out.append(self.tr("Only the first {shown} of {size} are shown.").format(
                shown=human_size(p.shown), size=human_size(p.size)))
        if p.replaced:
            out.append(self.tr("Bytes that are not UTF-8 text are shown as \ufffd."))
        return out


class FileViewerDialog(QDialog):
    """A window over one file of a snapshot: its path in the title, the viewer, Close."""

    def __init__(self, path: str, name: str, *, root: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("{name} \u2014 read only").format(name=name))
        self.setObjectName("fileViewerDialog")
        self.viewer = FileViewer()
        self.viewer.show_file(path, name, root=root)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.viewer, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)
