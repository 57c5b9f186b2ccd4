"""The Simplified Chinese translation loads, is complete, and reaches the window."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication, QTranslator

from hfmanager.app import install_translator, remove_translator, translations_path
from hfmanager.core.paths import resources_dir


def test_qm_loads_and_translates_known_strings(qapp) -> None:  # type: ignore[no-untyped-def]
    translator = QTranslator()
    assert translator.load(translations_path("zh_CN"))
    assert translator.translate("MainWindow", "&Refresh") == "刷新(&R)"
    assert translator.translate("fmt", "{n} days ago") == "{n} 天前"
    assert translator.translate("LibraryView", "Copy path") == "复制路径"


def test_every_string_in_the_ts_file_is_translated() -> None:
    root = ET.parse(resources_dir() / "translations" / "hfmanager_zh_CN.ts").getroot()
    unfinished = [m.findtext("source") for m in root.iter("message")
                  if m.find("translation") is None
                  or m.find("translation").get("type") == "unfinished"]  # type: ignore[union-attr]
    assert unfinished == []


def test_window_speaks_chinese_with_the_translator(qtbot, ctx, qapp) -> None:  # type: ignore[no-untyped-def]
    from hfmanager.ui.main_window import MainWindow

    translator = install_translator(qapp, "zh_CN")
    assert translator is not None
    try:
        win = MainWindow(ctx, scan_on_start=False)
        qtbot.addWidget(win)
        assert win.windowTitle() == "Hugging Face 缓存管理器"
        assert win.refresh_action.text() == "刷新(&R)"
        assert QCoreApplication.translate("fmt", "just now") == "刚刚"
    finally:
        remove_translator(qapp, translator)
