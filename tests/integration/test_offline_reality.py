"""The offline check agrees with reality.

Each case builds its cache the way users get it (huggingface_hub's snapshot_download /
hf_hub_download against the fake Hub, tiny models saved with save_pretrained), asks
:mod:`hfmanager.core.loadtest.offline` for its verdict, then runs the REAL loaders in one
child process with ``HF_HUB_OFFLINE=1`` (transformers AutoModel + AutoTokenizer by repo id)
and compares. sentence-transformers, diffusers and timm are not installed here, so their
shapes are checked on the verdict only (tests/unit/test_offline_check.py).
"""

from __future__ import annotations

import contextlib
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

CHILD = r"""
import json, sys
from transformers import AutoModel, AutoTokenizer
VOCAB_SIZE = int(sys.argv[2])
out = {}
for repo, rev in json.loads(sys.argv[1]):
    res = {}
    for name, cls in (("model", AutoModel), ("tokenizer", AutoTokenizer)):
        try:
            obj = cls.from_pretrained(repo, revision=rev)
            # transformers 5 does not raise for a tokenizer without its files: it builds
            # one of special tokens only. Its size tells the real vocabulary from that.
            res[name] = "ok" if name == "model" or len(obj) == VOCAB_SIZE else (
                f"no vocabulary: {len(obj)} tokens")
        except Exception as exc:
            res[name] = f"{type(exc).__name__}: {str(exc)[:200]}"
    out[repo] = res
print(json.dumps(out))
"""


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


# Each case: (files on the Hub, how the cache is made) -> expected verdict; files that
# must be named missing. Built on one cache, each repo its own.
Case = tuple[dict[str, Any], Callable[[FakeHub, Path, str], None], bool, set[str]]


def _cases(tmp: Path) -> dict[str, Case]:
    def build(name: str, **kw: Any) -> dict[str, bytes]:
        return _files(tmp / "src" / name, **kw)

    full = lambda h, c, r: _snapshot(h, c, r)  # noqa: E731
    return {
        "complete": (build("complete"), full, True, set()),
        "missing_shard": (build("shard", shards=True), lambda h, c, r: _unlink_blob(
            _snapshot(h, c, r), "model-00002-of-00005.safetensors"), False,
            {"model-00002-of-00005.safetensors"}),
        "missing_tokenizer": (build("tok", fast=False), lambda h, c, r: _snapshot(
            h, c, r, allow_patterns=["*.json", "*.safetensors"]), False, {"vocab.txt"}),
        "unresolved_ref": (build("ref"), lambda h, c, r: _snapshot(
            h, c, r, revision=h.store.repos[("model", r)].refs["main"]), False, {""}),
        "partial_weights": (build("part"), lambda h, c, r: _snapshot(
            h, c, r, allow_patterns=["config.json", "tokenizer*", "vocab.txt"]), False,
            {"model.safetensors"}),
        "pickle_only": (build("pickle", safe=False), full, True, set()),
        "no_exist_optional": (build("noexist", fast=False), lambda h, c, r: _one_by_one(
            h, c, r, ["config.json", "model.safetensors", "tokenizer_config.json",
                      "tokenizer.json", "vocab.txt"]), True, set()),
        "no_exist_no_vocab": (build("novocab", fast=False), lambda h, c, r: _one_by_one(
            h, c, r, ["config.json", "model.safetensors", "tokenizer_config.json",
                      "tokenizer.json"]), False, {"tokenizer.json"}),
        "partial_harmless": (build("harmless"), lambda h, c, r: _snapshot(
            h, c, r, ignore_patterns=["vocab.txt"]), True, set()),
        "broken_weights": (build("broken"), lambda h, c, r: _unlink_blob(
            _snapshot(h, c, r), "model.safetensors"), False, {"model.safetensors"}),
    }


@pytest.fixture(scope="module")
def hub() -> Iterator[FakeHub]:
    h = FakeHub()
    try:
        yield h
    finally:
        h.close()


def _reality(cache: Path, repos: list[tuple[str, str]]) -> dict[str, dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS"))}
    env.update(HF_HUB_OFFLINE="1", HF_HUB_CACHE=str(cache), HF_HOME=str(cache.parent / "home"),
               HF_HUB_DISABLE_TELEMETRY="1", TOKENIZERS_PARALLELISM="false")
    argv = [sys.executable, "-c", CHILD, json.dumps(repos), str(len(WORDS))]
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_verdict_agrees_with_the_real_loaders(hub: FakeHub, tmp_path: Path) -> None:
    cache = tmp_path / "hub"
    cases = _cases(tmp_path)
    verdicts = {}
    for name, (files, make, _ready, _missing) in cases.items():
        repo = f"org/{name}"
        hub.add_repo(repo, files)
        make(hub, cache, repo)
        verdicts[name] = offline.check(str(cache), repo)
    real = _reality(cache, [(f"org/{n}", "main") for n in cases])
    table = []
    for name, case in cases.items():
        ready, v, r = case[2], verdicts[name], real[f"org/{name}"]
        loads = all(x == "ok" for x in r.values())
        table.append((name, v.ready, loads, ready, [m.file for m in v.missing], r))
    print("\n".join(map(str, table)))  # the case table, shown with -s
    bad = [row for row in table if not (row[1] == row[2] == row[3])]
    assert not bad, "\n".join(map(str, bad))
    for name, (_f, _m, _ready, missing) in cases.items():
        assert {m.file for m in verdicts[name].missing} >= missing, (name, verdicts[name])
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
