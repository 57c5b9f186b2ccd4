"""Will it load offline? Decide from the cache alone whether the Hub's loaders find a repo
with ``HF_HUB_OFFLINE=1``, and name exactly what is missing when they would not.

What the loaders do offline (huggingface_hub's ``try_to_load_from_cache``, which they all
go through): ``refs/<revision>`` is read *unstripped* and must name a snapshot folder (a
40-hex revision is used as it is); a file is found when ``snapshots/<commit>/<file>`` is
a regular file through its link (a broken link counts as not cached); a file listed under
``.no_exist/<commit>/`` is known to be absent, so an optional file is skipped. transformers
tries ``model.safetensors``, its index, ``pytorch_model.bin``, its index, in this order, and
takes the first one cached; an index needs every shard it names. A tokenizer needs
``tokenizer.json`` or the vocabulary files of a slow tokenizer. sentence-transformers
reads ``modules.json`` and each module's folder, diffusers ``model_index.json`` and each
component's folder, timm ``hf-hub:`` models ``config.json`` and one weights file.

``trees/<commit>.json`` (the commit's file list) tells a file that was never downloaded
(a partial snapshot: it can be fetched by name) from one the repo does not have.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from hfmanager.core import cachespec as cs
from hfmanager.core.messages import Msg, msg
from hfmanager.core.untrusted import BadJSONError, read_json, walk

_JSON_LIMIT = 16 * 1024 * 1024
# transformers' order (modeling_utils): the first one cached wins.
MODEL_WEIGHTS = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
                 "pytorch_model.bin.index.json")
DIFFUSERS_WEIGHTS = ("diffusion_pytorch_model.safetensors",
                     "diffusion_pytorch_model.safetensors.index.json",
                     "diffusion_pytorch_model.bin", "diffusion_pytorch_model.bin.index.json",
                     *MODEL_WEIGHTS)
# Vocabulary files of slow tokenizers: any one stands in for tokenizer.json.
VOCAB_FILES = ("vocab.txt", "vocab.json", "spiece.model", "tokenizer.model",
               "sentencepiece.bpe.model", "sentencepiece.model", "vocab.model",
               "tokenizer.tiktoken", "qwen.tiktoken")
_TOKENIZER_MARKERS = ("tokenizer.json", "tokenizer_config.json", *VOCAB_FILES)
# Component folders of a diffusers pipeline and the file that makes each loadable.
_COMPONENT_CONFIGS = ("config.json", "scheduler_config.json", "preprocessor_config.json",
                      "tokenizer_config.json", "tokenizer.json", "vocab.json")

# Root files diffusers downloads (pipeline_utils.download); weight names without a variant.
_DIFFUSERS_ROOT = ("model_index.json", "config.json", "scheduler_config.json", "pipeline.py",
                   "chat_template.jinja", "generation_config.json", "preprocessor_config.json",
                   "processor_config.json", "tokenizer.json", "tokenizer_config.json")
_NON_VARIANT = re.compile(r"(diffusion_pytorch_model|pytorch_model|model)(-\d{5}-of-\d{5})?"
                          r"\.(safetensors|bin)")

OK, BROKEN, LISTED, NO_EXIST, ABSENT, UNKNOWN = (
    "ok", "broken", "listed", "no_exist", "absent", "unknown")


@dataclass(frozen=True)
class Missing:
    """One reason a loader would fail: ``file`` (snapshot-relative, "" for a ref), why
    (``msg``), and the files a download would bring back (``fetch``, possibly none when
    the cache cannot tell which files the Hub has)."""

    file: str
    msg: Msg
    fetch: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "why": self.msg.text(), "fetch": list(self.fetch),
                **self.msg.to_json()}


@dataclass(frozen=True)
class OfflineVerdict:
    """The answer for one repo and revision: ready, or the exact list of what is missing."""

    repo_id: str
    repo_type: str
    revision: str
    repo_path: str | None
    commit: str | None = None
    snapshot_path: str | None = None
    loaders: tuple[str, ...] = ()
    missing: tuple[Missing, ...] = ()
    cached: bool = True

    @property
    def ready(self) -> bool:
        return self.cached and self.commit is not None and not self.missing

    def fetch(self) -> list[str]:
        """Every file a download should bring, once each, in order."""
        return list(dict.fromkeys(f for m in self.missing for f in m.fetch))

    def fetch_entries(self) -> list[str]:
        """``"<commit>/<path>"`` entries, as the Library's "Download again" takes them."""
        return [f"{self.commit}/{f}" for f in self.fetch()] if self.commit else []

    def to_json(self) -> dict[str, Any]:
        return {"repo_id": self.repo_id, "repo_type": self.repo_type,
                "revision": self.revision, "ready": self.ready, "cached": self.cached,
                "commit": self.commit, "snapshot_path": self.snapshot_path,
                "repo_path": self.repo_path, "loaders": list(self.loaders),
                "missing": [m.to_json() for m in self.missing], "fetch": self.fetch()}


@dataclass
class Snapshot:
    """What one commit's snapshot holds, as the loaders will see it."""

    repo_path: str
    commit: str
    path: str
    listing: dict[str, dict[str, Any]] | None = None
    no_exist: set[str] = field(default_factory=set)

    def state(self, rel: str) -> str:
        full = os.path.join(self.path, *rel.split("/"))
        if os.path.isfile(full):  # through the link: a broken link is not cached
            return OK
        if os.path.lexists(full):
            return BROKEN
        if rel in self.no_exist:
            return NO_EXIST
        if self.listing is None:
            return UNKNOWN
        return LISTED if rel in self.listing else ABSENT

    def ok(self, rel: str) -> bool:
        return self.state(rel) == OK

    def known(self, rel: str) -> bool:
        """Cached or at least named by the commit's listing (so it can be fetched)."""
        return self.state(rel) in (OK, BROKEN, LISTED)

    def json(self, rel: str) -> Any:
        return read_json(os.path.join(self.path, *rel.split("/")), _JSON_LIMIT)


def _no_exist(repo_path: str, commit: str) -> set[str]:
    top = os.path.join(repo_path, ".no_exist", commit)
    return {os.path.relpath(p, top).replace(os.sep, "/") for p, st in walk(top)
            if not os.path.isdir(p)}


def resolve(repo_path: str, revision: str) -> tuple[str | None, Missing | None]:
    """The commit ``revision`` means offline, as huggingface_hub reads it, or why none."""
    if not revision or revision.startswith("/") or ".." in revision.split("/"):
        return None, Missing("", msg("offline.ref_missing", ref=revision))  # never a path out
    ref_file = os.path.join(repo_path, "refs", *revision.split("/"))
    commit: str | None = None
    if os.path.isfile(ref_file):
        try:
            with open(ref_file, "rb") as fh:
                raw = fh.read(4096)
        except OSError as exc:
            return None, Missing("", msg("offline.ref_unreadable", ref=revision,
                                         error=exc.strerror or str(exc)))
        commit, exact = cs.parse_ref(raw)
        if commit is None or not exact:
            return None, Missing("", msg("offline.ref_bad", ref=revision))
    elif cs.is_commit(revision):
        commit = revision
    else:
        return None, Missing("", msg("offline.ref_missing", ref=revision))
    if not os.path.isdir(os.path.join(repo_path, "snapshots", commit)):
        return None, Missing("", msg("offline.snapshot_missing", ref=revision, commit=commit))
    return commit, None


def _absent(snap: Snapshot, rel: str, need: str) -> Missing:
    """Why the needed file ``rel`` is not usable (``need``, a key of WORDS, says what it
    is for)."""
    state = snap.state(rel)
    if state == BROKEN:
        return Missing(rel, msg("offline.broken", file=rel, need=need), (rel,))
    if state == LISTED:
        return Missing(rel, msg("offline.not_downloaded", file=rel, need=need), (rel,))
    if state == NO_EXIST:
        return Missing(rel, msg("offline.hub_has_none", file=rel, need=need))
    if state == ABSENT:
        return Missing(rel, msg("offline.not_in_repo", file=rel, need=need))
    # Unknown: the cache cannot tell whether the Hub has it, but it is the file to get.
    return Missing(rel, msg("offline.absent", file=rel, need=need), (rel,))


def _read(snap: Snapshot, rel: str, out: list[Missing]) -> Any:
    try:
        return snap.json(rel)
    except (OSError, BadJSONError) as exc:
        error = str(exc) if isinstance(exc, BadJSONError) else (exc.strerror or str(exc))
        out.append(Missing(rel, msg("offline.unreadable", file=rel, error=error), (rel,)))
        return None


def need_file(snap: Snapshot, rel: str, need: str, out: list[Missing]) -> bool:
    if snap.ok(rel):
        return True
    out.append(_absent(snap, rel, need))
    return False


def _shards(snap: Snapshot, index: str, out: list[Missing]) -> None:
    data = _read(snap, index, out)
    if data is None:
        return
    weight_map = data.get("weight_map") if isinstance(data, dict) else None
    if not isinstance(weight_map, dict):
        out.append(Missing(index, msg("offline.index_no_map", file=index), (index,)))
        return
    folder = index.rpartition("/")[0]
    for shard in sorted({v for v in weight_map.values() if isinstance(v, str)}):
        rel = f"{folder}/{shard}" if folder else shard
        if ".." in rel.split("/") or rel.startswith("/"):
            out.append(Missing(rel, msg("offline.unsafe_name", file=rel, index=index)))
        elif not snap.ok(rel):
            out.append(_absent(snap, rel, "offline_shard"))


def need_weights(snap: Snapshot, folder: str, names: tuple[str, ...],
                 out: list[Missing]) -> None:
    """The first of ``names`` (in ``folder``) that is cached is what the loader takes; an
    index needs its shards. None cached: the first one the Hub is known to have is missing."""
    rels = [f"{folder}/{n}" if folder else n for n in names]
    for rel in rels:
        if snap.ok(rel):
            if rel.endswith(".index.json"):
                _shards(snap, rel, out)
            return
    known = [r for r in rels if snap.known(r)]
    if known:
        out.append(_absent(snap, known[0], "offline_weights"))
        if known[0].endswith(".index.json") and snap.listing is not None:
            stem = known[0].rpartition("/")[2].split(".")[0]  # "model" / "pytorch_model"
            out += [_absent(snap, p, "offline_shard") for p in sorted(snap.listing)
                    if p.rpartition("/")[0] == folder and "-of-" in p
                    and p.rpartition("/")[2].startswith(f"{stem}-") and not snap.ok(p)]
        return
    out.append(Missing(folder, msg("offline.no_weights", folder=folder or ".",
                                   names=", ".join(names[:4]))))


def _tokenizer_applies(snap: Snapshot, folder: str) -> bool:
    return any(snap.known(f"{folder}/{n}" if folder else n) for n in _TOKENIZER_MARKERS)


def need_tokenizer(snap: Snapshot, folder: str, out: list[Missing]) -> None:
    """AutoTokenizer: tokenizer.json, or a slow tokenizer's vocabulary (vocab.json with
    merges.txt: a BPE vocabulary is useless without its merges)."""
    def rel(n: str) -> str:
        return f"{folder}/{n}" if folder else n

    if snap.ok(rel("tokenizer.json")):
        return
    for vocab in VOCAB_FILES:
        if snap.ok(rel(vocab)):
            if vocab == "vocab.json" and not snap.ok(rel("merges.txt")):
                out.append(_absent(snap, rel("merges.txt"), "offline_tokenizer"))
            return
    known = [rel(n) for n in ("tokenizer.json", *VOCAB_FILES) if snap.known(rel(n))]
    if known:
        out.append(_absent(snap, known[0], "offline_tokenizer"))
        return
    out.append(Missing(rel("tokenizer.json"), msg("offline.no_tokenizer", folder=folder or ".",
                                                  names=", ".join(VOCAB_FILES[:3]))))


# ----- the loaders ------------------------------------------------------------------------
def _transformers(snap: Snapshot, folder: str, out: list[Missing]) -> None:
    """AutoModel (config + weights) and, where the repo has one, AutoTokenizer."""
    config = f"{folder}/config.json" if folder else "config.json"
    if need_file(snap, config, "offline_config", out):
        _read(snap, config, out)
    need_weights(snap, folder, MODEL_WEIGHTS, out)
    if _tokenizer_applies(snap, folder):
        need_tokenizer(snap, folder, out)


def _sentence_transformers(snap: Snapshot, out: list[Missing]) -> None:
    # Without modules.json SentenceTransformer does not fail: it builds a NEW model (the
    # bare transformer, mean pooling), not the one saved; so modules.json is needed.
    if not need_file(snap, "modules.json", "offline_module", out):
        return
    modules = _read(snap, "modules.json", out)
    if not isinstance(modules, list):
        return
    for module in modules:
        if not isinstance(module, dict):
            continue
        path, kind = str(module.get("path") or ""), str(module.get("type") or "")
        if ".." in path.split("/") or path.startswith("/"):
            continue
        if not path or kind.endswith(".Transformer"):
            _transformers(snap, path, out)
        elif kind.endswith((".Pooling", ".Dense", ".LayerNorm", ".CNN", ".WordEmbeddings")):
            need_file(snap, f"{path}/config.json", "offline_module", out)
            if kind.endswith(".Dense"):
                need_weights(snap, path, ("model.safetensors", "pytorch_model.bin"), out)


def _diffusers(snap: Snapshot, out: list[Missing]) -> None:
    if not need_file(snap, "model_index.json", "offline_component", out):
        return
    index = _read(snap, "model_index.json", out)
    if not isinstance(index, dict):
        return
    folders = set()
    for name, value in sorted(index.items()):
        if (name.startswith("_") or not isinstance(value, list) or len(value) != 2
                or value[0] is None or ".." in name or "/" in name):
            continue
        folders.add(name)
        configs = [c for c in _COMPONENT_CONFIGS if snap.ok(f"{name}/{c}")]
        if not configs:
            known = [f"{name}/{c}" for c in _COMPONENT_CONFIGS if snap.known(f"{name}/{c}")]
            out.append(_absent(snap, known[0], "offline_component") if known else Missing(
                name, msg("offline.component_missing", component=name)))
        elif configs[0] == "config.json":  # a model (not a scheduler, tokenizer...)
            need_weights(snap, name, DIFFUSERS_WEIGHTS, out)
        elif "tokenizer" in name:
            need_tokenizer(snap, name, out)
    _diffusers_listed(snap, folders, out)


def _diffusers_listed(snap: Snapshot, folders: set[str], out: list[Missing]) -> None:
    """Offline, diffusers reads the cached file list and huggingface_hub refuses a snapshot
    lacking any file diffusers would download: all of a folder without weights (scheduler,
    tokenizer...), each model folder's config.json and weights in ONE format (safetensors
    when every model folder has them: cached pickles are then unused), a few root files."""
    if snap.listing is None:
        return
    weights = [p for p in snap.listing if p.count("/") == 1 and p.split("/")[0] in folders
               and p.endswith((".safetensors", ".bin", ".onnx", ".pb"))]
    models = {p.split("/")[0] for p in weights}
    safe = all(any(p.startswith(f"{m}/") and p.endswith(".safetensors") for p in weights)
               for m in models)
    ext = ".safetensors" if safe else ".bin"
    wanted = {p for p in weights if p.endswith(ext) and _NON_VARIANT.fullmatch(p.split("/")[1])}
    wanted |= {f"{m}/config.json" for m in models} | set(_DIFFUSERS_ROOT)
    wanted |= {p for p in snap.listing if "/" in p and p.split("/")[0] in folders - models}
    out += [_absent(snap, rel, "offline_component") for rel in sorted(wanted & set(snap.listing))
            if not snap.ok(rel)]


def _timm(snap: Snapshot, out: list[Missing]) -> None:
    need_file(snap, "config.json", "offline_config", out)
    need_weights(snap, "", ("model.safetensors", "pytorch_model.bin"), out)


def loaders_of(snap: Snapshot) -> tuple[str, ...]:
    """Which loaders the repo is shaped for (by its files; a listing counts too)."""
    if snap.known("model_index.json"):
        return ("diffusers",)
    if snap.known("modules.json"):
        return ("sentence_transformers",)
    if snap.ok("config.json"):
        try:
            config = snap.json("config.json")
        except (OSError, BadJSONError):
            config = None
        if isinstance(config, dict) and "model_type" not in config and (
                "architecture" in config or "pretrained_cfg" in config):
            return ("timm",)
    return ("transformers",)


_CHECKS = {"diffusers": _diffusers, "sentence_transformers": _sentence_transformers,
           "timm": _timm}


def check_repo(repo_path: str, repo_id: str, revision: str = "main",
               repo_type: str = "model") -> OfflineVerdict:
    """The verdict for ``repo_path`` (a cache repo folder) at ``revision``."""
    if not os.path.isdir(repo_path):
        return OfflineVerdict(repo_id, repo_type, revision, None, cached=False)
    commit, bad = resolve(repo_path, revision)
    if commit is None:
        return OfflineVerdict(repo_id, repo_type, revision, repo_path,
                              missing=(bad,) if bad is not None else ())
    snap = Snapshot(repo_path, commit, os.path.join(repo_path, "snapshots", commit),
                    cs.read_tree_listing(repo_path, commit), _no_exist(repo_path, commit))
    out: list[Missing] = []
    loaders = loaders_of(snap) if repo_type == "model" else ()
    for loader in loaders:
        check = _CHECKS.get(loader)
        if check is None:
            _transformers(snap, "", out)
        else:
            check(snap, out)
    unique = list({(m.file, m.msg.code): m for m in out}.values())
    return OfflineVerdict(repo_id, repo_type, revision, repo_path, commit, snap.path,
                          loaders, tuple(unique))


def check(cache_dir: str, repo_id: str, revision: str = "main",
          repo_type: str = "model") -> OfflineVerdict:
    """The verdict for ``repo_id`` in the hub cache ``cache_dir``."""
    folder = cs.repo_folder(repo_id, repo_type)
    return check_repo(os.path.join(cache_dir, folder), repo_id, revision, repo_type)
