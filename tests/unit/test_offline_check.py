"""The offline verdict on hand-made caches: shapes whose loaders are not installed here
(sentence-transformers, diffusers, timm), refs loaders cannot resolve, .no_exist."""

from __future__ import annotations

import json
from pathlib import Path

from hfmanager.core.loadtest import offline
from tests.cachebuilder import HubCache

CONFIG = json.dumps({"model_type": "bert"}).encode()
BERT = {"config.json": CONFIG, "model.safetensors": b"w" * 64, "tokenizer.json": b"{}",
        "tokenizer_config.json": b"{}"}


def _missing(v: offline.OfflineVerdict) -> dict[str, str]:
    return {m.file: m.msg.code for m in v.missing}


def test_complete_transformers_repo_is_ready(tmp_path: Path) -> None:
    hub = HubCache(tmp_path)
    commit = hub.repo("org/m").add_revision(BERT)
    v = offline.check(str(tmp_path), "org/m")
    assert v.ready, v
    assert v.commit == commit
    assert v.loaders == ("transformers",)
    assert v.snapshot_path == str(tmp_path / "models--org--m" / "snapshots" / commit)


def test_not_cached_and_refs_loaders_cannot_resolve(tmp_path: Path) -> None:
    hub = HubCache(tmp_path)
    assert not offline.check(str(tmp_path), "org/none").cached
    repo = hub.repo("org/m")
    commit = repo.add_revision(BERT, refs=())
    assert _missing(offline.check(str(tmp_path), "org/m")) == {"": "offline.ref_missing"}
    assert offline.check(str(tmp_path), "org/m", commit).ready  # a commit needs no ref
    (repo.refs / "main").write_text(commit + "\n")
    assert _missing(offline.check(str(tmp_path), "org/m")) == {"": "offline.ref_bad"}
    repo.set_ref("main", "f" * 40)
    (tmp_path / "outside").write_text(commit)
    assert _missing(offline.check(str(tmp_path), "org/m", "../../outside")) == {
        "": "offline.ref_missing"}
    assert _missing(offline.check(str(tmp_path), "org/m")) == {"": "offline.snapshot_missing"}


def test_no_exist_and_listing_tell_what_to_fetch(tmp_path: Path) -> None:
    hub = HubCache(tmp_path)
    repo = hub.repo("org/m")
    files = {**BERT, "vocab.txt": b"[PAD]\n"}
    commit = repo.add_revision(files)
    repo.add_tree_listing(commit)
    snap = repo.snapshots / commit
    for name in ("tokenizer.json", "vocab.txt", "model.safetensors"):
        (snap / name).unlink()
    v = offline.check(str(tmp_path), "org/m")
    assert _missing(v) == {"model.safetensors": "offline.not_downloaded",
                           "tokenizer.json": "offline.not_downloaded"}
    assert v.fetch() == ["model.safetensors", "tokenizer.json"]
    assert v.fetch_entries() == [f"{commit}/model.safetensors", f"{commit}/tokenizer.json"]
    # Without a listing, .no_exist tells the Hub has no tokenizer.json: vocab.txt is asked for.
    (repo.path / "trees" / f"{commit}.json").unlink()
    repo.add_no_exist(commit, "tokenizer.json")
    v = offline.check(str(tmp_path), "org/m")
    assert _missing(v) == {"": "offline.no_weights",
                           "tokenizer.json": "offline.no_tokenizer"}


def test_sentence_transformers_shape(tmp_path: Path) -> None:
    modules = [{"idx": 0, "name": "0", "path": "",
                "type": "sentence_transformers.models.Transformer"},
               {"idx": 1, "name": "1", "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling"},
               {"idx": 2, "name": "2", "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize"}]
    files = {**BERT, "modules.json": json.dumps(modules).encode(),
             "1_Pooling/config.json": b"{}"}
    hub = HubCache(tmp_path)
    hub.repo("org/st").add_revision(files)
    v = offline.check(str(tmp_path), "org/st")
    assert v.ready, v
    assert v.loaders == ("sentence_transformers",)
    del files["1_Pooling/config.json"]
    hub.repo("org/st2").add_revision(files)
    assert _missing(offline.check(str(tmp_path), "org/st2")) == {
        "1_Pooling/config.json": "offline.absent"}


def test_diffusers_and_timm_shapes(tmp_path: Path) -> None:
    index = {"_class_name": "StableDiffusionPipeline", "unet": ["diffusers", "UNet2DModel"],
             "scheduler": ["diffusers", "DDPMScheduler"], "safety_checker": [None, None]}
    files = {"model_index.json": json.dumps(index).encode(), "unet/config.json": b"{}",
             "unet/diffusion_pytorch_model.safetensors": b"w" * 32,
             "scheduler/scheduler_config.json": b"{}"}
    hub = HubCache(tmp_path)
    hub.repo("org/sd").add_revision(files)
    v = offline.check(str(tmp_path), "org/sd")
    assert v.ready, v
    assert v.loaders == ("diffusers",)
    del files["unet/diffusion_pytorch_model.safetensors"], files["scheduler/scheduler_config.json"]
    hub.repo("org/sd2").add_revision(files)
    assert _missing(offline.check(str(tmp_path), "org/sd2")) == {
        "unet": "offline.no_weights", "scheduler": "offline.component_missing"}
    timm = {"config.json": json.dumps({"architecture": "resnet18"}).encode()}
    hub.repo("timm/r").add_revision(timm)
    v = offline.check(str(tmp_path), "timm/r")
    assert v.loaders == ("timm",)
    assert _missing(v) == {"": "offline.no_weights"}
    hub.repo("timm/r2").add_revision({**timm, "pytorch_model.bin": b"p" * 8})
    assert offline.check(str(tmp_path), "timm/r2").ready
