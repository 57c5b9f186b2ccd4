"""`hfmanager install-desktop`: what it writes into the XDG data dir, and that
`--uninstall` takes back exactly that (validators on the files: tests/integration/
test_packaging_desktop.py)."""

from __future__ import annotations

import configparser
import os
import shlex
import sys
from pathlib import Path

import pytest

from hfmanager.cli import desktop
from hfmanager.cli import main as cli_main
from hfmanager.core.paths import resources_dir

ICON = Path("icons/hicolor/scalable/apps/hfmanager.svg")


def _tree(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(root))
    return root


def test_install_puts_the_three_files_where_the_desktop_looks(xdg: Path) -> None:
    assert cli_main(["install-desktop"]) == 0
    entry = _entry(xdg / "applications" / "hfmanager.desktop")
    assert (xdg / ICON).read_bytes() == (resources_dir() / "icons" / "hfmanager.svg").read_bytes()
    meta = xdg / "metainfo" / "io.github.hfmanager.metainfo.xml"
    assert meta.read_bytes() == (resources_dir() / desktop.METAINFO).read_bytes()
    assert entry["Icon"] == "hfmanager"
    # Exec names this install's launcher by its absolute path, and it runs.
    argv = shlex.split(entry["Exec"])
    assert os.path.isabs(argv[0])
    assert os.access(argv[0], os.X_OK)
    assert argv == desktop.launcher()


def test_exec_is_the_frozen_build_when_run_frozen(xdg: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    app = tmp_path / "dist dir" / "hfmanager" / "hfmanager"  # a space, quoted in Exec
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app))
    assert cli_main(["install-desktop"]) == 0
    entry = _entry(xdg / "applications" / "hfmanager.desktop")
    assert entry["Exec"] == f'"{app}"'


@pytest.mark.parametrize(("argv", "value"), [
    (["/opt/hf/bin/hfmanager-gui"], "/opt/hf/bin/hfmanager-gui"),
    (["/home/a b/hfm"], '"/home/a b/hfm"'),
    (["/x/$HOME/py", "-m", "hfmanager"], '"/x/\\\\$HOME/py" -m hfmanager'),
    (["/x/100%/py"], "/x/100%%/py"),
])
def test_exec_value_quotes_as_the_spec_says(argv: list[str], value: str) -> None:
    assert desktop.exec_value(argv) == value


def test_uninstall_removes_exactly_what_install_added(xdg: Path) -> None:
    # The user's own entries and folders are there before, and stay after.
    (xdg / "applications").mkdir(parents=True)
    (xdg / "applications" / "other.desktop").write_text("[Desktop Entry]\n")
    (xdg / "icons" / "hicolor").mkdir(parents=True)
    before = _tree(xdg)
    assert cli_main(["install-desktop"]) == 0
    assert cli_main(["install-desktop"]) == 0  # twice: still one record of what is ours
    assert _tree(xdg) != before
    assert cli_main(["install-desktop", "--uninstall"]) == 0
    assert _tree(xdg) == before


def test_uninstall_into_an_empty_data_dir_leaves_nothing(xdg: Path) -> None:
    assert cli_main(["install-desktop"]) == 0
    assert cli_main(["install-desktop", "--uninstall"]) == 0
    assert not xdg.exists()


def test_uninstall_without_an_install_removes_nothing(xdg: Path) -> None:
    (xdg / "applications").mkdir(parents=True)
    (xdg / "applications" / "hfmanager.desktop").write_text("[Desktop Entry]\n")  # not ours
    before = _tree(xdg)
    assert cli_main(["install-desktop", "--uninstall"]) == 0
    assert _tree(xdg) == before


def test_a_relative_xdg_data_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    assert desktop.data_home({"XDG_DATA_HOME": "rel/share"}) == \
        Path.home() / ".local" / "share"
    assert desktop.data_home({"XDG_DATA_HOME": "/abs/share"}) == Path("/abs/share")


def test_the_metainfo_names_no_address_the_project_does_not_state() -> None:
    """Its homepage (and screenshot) pointed at a guessed github.com/hfmanager/hfmanager:
    an address may appear only where pyproject.toml's [project.urls] gives it."""
    import re

    import tomllib

    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml")
                              .read_text(encoding="utf-8"))
    stated = set(pyproject["project"].get("urls", {}).values())
    meta = (resources_dir() / "io.github.hfmanager.metainfo.xml").read_text(encoding="utf-8")
    addresses = set(re.findall(r"https?://[^<\"'\s]+", meta))
    assert addresses <= stated, addresses - stated
