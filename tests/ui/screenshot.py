"""Render the README screenshot offscreen: ``python -m tests.ui.screenshot out.png``.

Environment: SELECT (repo id to select), TAB (details tab index), SCALE (weight size
multiplier), LANG_UI (``zh_CN`` for the Chinese screenshot), EMPTY=1 (empty caches).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path


def main(out: str) -> None:
    base = Path(tempfile.mkdtemp())
    os.environ.update(QT_QPA_PLATFORM="offscreen", HFMANAGER_DATA_DIR=str(base / "data"),
                      HFMANAGER_CONFIG_DIR=str(base / "cfg"), HF_HOME=str(base / "hf"),
                      TORCH_HOME=str(base / "torch"))
    import qasync
    from PySide6.QtWidgets import QApplication

    import hfmanager.ui  # noqa: F401  (PySide6 workaround first)

    app = QApplication(sys.argv[:1])
    from hfmanager.app import build_window, install_translator, wanted_language
    from hfmanager.core.settings import Settings
    from hfmanager.core.store import Store
    from hfmanager.ui.bridge import Bridge
    from hfmanager.ui.context import AppContext
    from tests.ui.samples import build_sample_cache

    install_translator(app, wanted_language(os.environ.get("LANG_UI", "en")))
    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    if os.environ.get("EMPTY") != "1":
        build_sample_cache(base / "hf" / "hub", base / "torch" / "hub",
                           scale=int(os.environ.get("SCALE", "20000")), aged=True)
    ctx = AppContext(Settings(), Store(), Bridge())
    win = build_window(ctx)
    win.resize(1280, 800)
    win.show()

    def pump(seconds: float) -> None:
        end = time.time() + seconds
        while time.time() < end:
            app.processEvents()

    pump(0.3)
    while ctx.bridge.scanning:
        pump(0.1)
    pump(1.5)
    if os.environ.get("SELECT"):
        win.library.select_repo(os.environ["SELECT"])
        win.library.details.tabs.setCurrentIndex(int(os.environ.get("TAB", "0")))
    pump(0.3)
    win.grab().save(out)
    print("saved", out)


if __name__ == "__main__":
    main(sys.argv[1])
