"""`hfmanager install-desktop`: put the app in the Linux desktop's menu, or take it out.

Installs, into the user's XDG data dir (``$XDG_DATA_HOME``, else ``~/.local/share``):
``applications/hfmanager.desktop`` (its ``Exec=`` the absolute path of this install's
launcher, or of the frozen build when run from one), the icon as
``icons/hicolor/scalable/apps/hfmanager.svg`` and the AppStream metainfo in ``metainfo/``.
A manifest (``hfmanager/desktop-install.json`` there) lists every file and folder it
created, so ``--uninstall`` removes exactly those and nothing the user had before.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

DESKTOP_ID = "hfmanager.desktop"
METAINFO = "io.github.hfmanager.metainfo.xml"
MANIFEST = Path("hfmanager") / "desktop-install.json"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("install-desktop", help="add the app to the desktop menu (Linux)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--uninstall", action="store_true",
                   help="remove what an earlier install-desktop put there")
    # Needs neither the app's data folder nor its store.
    p.set_defaults(func=run, checks_folders=True)


def data_home(env: dict[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME`` when set to an absolute path (the spec ignores a relative one),
    else ``~/.local/share``."""
    value = (os.environ if env is None else env).get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launcher() -> list[str]:
    """The command that opens the app: the frozen build itself, else this install's
    ``hfmanager-gui`` (or ``hfmanager``) script, else this Python with ``-m hfmanager``."""
    if getattr(sys, "frozen", False):
        return [os.path.abspath(sys.executable)]
    scripts = [Path(sysconfig.get_path("scripts")), Path(sys.executable).parent]
    for folder in scripts:
        for name in ("hfmanager-gui", "hfmanager"):
            if (folder / name).is_file() and os.access(folder / name, os.X_OK):
                return [str((folder / name).absolute())]
    return [os.path.abspath(sys.executable), "-m", "hfmanager"]


def exec_value(argv: list[str]) -> str:
    """``argv`` as a desktop entry ``Exec=`` value: an argument with a reserved character
    is double-quoted, with ``"`", "$" and "\\"`` escaped by a backslash (Desktop Entry
    spec, "The Exec key"); a literal ``%`` is doubled. The backslashes are then doubled
    once more, because the key's value is itself a string with escapes."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    out = []
    for arg in argv:
        arg = arg.replace("%", "%%")
        if any(c in reserved for c in arg):
            arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
        out.append(arg.replace("\\", "\\\\"))
    return " ".join(out)


@dataclass(frozen=True)
class Plan:
    """Each file to write (destination: content) under one data dir."""

    root: Path
    files: dict[Path, bytes]


def plan(root: Path, resources: Path, command: list[str]) -> Plan:
    entry = (resources / DESKTOP_ID).read_text(encoding="utf-8")
    lines = [f"Exec={exec_value(command)}" if ln.startswith("Exec=") else ln
             for ln in entry.splitlines()]
    files = {
        root / "applications" / DESKTOP_ID: ("\n".join(lines) + "\n").encode("utf-8"),
        root / "icons" / "hicolor" / "scalable" / "apps" / "hfmanager.svg":
            (resources / "icons" / "hfmanager.svg").read_bytes(),
        root / "metainfo" / METAINFO: (resources / METAINFO).read_bytes(),
    }
    return Plan(root, files)


def _made_dirs(path: Path, root: Path) -> list[Path]:
    """The folders between ``root`` and ``path`` that do not exist yet, outermost first."""
    missing = []
    for parent in [path, *path.parents]:
        if parent == root.parent or parent.exists():
            break
        missing.append(parent)
    return list(reversed(missing))


def install(p: Plan) -> list[Path]:
    """Write every file of ``p`` (replacing an earlier copy) and the manifest; returns
    the files written."""
    manifest = p.root / MANIFEST
    created: list[str] = []
    if manifest.is_file():  # a second install keeps the first one's record of folders
        created = list(json.loads(manifest.read_text(encoding="utf-8")).get("dirs", []))
    new_files = []
    for dest, data in [*p.files.items(), (manifest, b"")]:
        created += [str(d) for d in _made_dirs(dest.parent, p.root) if str(d) not in created]
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest != manifest:
            tmp = dest.with_name(dest.name + ".hfm-tmp")
            tmp.write_bytes(data)
            os.replace(tmp, dest)
            new_files.append(dest)
    record = {"files": [str(f) for f in new_files], "dirs": created}
    manifest.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return new_files


def uninstall(root: Path) -> list[Path]:
    """Remove the files and (now empty) folders the manifest names, then the manifest.
    Without a manifest nothing is removed. Returns what was removed."""
    manifest = root / MANIFEST
    if not manifest.is_file():
        return []
    record = json.loads(manifest.read_text(encoding="utf-8"))
    removed = []
    for name in record.get("files", []):
        path = Path(name)
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(path)
    manifest.unlink()
    removed.append(manifest)
    for name in sorted(record.get("dirs", []), key=len, reverse=True):  # deepest first
        path = Path(name)
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
            removed.append(path)
    return removed


def run(args: argparse.Namespace) -> int:
    from hfmanager.core.paths import resources_dir

    root = data_home(dict(os.environ))
    if args.uninstall:
        removed = uninstall(root)
        for path in removed:
            print(f"removed {path}")
        if not removed:
            print(f"nothing to remove: no {root / MANIFEST}", file=sys.stderr)
        return 0
    command = launcher()
    for path in install(plan(root, resources_dir(), command)):
        print(f"installed {path}")
    print(f"Exec={exec_value(command)}")
    return 0
