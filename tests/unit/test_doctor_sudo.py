"""The doctor flags a sudo run that lost the invoking user's HF_* variables and caches."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

import pytest

from hfmanager.core import doctor


@pytest.fixture
def as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)


def _alice(tmp_path: Path, with_cache: bool = True) -> Path:
    home = tmp_path / "home" / "alice"
    (home / ".cache" / ("huggingface/hub" if with_cache else "")).mkdir(parents=True)
    return home


@pytest.mark.usefixtures("as_root")
def test_sudo_that_lost_the_users_caches_is_flagged_with_the_fix(tmp_path: Path) -> None:
    alice = _alice(tmp_path)
    env = {"SUDO_USER": "alice", "SUDO_UID": "1000", "HOME": "/root",
           "HF_HOME": "/root/.cache/huggingface"}
    check = doctor.check_sudo(env, alice)
    theirs = str(alice / ".cache" / "huggingface")
    assert check.status == "warn"
    assert check.details["lost_caches"] == theirs
    assert [m.code for m in check.value_msgs] == ["doctor.sudo_lost_value"]
    assert check.hint_msg is not None
    assert check.hint_msg.code == "doctor.sudo_lost_hint"
    assert "/root/.cache/huggingface" in check.value
    assert theirs in check.value
    for fix in ("sudo -E", f"sudo env HF_HUB_OFFLINE=1 HF_HOME={theirs}",
                'Defaults env_keep += "HF_HUB_OFFLINE HF_HOME HF_HUB_CACHE"'):
        assert fix in check.hint


@pytest.mark.usefixtures("as_root")
def test_sudo_that_kept_the_environment_or_has_no_user_cache(tmp_path: Path) -> None:
    alice = _alice(tmp_path)
    kept = {"SUDO_USER": "alice", "HF_HOME": str(alice / ".cache" / "huggingface")}
    check = doctor.check_sudo(kept, alice)
    assert (check.status, check.details["lost_caches"]) == ("warn", None)
    assert [m.code for m in check.value_msgs] == ["doctor.sudo_value"]
    hub_only = {"SUDO_USER": "alice", "HF_HUB_CACHE": str(alice / ".cache/huggingface/hub")}
    assert doctor.check_sudo(hub_only, alice).details["lost_caches"] is None
    bare = _alice(tmp_path / "b", with_cache=False)
    env = {"SUDO_USER": "alice", "HF_HOME": "/root/.cache/huggingface"}
    assert doctor.check_sudo(env, bare).details["lost_caches"] is None
    assert doctor.check_sudo({}, alice).status == "ok"


def test_not_root_is_fine_and_the_user_is_looked_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000, raising=False)
    env = {"SUDO_USER": "alice", "HF_HOME": "/root/.cache/huggingface"}
    assert doctor.check_sudo(env, _alice(tmp_path)).status == "ok"
    root = pwd.getpwuid(0)
    assert doctor.sudo_user_home({"SUDO_UID": "0"}) == Path(root.pw_dir)
    assert doctor.sudo_user_home({"SUDO_USER": root.pw_name}) == Path(root.pw_dir)
    assert doctor.sudo_user_home({"SUDO_USER": "no-such-user-hfm"}) is None
