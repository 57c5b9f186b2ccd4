"""`hfmanager scan` as a real subprocess on built caches."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hfmanager.core.settings import Settings
from tests.cachebuilder import HubCache, TorchHub, sha256_hex

REPO_ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hfmanager", "scan", *args],
                          capture_output=True, text=True, cwd=REPO_ROOT, env=os.environ.copy(),
                          timeout=120, check=False)


def build(tmp_path: Path) -> tuple[HubCache, TorchHub, str]:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/model")
    c = r.add_revision({"config.json": b'{"model_type": "bert"}', "model.safetensors": 1000})
    r.add_revision({"pytorch_model.bin": 10}, refs=("refs/pr/3",))
    hub.repo("org/data", "dataset").add_revision({"train.csv": b"a\n"})
    th = TorchHub(tmp_path / "torch" / "hub")
    th.add_checkpoint("resnet18", 300)
    return hub, th, c


def test_json_document(tmp_path: Path) -> None:
    hub, th, commit = build(tmp_path)
    out = run_cli("--cache-dir", str(hub.root), "--torch-dir", str(th.root), "--json")
    assert out.returncode == 0, out.stderr
    doc: dict[str, Any] = json.loads(out.stdout)
    assert doc["schema_version"] == 1
    assert [r["path"] for r in doc["roots"]] == [str(hub.root), str(th.root)]
    repos = {r["repo_id"]: r for r in doc["repos"]}
    model = repos["org/model"]
    assert model["repo_type"] == "model"
    assert model["size_on_disk"] == 1000 + 22 + 10
    assert {"last_accessed", "last_modified", "problems", "summary"} <= set(model)
    main = next(r for r in model["revisions"] if r["commit_hash"] == commit)
    assert main["refs"] == ["main"]
    assert main["size_on_disk"] == 1022
    st = next(f for f in main["files"] if f["path"] == "model.safetensors")
    assert (st["size"], st["kind"]) == (1000, "weights")
    assert st["blob"] == sha256_hex((hub.repo("org/model").snapshots / commit /
                                     "model.safetensors").read_bytes())
    pr = next(r for r in model["revisions"] if r["commit_hash"] != commit)
    assert pr["refs"] == ["refs/pr/3"]
    assert {p["kind"] for p in pr["problems"]} == {"pickle_only", "no_config"}
    assert repos["org/data"]["repo_type"] == "dataset"
    assert model["summary"]["model_type"] == "bert"
    (torch,) = doc["torch"]
    assert (torch["kind"], torch["size_on_disk"]) == ("checkpoint", 300)
    assert doc["size_on_disk"] == 1032 + 2 + 300


def test_table_output(tmp_path: Path) -> None:
    hub, th, _ = build(tmp_path)
    out = run_cli("--cache-dir", str(hub.root), "--torch-dir", str(th.root))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    header = next(line for line in lines if line.startswith("TYPE"))
    assert header.split() == ["TYPE", "REPO", "ID", "SIZE", "REVS", "LAST", "USED", "PROBLEMS"]
    model = next(line for line in lines if "org/model" in line).split()
    assert model[:5] == ["model", "org/model", "1.0", "KiB", "2"]
    assert model[-1] == "2"
    assert any(line.startswith("checkpoint") and "resnet18-" in line for line in lines)
    assert "2 repo(s), 1 torch entr(ies)" in out.stdout


def test_default_roots_and_settings_extra_dirs(tmp_path: Path) -> None:
    # conftest sets HF_HOME; the default hub cache is $HF_HOME/hub.
    default = HubCache(Path(os.environ["HF_HOME"]) / "hub")
    default.repo("org/default").add_revision({"config.json": b"{}"})
    extra = HubCache(tmp_path / "extra")
    extra.repo("org/extra").add_revision({"config.json": b"{}"})
    Settings(extra_hf_dirs=[str(extra.root)]).save()
    out = run_cli("--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert sorted(r["repo_id"] for r in doc["repos"]) == ["org/default", "org/extra"]
    assert [r["source"] for r in doc["roots"]] == ["HF_HOME", "TORCH_HOME", "user"]


def test_bad_folder_is_a_clear_error(tmp_path: Path) -> None:
    out = run_cli("--cache-dir", str(tmp_path / "missing"))
    assert out.returncode == 2
    assert "is not a folder" in out.stderr
    assert out.stdout == ""


def test_empty_cache(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    out = run_cli("--cache-dir", str(tmp_path / "empty"), "--no-index")
    assert out.returncode == 0
    assert "(no cached repos)" in out.stdout


def test_json_is_the_model_document_and_keeps_undecodable_names(tmp_path: Path) -> None:
    """The fast encoder writes exactly Inventory.to_json()'s document; a name that is not
    UTF-8 still comes out as a \\udcXX escape (the json fallback)."""
    from hfmanager.cli.scan import document, encode_document
    from hfmanager.core.inventory import scan
    from hfmanager.core.paths import CacheRoot, RootKind

    hub, th, commit = build(tmp_path)
    roots = [CacheRoot(hub.root, RootKind.HF, "user"), CacheRoot(th.root, RootKind.TORCH, "user")]
    inv = scan(roots)
    assert json.loads(encode_document(inv)) == json.loads(json.dumps(document(inv)))
    snap = hub.root / "models--org--model" / "snapshots" / commit
    os.symlink("../../blobs/x", os.path.join(os.fsencode(snap), b"caf\xe9.txt"))
    out = run_cli("--cache-dir", str(hub.root), "--json", "--no-index")
    assert out.returncode == 0, out.stderr
    assert "caf\\udce9.txt" in out.stdout
    doc = json.loads(out.stdout)
    names = [f["path"] for r in doc["repos"] for v in r["revisions"] for f in v["files"]]
    assert "caf\udce9.txt" in names
