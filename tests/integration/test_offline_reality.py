"""The offline check agrees with reality.

Each case builds its cache the way users get it (huggingface_hub's snapshot_download /
hf_hub_download against the fake Hub, of tiny models saved by the library that owns the
format), asks :mod:`hfmanager.core.loadtest.offline` for its verdict, then runs the REAL
loader by repo id with ``HF_HUB_OFFLINE=1`` and compares: transformers (AutoModel +
AutoTokenizer), sentence-transformers (``SentenceTransformer(repo_id)``), diffusers
(``DiffusionPipeline.from_pretrained``) and timm (``create_model("hf-hub:...")``). The
libraries' models are saved, and every load runs, in child processes
(tests/integration/offline_loaders.py): one for the builds, one for all the loads.
The case table is printed (``-s`` shows it).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("transformers")
import huggingface_hub
from fakehub import FakeHub

from hfmanager.core.loadtest import offline
from tests.models import build_bert

WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world"]
VOCAB = "\n".join(WORDS) + "\n"

CHILD = Path(__file__).with_name("offline_loaders.py")
LIBRARIES = ("sentence_transformers", "diffusers", "timm")  # the README's test command's
pytestmark = [
    pytest.mark.slow,  # two children that import torch and four libraries: about a minute
    pytest.mark.skipif(not all(importlib.util.find_spec(m) for m in LIBRARIES),
                       reason=f"needs {', '.join(LIBRARIES)} (the README's test command)"),
]


def _files(folder: Path, *, safe: bool = True, shards: bool = False, fast: bool = True,
           vocab: bool = True) -> dict[str, bytes]:
    """A tiny BERT with its tokenizer, as save_pretrained writes them."""
    from transformers import BertTokenizer

    build_bert(folder, safe=safe, max_shard_size="100KB" if shards else None)
    BertTokenizer(vocab={w: i for i, w in enumerate(WORDS)}).save_pretrained(folder)
    (folder / "vocab.txt").write_text(VOCAB)
    if not fast:
        (folder / "tokenizer.json").unlink()
    if not vocab:
        (folder / "vocab.txt").unlink()
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _snapshot(hub: FakeHub, cache: Path, repo: str, **kw: Any) -> str:
    return huggingface_hub.snapshot_download(repo, cache_dir=cache, endpoint=hub.url, **kw)  # type: ignore[no-any-return,call-overload]


def _one_by_one(hub: FakeHub, cache: Path, repo: str, names: list[str]) -> None:
    """hf_hub_download per file, as a loader online does; a 404 writes .no_exist."""
    for name in names:
        with contextlib.suppress(huggingface_hub.errors.EntryNotFoundError):
            huggingface_hub.hf_hub_download(repo, name, cache_dir=cache, endpoint=hub.url)


def _unlink_blob(snapshot: str, name: str) -> None:
    link = Path(snapshot) / name
    Path(os.path.realpath(link)).unlink()


# Each case: files on the Hub, how the cache is made from them, the verdict expected
# (ready?), the files it must name missing, and the real loader to compare with.
Make = Callable[[FakeHub, Path, str], Any]
Case = tuple[dict[str, bytes], Make, bool, set[str], str]


def _part(**kw: Any) -> Make:
    return lambda h, c, r: _snapshot(h, c, r, **kw)


def _broken(name: str) -> Make:
    return lambda h, c, r: _unlink_blob(_snapshot(h, c, r), name)


def _transformers_cases(tmp: Path) -> dict[str, Case]:
    def build(name: str, **kw: Any) -> dict[str, bytes]:
        return _files(tmp / "src" / name, **kw)

    full, tf = _part(), "transformers"
    return {
        "complete": (build("complete"), full, True, set(), tf),
        "missing_shard": (build("shard", shards=True),
                          _broken("model-00002-of-00005.safetensors"), False,
                          {"model-00002-of-00005.safetensors"}, tf),
        "missing_tokenizer": (build("tok", fast=False), _part(
            allow_patterns=["*.json", "*.safetensors"]), False, {"vocab.txt"}, tf),
        "unresolved_ref": (build("ref"), lambda h, c, r: _snapshot(
            h, c, r, revision=h.store.repos[("model", r)].refs["main"]), False, {""}, tf),
        "partial_weights": (build("part"), _part(
            allow_patterns=["config.json", "tokenizer*", "vocab.txt"]), False,
            {"model.safetensors"}, tf),
        "pickle_only": (build("pickle", safe=False), full, True, set(), tf),
        "no_exist_optional": (build("noexist", fast=False), lambda h, c, r: _one_by_one(
            h, c, r, ["config.json", "model.safetensors", "tokenizer_config.json",
                      "tokenizer.json", "vocab.txt"]), True, set(), tf),
        "no_exist_no_vocab": (build("novocab", fast=False), lambda h, c, r: _one_by_one(
            h, c, r, ["config.json", "model.safetensors", "tokenizer_config.json",
                      "tokenizer.json"]), False, {"tokenizer.json"}, tf),
        "partial_harmless": (build("harmless"), _part(ignore_patterns=["vocab.txt"]), True,
                             set(), tf),
        "broken_weights": (build("broken"), _broken("model.safetensors"), False,
                           {"model.safetensors"}, tf),
    }


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _library_cases(tmp: Path) -> dict[str, Case]:
    """Tiny models saved by sentence-transformers, diffusers and timm themselves (in a
    child: timm may need the torchvision stand-in, which must not reach this process)."""
    out = tmp / "libs"
    _files(tmp / "src" / "st_bert")
    _child(["build", str(out), str(tmp / "src" / "st_bert")], os.environ.copy())
    st, dif = _tree(out / "st"), _tree(out / "diffusers")
    # Both weight formats, as older pipelines on the Hub have them; and a model card.
    both = {**dif, **{k: v for k, v in _tree(out / "diffusers_bin").items() if k.endswith(".bin")}}
    card = {**dif, "README.md": b"# a tiny DDPM pipeline\n"}
    notes = {**dif, "scheduler/notes.txt": b"notes\n", "unet/notes.txt": b"notes\n"}
    timm, pickle = _tree(out / "timm"), _tree(out / "timm_pickle")
    full, S, D, T = _part(), "sentence_transformers", "diffusers", "timm"
    return {
        "st_complete": (st, full, True, set(), S),
        "st_no_pooling_config": (st, _part(ignore_patterns=["1_Pooling/*"]), False,
                                 {"1_Pooling/config.json"}, S),
        "st_no_modules_json": (st, _part(ignore_patterns=["modules.json"]), False,
                               {"modules.json"}, S),
        "st_broken_weights": (st, _broken("model.safetensors"), False,
                              {"model.safetensors"}, S),
        "st_no_tokenizer": (st, _part(ignore_patterns=["tokenizer.json"]), False,
                            {"tokenizer.json"}, S),
        "st_no_sbert_config": (st, _part(ignore_patterns=["sentence_bert_config.json"]),
                               True, set(), S),
        "diffusers_complete": (dif, full, True, set(), D),
        "diffusers_no_unet_weights": (dif, _part(ignore_patterns=["unet/*.safetensors"]),
                                      False, {"unet/diffusion_pytorch_model.safetensors"}, D),
        "diffusers_no_scheduler": (dif, _part(ignore_patterns=["scheduler/*"]), False,
                                   {"scheduler/scheduler_config.json"}, D),
        # diffusers reads the cached file list offline and wants the safetensors weights
        # when every model folder has them: the cached pickle weights are not used.
        "diffusers_bin_cached_only": (both, _part(allow_patterns=["*.json", "*.bin"]), False,
                                      {"unet/diffusion_pytorch_model.safetensors"}, D),
        "diffusers_no_card": (card, _part(ignore_patterns=["README.md"]), True, set(), D),
        # Every file of a folder without weights is wanted; a model folder's extras are not.
        "diffusers_scheduler_partial": (notes, _part(ignore_patterns=["scheduler/notes.txt"]),
                                        False, {"scheduler/notes.txt"}, D),
        "diffusers_unet_extra_missing": (notes, _part(ignore_patterns=["unet/notes.txt"]),
                                         True, set(), D),
        "diffusers_no_model_index": (dif, _part(ignore_patterns=["model_index.json"]),
                                     False, {"model_index.json"}, D),
        "timm_complete": (timm, full, True, set(), T),
        "timm_pickle_no_exist": (pickle, lambda h, c, r: _one_by_one(
            h, c, r, ["config.json", "model.safetensors", "pytorch_model.bin"]), True, set(), T),
        "timm_pickle_only": (pickle, full, True, set(), T),
        "timm_no_weights": (timm, _part(ignore_patterns=["*.safetensors"]), False,
                            {"model.safetensors"}, T),
        "timm_no_config": (timm, _part(ignore_patterns=["config.json"]), False,
                           {"config.json"}, T),
    }


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    h = FakeHub()
    try:
        yield h
    finally:
        h.close()


def _child(args: list[str], env: dict[str, str]) -> str:
    proc = subprocess.run([sys.executable, str(CHILD), *args], env=env, capture_output=True,
                          text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def _reality(cache: Path, jobs: list[tuple[str, str, str]]) -> dict[str, str]:
    """The real loaders' answer per case: "ok" or the error."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS"))}
    env.update(HF_HUB_OFFLINE="1", HF_HUB_CACHE=str(cache), HF_HOME=str(cache.parent / "home"),
               HF_HUB_DISABLE_TELEMETRY="1", TOKENIZERS_PARALLELISM="false")
    args = ["load", json.dumps(jobs), str(len(WORDS))]
    lines = [json.loads(ln) for ln in _child(args, env).splitlines()
             if ln.startswith('{"case"')]
    return {row["case"]: row["result"] for row in lines}


def _table(rows: list[tuple[str, str, str, bool]]) -> str:
    head = ["| case | loader | real loader | our verdict | agree |", "|---|---|---|---|---|"]
    return "\n".join([*head, *(f"| {c} | {lo} | {r[:70]} | {v} | {'yes' if ok else 'NO'} |"
                               for c, lo, r, v, ok in rows)])


def test_verdict_agrees_with_the_real_loaders(hub: FakeHub, tmp_path: Path) -> None:
    cache = tmp_path / "hub"
    cases = {**_transformers_cases(tmp_path), **_library_cases(tmp_path)}
    verdicts = {}
    for name, (files, make, _ready, _missing, _loader) in cases.items():
        repo = f"org/{name}"
        hub.add_repo(repo, files)
        make(hub, cache, repo)
        verdicts[name] = offline.check(str(cache), repo)
    real = _reality(cache, [(n, c[4], f"org/{n}") for n, c in cases.items()])
    rows = []
    for name, (_f, _m, ready, _missing, loader) in cases.items():
        v = verdicts[name]
        loads = real.get(name) == "ok"
        said = "ready" if v.ready else "missing " + ", ".join(m.file or "(ref)"
                                                              for m in v.missing)
        rows.append((name, loader, real.get(name, "(no answer)"), said,
                     v.ready == loads == ready))
    print("\n" + _table(rows))  # the case table, shown with -s
    assert all(row[4] for row in rows), _table([r for r in rows if not r[4]])
    for name, case in cases.items():
        missing = case[3]
        assert {m.file for m in verdicts[name].missing} >= missing, (name, verdicts[name])
        # Without its config.json nothing in the cache tells a timm repo: the check reads
        # it as transformers', which needs (and names) the same config.json first.
        loader = "transformers" if name == "timm_no_config" else case[4]
        if verdicts[name].commit is not None:  # an unresolved ref has no files to tell
            assert verdicts[name].loaders == (loader,), (name, verdicts[name].loaders)
        # huggingface_hub agrees: no file named missing is found in the cache by it.
        for m in verdicts[name].missing:
            if m.file:
                found = huggingface_hub.try_to_load_from_cache(f"org/{name}", m.file,
                                                               cache_dir=cache)
                assert not isinstance(found, str), (name, m.file, found)
    # The .no_exist cases really hold huggingface_hub's .no_exist marker.
    for name in ("no_exist_optional", "no_exist_no_vocab"):
        found = huggingface_hub.try_to_load_from_cache(f"org/{name}", "tokenizer.json",
                                                       cache_dir=cache)
        assert found is huggingface_hub.file_download._CACHED_NO_EXIST
