"""Build the one-folder app with PyInstaller: ``python packaging/build.py [--dist DIR]``.

Run it with the Python whose packages go into the build (a venv with ``pip install -e
".[package]"``). The program is ``DIR/hfmanager/hfmanager`` (``.exe`` on Windows;
``DIR/hfmanager.app`` on macOS). See packaging/README.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "hfmanager.spec"


def render_icon(out: Path, size: int = 512) -> Path:
    """The SVG app icon as a PNG (PyInstaller turns it into .ico/.icns, with Pillow)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(ROOT / "resources" / "icons" / "hfmanager.svg")).render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out)):
        raise SystemExit(f"could not write {out}")
    return out


def program(dist: Path) -> Path:
    """The built program's path."""
    if sys.platform == "darwin":
        return dist / "hfmanager.app" / "Contents" / "MacOS" / "hfmanager"
    return dist / "hfmanager" / ("hfmanager.exe" if os.name == "nt" else "hfmanager")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the app folder goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder (default: build/pyinstaller/)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if sys.platform in ("win32", "darwin"):  # Linux menus take the SVG (install-desktop)
        env["HFMANAGER_ICON_PNG"] = str(render_icon(args.work / "hfmanager.png"))
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(args.dist), "--workpath", str(args.work), str(SPEC)]
    done = subprocess.run(cmd, env=env, cwd=ROOT, check=False)
    if done.returncode != 0:
        return done.returncode
    print(program(args.dist))
    return 0


if __name__ == "__main__":
    sys.exit(main())
