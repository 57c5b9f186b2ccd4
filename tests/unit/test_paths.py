"""Cache root discovery follows huggingface_hub / torch.hub precedence and names the source."""

from __future__ import annotations

from pathlib import Path

import pytest

from hfmanager.core import paths
from hfmanager.core.paths import RootKind


def test_hf_hub_cache_wins_over_everything() -> None:
    env = {"HF_HUB_CACHE": "/a", "HUGGINGFACE_HUB_CACHE": "/b", "TRANSFORMERS_CACHE": "/c",
           "HF_HOME": "/d", "XDG_CACHE_HOME": "/e"}
    root = paths.hf_hub_cache_root(env)
    assert (root.path, root.kind, root.source) == (Path("/a"), RootKind.HF, "HF_HUB_CACHE")


@pytest.mark.parametrize(("env", "expected", "source"), [
    ({"HUGGINGFACE_HUB_CACHE": "/b", "TRANSFORMERS_CACHE": "/c", "HF_HOME": "/d"}, "/b",
     "HUGGINGFACE_HUB_CACHE"),
    ({"TRANSFORMERS_CACHE": "/c", "HF_HOME": "/d", "XDG_CACHE_HOME": "/e"}, "/c",
     "TRANSFORMERS_CACHE"),
    ({"HF_HOME": "/d", "XDG_CACHE_HOME": "/e"}, "/d/hub", "HF_HOME"),
    ({"XDG_CACHE_HOME": "/e"}, "/e/huggingface/hub", "XDG_CACHE_HOME"),
    ({"HF_HUB_CACHE": ""}, str(Path.home() / ".cache/huggingface/hub"), "default"),
])
def test_hf_precedence(env: dict[str, str], expected: str, source: str) -> None:
    root = paths.hf_hub_cache_root(env)
    assert (str(root.path), root.source) == (expected, source)


def test_user_home_and_vars_are_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYBASE", "/base")
    assert paths.hf_hub_cache_root({"HF_HUB_CACHE": "$MYBASE/x"}).path == Path("/base/x")
    assert paths.hf_hub_cache_root({"HF_HOME": "~/h"}).path == Path.home() / "h" / "hub"


@pytest.mark.parametrize(("env", "expected", "source"), [
    ({"TORCH_HOME": "/t", "XDG_CACHE_HOME": "/e"}, "/t/hub", "TORCH_HOME"),
    ({"XDG_CACHE_HOME": "/e"}, "/e/torch/hub", "XDG_CACHE_HOME"),
    ({}, str(Path.home() / ".cache/torch/hub"), "default"),
])
def test_torch_precedence(env: dict[str, str], expected: str, source: str) -> None:
    root = paths.torch_hub_root(env)
    assert (str(root.path), root.kind, root.source) == (expected, RootKind.TORCH, source)


def test_discover_roots_uses_process_env_and_dedupes(tmp_path: Path) -> None:
    # conftest points HF_HOME and TORCH_HOME into a per-test folder.
    roots = paths.discover_roots([tmp_path / "extra", tmp_path / "extra"], [tmp_path / "t"])
    assert [(r.kind, r.source) for r in roots] == [
        (RootKind.HF, "HF_HOME"), (RootKind.TORCH, "TORCH_HOME"),
        (RootKind.HF, "user"), (RootKind.TORCH, "user")]
    only_user = paths.discover_roots([tmp_path / "extra"], include_defaults=False)
    assert [r.path for r in only_user] == [tmp_path / "extra"]
    assert only_user[0].to_json() == {"path": str(tmp_path / "extra"), "kind": "hf",
                                      "source": "user"}


def test_same_folder_through_a_link_is_listed_once(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    roots = paths.discover_roots([tmp_path / "real", tmp_path / "alias"],
                                 include_defaults=False)
    assert len(roots) == 1


def test_app_dirs_overrides(tmp_path: Path) -> None:
    env = {"HFMANAGER_DATA_DIR": str(tmp_path / "d"), "HFMANAGER_CONFIG_DIR": str(tmp_path)}
    assert paths.app_data_dir(env) == tmp_path / "d"
    assert paths.app_config_dir(env) == tmp_path
    assert paths.store_path(env) == tmp_path / "d" / "hfmanager.sqlite3"
    assert paths.hf_token_path({"HF_HOME": "/h"}) == Path("/h/token")
    assert paths.hf_token_path({"HF_TOKEN_PATH": "/tok"}) == Path("/tok")
