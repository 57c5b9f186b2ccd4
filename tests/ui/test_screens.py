"""Right on every screen: tab pages stay under their tab, the window fits the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication

from hfmanager.ui import screenfit
from hfmanager.ui.views.repo_details import NARROW_TREE
from tests.ui.samples import LLAMA


def test_the_default_size_fits_a_small_screen() -> None:
    small = screenfit.fitted_size(screenfit.DEFAULT_SIZE, QSize(1024, 700))
    assert small.width() + screenfit.FRAME.width() <= 1024
    assert small.height() + screenfit.FRAME.height() <= 700
    assert screenfit.fitted_size(QSize(900, 600), QSize(1920, 1080)) == QSize(900, 600)


def test_the_name_column_stretches_but_never_collapses(qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 1024 px the Repo column shrank to "m…t" while the others kept their width."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QHeaderView, QTableView

    from hfmanager.ui.views.columns import StretchWithMinimum

    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(QStandardItemModel(3, 4, view))
    guard = StretchWithMinimum(view, 1, 150)
    for col in (0, 2, 3):
        view.setColumnWidth(col, 100)
    header = view.horizontalHeader()
    view.resize(320, 200)  # 300 px for the others: the name would get ~20
    view.show()
    qtbot.waitUntil(lambda: header.sectionSize(1) >= guard.minimum)
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Interactive
    view.resize(900, 200)  # room again: the name takes all that is left
    qtbot.waitUntil(lambda: header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch)
    qtbot.waitUntil(lambda: header.sectionSize(1) > 500)


def test_the_table_gets_what_its_columns_need_the_details_the_rest(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from hfmanager.ui.views.columns import StretchWithMinimum, split_sizes

    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(QStandardItemModel(1, 4, view))
    StretchWithMinimum(view, 1, 150)
    for col in (0, 2, 3):
        view.setColumnWidth(col, 100)
    need = 300 + 150
    table, details = split_sizes(view, 1, 870, 240)  # a 1024 px screen's library page
    assert table >= need
    assert details >= 240
    assert table + details == 870
    table, details = split_sizes(view, 1, 1120, 240)  # 1280 px: the details get 42%
    assert details == int(1120 * 0.42)
    assert split_sizes(view, 1, 500, 240)[1] == 240  # too narrow: the details keep theirs


def test_selecting_a_repo_keeps_the_open_tab_on_top(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The Files tree was shown over the Test load (or Details) tab at each selection."""
    details = window.library.details
    assert window.library.select_repo(LLAMA)
    details.tabs.setCurrentWidget(details.details)
    qtbot.waitUntil(details.details.isVisible)
    assert window.library.select_repo("stabilityai/sd-turbo")
    assert details.details.isVisible()
    assert not details.tree.isVisible()
    details.tabs.setCurrentWidget(details.tree)
    assert details.tree.isVisible()
    assert not details.details.isVisible()


def test_a_saved_size_bigger_than_the_screen_is_clamped(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from hfmanager.ui.main_window import MainWindow

    area = QGuiApplication.primaryScreen().availableGeometry()
    first = MainWindow(ctx, scan_on_start=False)
    qtbot.addWidget(first)
    first.setGeometry(area.x() + 50, area.y() + 50, area.width() + 400, area.height() + 300)
    first.save_geometry()  # as saved on a bigger screen
    again = MainWindow(ctx, scan_on_start=False)
    qtbot.addWidget(again)
    frame = again.geometry().adjusted(0, 0, screenfit.FRAME.width(), screenfit.FRAME.height())
    assert area.contains(frame), (area, again.geometry())


# A 1600x1000 screen at QT_SCALE_FACTOR=2 is 800x500 logical pixels; less the frame.
SMALLEST_SCREEN = screenfit.fitted_size(screenfit.DEFAULT_SIZE, QSize(800, 500))


def test_the_window_fits_a_2x_screen_on_every_page(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Selecting a repo grew the window to 928 px and more (the Test load page, the
    Cleanup rules in one row, combo boxes 28 characters wide)."""
    details = window.library.details
    assert window.library.select_repo(LLAMA)
    for i in range(details.tabs.count()):
        details.tabs.setCurrentIndex(i)
        for key in window._pages:
            window.show_page(key)
            hint = window.minimumSizeHint()
            assert hint.width() <= SMALLEST_SCREEN.width(), (key, i, hint)
            assert hint.height() <= SMALLEST_SCREEN.height(), (key, i, hint)
    window.show_page("library")
    qtbot.waitUntil(lambda: not window.ctx.bridge.scanning)  # nothing left running
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    widest = max(window.nav.fontMetrics().horizontalAdvance(t) for t in titles)
    assert window.nav.minimumWidth() > widest + window.nav.iconSize().width()  # no "Libr..."


def test_long_file_names_in_messages_can_wrap() -> None:
    from hfmanager.ui.fmt import wrappable

    text = wrappable("No estimate: diffusion_pytorch_model.safetensors: header too large")
    assert "diffusion_\u200bpytorch_\u200bmodel.\u200bsafetensors:" in text
    assert text.replace("\u200b", "") == ("No estimate: diffusion_pytorch_model.safetensors: "
                                          "header too large")
    assert wrappable("a well-known short-name.txt") == "a well-known short-name.txt"


def test_copied_text_loses_the_zero_width_spaces(qapp) -> None:  # type: ignore[no-untyped-def]
    """A path copied from the Details pane pasted with invisible characters in it."""
    from PySide6.QtGui import QClipboard

    from hfmanager.ui import fmt

    fmt.clean_copies(qapp)
    clipboard = qapp.clipboard()
    clipboard.setText(fmt.wrappable("/cache/models--org--name/snapshots/0123456789abcdef"))
    qapp.processEvents()
    assert clipboard.text(QClipboard.Mode.Clipboard) == (
        "/cache/models--org--name/snapshots/0123456789abcdef")


def _titles_readable(details) -> bool:  # type: ignore[no-untyped-def]
    """Every offered tab's title shown whole: no scroll arrows, no title out of sight."""
    from PySide6.QtWidgets import QToolButton

    tabs = details.tabs
    offered = [i for i in range(tabs.count()) if tabs.isTabVisible(i)]
    bar = tabs.tabBar()
    if bar.isVisible():
        arrows = [b for b in bar.findChildren(QToolButton) if b.isVisible()]
        return not arrows and all(bar.rect().contains(bar.tabRect(i)) for i in offered)
    strip = details.strip
    buttons = [strip.buttons[i] for i in offered]
    return all(b.isVisible() and strip.rect().contains(b.geometry())
               and b.width() >= b.sizeHint().width() for b in buttons)


@pytest.mark.parametrize("size", [QSize(1024, 700), QSize(1280, 800), QSize(800, 500)],
                         ids=["1024x700", "1280x800", "2x-1600x1000"])
def test_no_tab_scrolls_sideways_or_hides_a_title(window, qtbot, size) -> None:  # type: ignore[no-untyped-def]
    """At 1024x700 the details pane is ~260 px: its tab bar showed scroll arrows (four
    tabs did not fit) and the Details and Test load pages scrolled sideways by 10-20 px
    (a long word, "LlamaForCausalLM", and the Python row set their minimum width)."""
    from PySide6.QtWidgets import QScrollArea

    window.resize(screenfit.fitted_size(screenfit.DEFAULT_SIZE, size))
    details = window.library.details
    assert window.library.select_repo(LLAMA)
    for i in range(details.tabs.count()):
        details.tabs.setCurrentIndex(i)
        page = details.tabs.widget(i)
        qtbot.waitUntil(page.isVisible)
        qtbot.wait(50)  # the layouts settle (height-for-width) before they are read
        assert _titles_readable(details), (i, details.width())
        if isinstance(page, QScrollArea):
            bar = page.horizontalScrollBar()
            assert bar.maximum() == 0, (details.tabs.tabText(i), bar.maximum(), page.width())
    title = details.title  # "meta-llama/Llama-3.2-1B-In" cut at the pane's edge
    assert title.minimumSizeHint().width() <= title.width() <= details.width()
    assert title.heightForWidth(title.width()) <= title.height(), title.size()
    # Narrow: the Files tree drops Kind (the icons say it), the names get its room
    details.tabs.setCurrentWidget(details.tree)
    qtbot.waitUntil(details.tree.isVisible)
    narrow = details.tree.viewport().width() < NARROW_TREE
    assert details.tree.isColumnHidden(2) == narrow
    assert narrow == (size == QSize(1024, 700))  # at 2x the details go under the table
    window.show_page("library")
    qtbot.waitUntil(lambda: not window.ctx.bridge.scanning)  # nothing left running


@pytest.mark.parametrize("size", [QSize(1024, 700), QSize(800, 500)], ids=["1024x700", "2x"])
def test_the_downloads_table_keeps_the_repository_readable(window, qtbot, size) -> None:  # type: ignore[no-untyped-def]
    """A fixed 220 px Message column left ~90 px to the Repository ("demo/ mirrored-...");
    made to share it, both went to nothing at 2x."""
    window.resize(screenfit.fitted_size(screenfit.DEFAULT_SIZE, size))
    window.show_page("downloads")
    view = window.pages.widget(window._pages["downloads"])
    qtbot.waitUntil(view.table.isVisible)
    qtbot.wait(50)  # the header settles after the resize
    assert view.table.horizontalHeader().sectionSize(0) >= 160
    if size == QSize(1024, 700):
        assert view.table.horizontalScrollBar().maximum() == 0  # and nothing to scroll to
    window.show_page("library")
    qtbot.waitUntil(lambda: not window.ctx.bridge.scanning)


def test_the_add_download_dialog_fits_a_2x_screen(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """At 2x (500 logical px tall) it opened 520 px tall: Download and Cancel were cut."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from hfmanager.ui.dialogs.add_download import AddDownloadDialog

    def never(_spec):  # type: ignore[no-untyped-def]
        raise AssertionError("no plan is asked for")

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 800, 500))
    dialog = AddDownloadDialog(never, None, initial="org/model", env={})
    qtbot.addWidget(dialog)
    assert dialog.height() + screenfit.FRAME.height() <= 500
    assert dialog.minimumSizeHint().height() <= dialog.height()  # it can be that small


def test_the_downloads_files_list_keeps_the_fallback_reason_in_sight(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At 2x the name column's fixed 320 px pushed Fallback (why a mirror was left) off
    to the right: the names take 30% now, the reason keeps room on screen."""
    window.resize(SMALLEST_SCREEN)
    window.show_page("downloads")
    files = window.pages.widget(window._pages["downloads"]).files
    qtbot.waitUntil(files.isVisible)
    qtbot.wait(50)  # the columns follow the resize
    header = files.header()
    assert header.sectionViewportPosition(4) + 120 <= files.viewport().width()
    window.show_page("library")
    qtbot.waitUntil(lambda: not window.ctx.bridge.scanning)


def test_a_long_device_name_is_elided_not_cut(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The Test load device box beside Refresh is ~140 px at 1024x700: Qt cut the name at
    the edge ("cpu: CPU (x86_6"); the closed box now ends it with "…" and its tooltip
    and open list say it whole."""
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    from hfmanager.ui.elidecombo import ElidingComboBox

    combo = ElidingComboBox()
    qtbot.addWidget(combo)
    name = "cuda:0: NVIDIA H200 141 GiB (HBM3e, compute 9.0, driver 570.86)"
    combo.addItem(name, "cuda:0")
    combo.addItem("cpu", "cpu")
    combo.setFixedWidth(140)
    combo.show()
    qtbot.waitExposed(combo)
    shown = combo.shown_text()
    opt = QStyleOptionComboBox()
    combo.initStyleOption(opt)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    assert shown.endswith("…")
    assert name.startswith(shown[:-1])
    assert combo.fontMetrics().horizontalAdvance(shown) <= field.width()
    assert combo.toolTip() == name
    combo.grab()  # paints through paintEvent
    combo.setCurrentIndex(1)
    assert combo.shown_text() == "cpu"
    assert combo.toolTip() == "cpu"
    assert isinstance(window.loadtest_panel.device_combo, ElidingComboBox)


def _long_import() -> object:
    """An import that reports a dozen lines: eight files left out, more, missing, the search."""
    from hfmanager.core.transfer.importer import ImportResult, Rejected

    return ImportResult(
        "org/m", "model", "", "a" * 40, False, "/snap", imported=["config.json"],
        rejected=[Rejected(f"weights/part-{i:05d}.safetensors", "differs") for i in range(12)],
        missing=["tokenizer.json"], head="b" * 40, searched=50, search_limited=True)


def _outcome_dialog(which: str):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from hfmanager.ui.dialogs.export_dialog import ExportDialog
    from hfmanager.ui.dialogs.import_dialog import ImportDialog
    from hfmanager.ui.dialogs.reconcile_dialog import ReconcileDialog

    def never(*_args):  # type: ignore[no-untyped-def]
        raise AssertionError("nothing runs")

    if which == "import":
        return ImportDialog(never)
    if which == "export":
        return ExportDialog(SimpleNamespace(repo_id="org/m", revisions=()), never)  # type: ignore[arg-type]
    return ReconcileDialog("org/m", "c" * 40, never)


@pytest.mark.parametrize("which", ["import", "export", "reconcile"])
def test_a_long_outcome_keeps_the_buttons_on_a_2x_screen(qtbot, monkeypatch, which: str) -> None:  # type: ignore[no-untyped-def]
    """At 2x (500 logical px tall) an import's dozen outcome lines grew the dialog to 533 px
    from where it opened: Import and Close went below the screen. The lines scroll now, and
    the dialog moves up into the screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from hfmanager.ui.dialogs.import_dialog import describe

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 800, 500))
    dialog = _outcome_dialog(which)
    qtbot.addWidget(dialog)
    dialog.move(100, 150)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog._say("short")
    short = dialog.height()
    assert short + screenfit.FRAME.height() <= 500
    dialog._say(describe(_long_import()))  # type: ignore[arg-type]
    assert dialog.height() + screenfit.FRAME.height() <= 500
    assert dialog.frameGeometry().bottom() < 500  # moved up, not only shrunk
    assert dialog.buttons.geometry().bottom() < dialog.height()  # the buttons are inside
    assert dialog.height() > short  # it grew for the lines where there was room
    dialog._say("short")
    assert dialog.height() == short  # and shrinks back for a short one
