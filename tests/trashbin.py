"""A private trash for tests that move things to the trash (send2trash on Linux).

send2trash reads XDG_DATA_HOME once, at import, and puts a file in the home trash only
when the file is on the same device as the home folder; otherwise it uses the top-level
``.Trash-<uid>`` of the file's own filesystem. The tests' temporary folders may live on a
tmpfs (tests/conftest.py) or any disk other than $HOME's, so both the trash and HOME are
pointed under the test's own folder: nothing reaches the real trash or the root of
/dev/shm, and the test knows where to look.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def private_trash(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Path:
    """Make ``folder`` hold HOME and the trash; returns the trash folder (``.../Trash``)."""
    import send2trash.plat_other as trash_impl

    home = folder / "home"
    home.mkdir(parents=True, exist_ok=True)
    data = home / ".local" / "share"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(trash_impl, "XDG_DATA_HOME", os.fsencode(data))
    monkeypatch.setattr(trash_impl, "HOMETRASH", str(data / "Trash"))
    monkeypatch.setattr(trash_impl, "HOMETRASH_B", os.fsencode(data / "Trash"))
    return data / "Trash"
