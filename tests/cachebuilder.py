"""Build real Hugging Face hub-cache and torch-hub layouts in a folder, for tests and benchmarks.

Everything is real: blobs are named by the real git-sha1 (small text files) or sha256
(LFS-style files) of their content, snapshot entries are *relative* symlinks exactly as
``huggingface_hub`` makes them, refs are files holding a commit hash. Hostile layouts are
built with the plain ``os`` calls in the tests themselves.

Quick use::

    from tests.cachebuilder import HubCache, TorchHub

    hub = HubCache(tmp_path / "hub")                    # writes CACHEDIR.TAG
    repo = hub.repo("org/name")                         # models--org--name
    c1 = repo.add_revision({"config.json": b"{}", "model.safetensors": 1000})  # refs: main
    repo.add_revision({"config.json": b'{"a":1}'}, refs=("refs/pr/1",))
    repo.add_revision({"x.bin": 10}, refs=())           # detached
    repo.add_revision({"a.txt": b"x"}, layout="copy")   # no-symlink copy layout
    repo.add_incomplete(size=123, temp_suffix=True)     # blobs/<etag>.<8hex>.incomplete
    repo.add_no_exist(c1, "tokenizer.json"); repo.add_lock(); repo.add_tree_listing(c1)

    torch = TorchHub(tmp_path / "torch" / "hub")
    torch.add_checkpoint("resnet18", 2048)             # checkpoints/resnet18-<sha8>.pth
    torch.add_checkout("pytorch", "vision", "main", {"hubconf.py": b"..."})

    build_synthetic_cache(path, repos=2000, files=100_000)   # for benchmarks / parity

File contents are ``bytes`` or an ``int`` size (deterministic bytes are generated, unique
per repo/commit/path so that blobs do not collide unless you pass equal bytes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by huggingface_hub.\n"
)
LFS_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".gguf", ".onnx", ".msgpack", ".h5",
                ".ckpt", ".model")

Content = bytes | int


def git_blob_sha1(data: bytes) -> str:
    """The git object id of a blob: what the Hub uses as etag for regular files."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def sha256_hex(data: bytes) -> str:
    """The LFS oid: what the Hub uses as etag for LFS files."""
    return hashlib.sha256(data).hexdigest()


def fake_commit(seed: str) -> str:
    """A deterministic 40-hex commit hash."""
    return hashlib.sha1(seed.encode()).hexdigest()


def make_bytes(size: int, seed: str) -> bytes:
    """``size`` deterministic bytes that differ for different seeds."""
    # The digest first: truncation to a small size must not make two seeds' bytes equal.
    unit = (hashlib.sha1(seed.encode()).hexdigest() + " " + seed + "\n").encode()
    return (unit * (size // len(unit) + 1))[:size]


def etag_for(path: str, data: bytes) -> str:
    """sha256 for LFS-style files, git-sha1 for the rest (what the Hub does)."""
    return sha256_hex(data) if path.endswith(LFS_SUFFIXES) else git_blob_sha1(data)


def set_times(path: Path, age_s: float) -> None:
    """Make ``path`` look ``age_s`` seconds old (atime and mtime), without following links."""
    t = time.time() - age_s
    os.utime(path, (t, t), follow_symlinks=False)


class RepoLayout:
    """One ``<type>s--<org>--<name>`` folder inside a :class:`HubCache`."""

    def __init__(self, path: Path, repo_id: str, repo_type: str) -> None:
        self.path = path
        self.repo_id = repo_id
        self.repo_type = repo_type
        self.blobs = path / "blobs"
        self.snapshots = path / "snapshots"
        self.refs = path / "refs"
        for d in (self.blobs, self.snapshots, self.refs):
            d.mkdir(parents=True, exist_ok=True)
        self.commits: list[str] = []

    def _data(self, content: Content, commit: str, rel: str) -> bytes:
        if isinstance(content, bytes):
            return content
        return make_bytes(content, f"{self.repo_id}@{commit}:{rel}")

    def write_blob(self, data: bytes, etag: str | None = None, path_hint: str = "") -> Path:
        """Store ``data`` in ``blobs/`` under its real etag (or the one given)."""
        etag = etag or etag_for(path_hint, data)
        blob = self.blobs / etag
        if not blob.exists():
            blob.write_bytes(data)
        return blob

    def add_revision(
        self,
        files: Mapping[str, Content],
        *,
        refs: Sequence[str] = ("main",),
        commit: str | None = None,
        layout: str = "symlink",
    ) -> str:
        """Add a snapshot and return its commit hash.

        ``refs`` are written to ``refs/<ref>`` (e.g. "main", "refs/pr/1"); empty = detached.
        ``layout``: "symlink" (relative links into blobs/, the normal layout), "copy"
        (real files in the snapshot, as on Windows / HF_HUB_DISABLE_SYMLINKS) or "hardlink"
        (snapshot files hard-linked to blobs).
        """
        n = len(os.listdir(self.snapshots))
        commit = commit or fake_commit(f"{self.repo_type}:{self.repo_id}:{n}:{sorted(files)}")
        snap = self.snapshots / commit
        snap.mkdir(parents=True, exist_ok=True)
        for rel, content in files.items():
            data = self._data(content, commit, rel)
            dest = snap / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if layout == "copy":
                dest.write_bytes(data)
                continue
            blob = self.write_blob(data, path_hint=rel)
            if layout == "hardlink":
                os.link(blob, dest)
            else:
                os.symlink(os.path.relpath(blob, dest.parent), dest)
        for ref in refs:
            self.set_ref(ref, commit)
        self.commits.append(commit)
        return commit

    def set_ref(self, ref: str, commit: str) -> Path:
        """Write ``refs/<ref>`` (no trailing newline, as huggingface_hub does)."""
        path = self.refs / ref
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(commit)
        return path

    def add_no_exist(self, commit: str, filename: str) -> Path:
        """Record that ``filename`` does not exist at ``commit`` (``.no_exist/<commit>/<f>``)."""
        path = self.path / ".no_exist" / commit / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        return path

    def add_incomplete(
        self, *, etag: str | None = None, size: int = 100, temp_suffix: bool = False,
        age_s: float = 0.0,
    ) -> Path:
        """A leftover partial download: ``<etag>.incomplete`` or ``<etag>.<8hex>.incomplete``."""
        etag = etag or sha256_hex(f"incomplete:{self.repo_id}:{size}:{age_s}".encode())
        name = f"{etag}.{etag[:8]}.incomplete" if temp_suffix else f"{etag}.incomplete"
        path = self.blobs / name
        path.write_bytes(make_bytes(size, name))
        if age_s:
            set_times(path, age_s)
        return path

    def add_lock(self, etag: str | None = None) -> Path:
        """A lock file in ``<root>/.locks/<repo folder>/<etag>.lock``."""
        etag = etag or sha256_hex(self.repo_id.encode())
        path = self.path.parent / ".locks" / self.path.name / f"{etag}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        return path

    def add_tree_listing(self, commit: str) -> Path:
        """``trees/<commit>.json`` as huggingface_hub 2.x caches tree listings."""
        snap = self.snapshots / commit
        files = {}
        for dirpath, _dirs, names in os.walk(snap):
            for n in names:
                p = Path(dirpath) / n
                rel = p.relative_to(snap).as_posix()
                data = p.read_bytes()
                files[rel] = {"size": len(data), "blob_id": git_blob_sha1(data)}
        path = self.path / "trees" / f"{commit}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"format_version": 1, "files": files}))
        return path


class HubCache:
    """A Hugging Face hub cache folder (what ``HF_HUB_CACHE`` points to)."""

    def __init__(self, root: Path, *, cachedir_tag: bool = True) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        if cachedir_tag:
            (root / "CACHEDIR.TAG").write_text(CACHEDIR_TAG)

    def repo(self, repo_id: str, repo_type: str = "model") -> RepoLayout:
        """The repo's folder (created on first use)."""
        folder = f"{repo_type}s--{repo_id.replace('/', '--')}"
        return RepoLayout(self.root / folder, repo_id, repo_type)


class TorchHub:
    """A torch hub folder (``$TORCH_HOME/hub``): checkpoints/ and code checkouts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "checkpoints").mkdir(parents=True, exist_ok=True)

    def add_checkpoint(
        self, stem: str, content: Content, *, ext: str = ".pth", with_hash: bool = True,
    ) -> Path:
        """``checkpoints/<stem>-<sha256[:8]>.pth`` as torch.hub names downloads."""
        data = content if isinstance(content, bytes) else make_bytes(content, stem)
        name = f"{stem}-{sha256_hex(data)[:8]}{ext}" if with_hash else f"{stem}{ext}"
        path = self.root / "checkpoints" / name
        path.write_bytes(data)
        return path

    def add_checkout(
        self, owner: str, repo: str, ref: str, files: Mapping[str, Content] | None = None,
    ) -> Path:
        """A ``hub/<owner>_<repo>_<ref>`` code checkout (default: a hubconf.py)."""
        path = self.root / f"{owner}_{repo}_{ref}"
        for rel, content in (files or {"hubconf.py": b"dependencies = ['torch']\n"}).items():
            data = content if isinstance(content, bytes) else make_bytes(content, rel)
            (path / rel).parent.mkdir(parents=True, exist_ok=True)
            (path / rel).write_bytes(data)
        return path


_SYNTH_NAMES = ("config.json", "tokenizer.json", "tokenizer_config.json", "README.md",
                "model.safetensors", "special_tokens_map.json", "vocab.txt", "merges.txt")


def build_synthetic_cache(
    root: Path, *, repos: int = 2000, files: int = 100_000, file_size: int = 64,
) -> HubCache:
    """A large realistic cache: ``repos`` repos holding ``files`` snapshot entries in total.

    Mixed types (models, datasets, spaces), 1-2 revisions each (the second one detached or
    on refs/pr/1 and sharing some blobs), nested folders, small files (speed is about
    entry counts, not bytes).
    """
    hub = HubCache(root)
    per_repo = max(1, files // max(1, repos))
    types = ("model", "model", "model", "dataset", "space")
    for i in range(repos):
        layout = hub.repo(f"org{i % 37}/repo-{i}", types[i % len(types)])
        names = {}
        for j in range(per_repo):
            base = _SYNTH_NAMES[j] if j < len(_SYNTH_NAMES) else f"shard/part-{j:05d}.bin"
            names[base] = file_size + (i + j) % 17
        if i % 4 == 0 and per_repo >= 4:
            first = dict(list(names.items())[: per_repo // 2])
            second = {k: v for k, v in names.items() if k not in first}
            layout.add_revision(first)
            layout.add_revision(second, refs=("refs/pr/1",) if i % 8 == 0 else ())
        else:
            layout.add_revision(names)
    return hub


def add_shared_store(hub: HubCache, pairs: int, orphans: int = 0) -> int:
    """huggingface_hub 2.x's shared Xet store on top of a built cache: for ``pairs`` pairs
    of repos with a ``model.safetensors``, the first one's blob moves into
    ``<root>/blobs/<2 hex>/<xet hash>`` and both repos' blobs become relative links to it
    (manifest and marker as huggingface_hub writes them); ``orphans`` payloads no repo
    uses. Returns how many payloads the store holds."""
    store = hub.root / "blobs"
    store.mkdir(exist_ok=True)
    (store / ".huggingface-shared-blobs").write_text("1\n")
    blobs = []
    for repo in sorted(hub.root.glob("models--*")):
        for snap in sorted((repo / "snapshots").iterdir()):
            link = snap / "model.safetensors"
            if link.is_symlink():
                blobs.append(repo / "blobs" / os.path.basename(os.readlink(link)))
                break
    made = 0
    for first, second in list(zip(blobs[::2], blobs[1::2], strict=False))[:pairs]:
        xet = hashlib.sha256(b"xet:" + first.name.encode()).hexdigest()
        payload = store / xet[:2] / xet
        payload.parent.mkdir(exist_ok=True)
        os.replace(first, payload)
        for blob in (first, second):
            blob.unlink(missing_ok=True)
            os.symlink(os.path.relpath(payload, blob.parent), blob)
        payload.with_name(xet + ".refs").write_text("".join(
            f"{b.relative_to(hub.root).as_posix()}\n" for b in (first, second)))
        made += 1
    for i in range(orphans):
        xet = hashlib.sha256(b"orphan:%d" % i).hexdigest()
        (store / xet[:2]).mkdir(exist_ok=True)
        (store / xet[:2] / xet).write_bytes(make_bytes(4096, xet))
        (store / xet[:2] / (xet + ".refs")).write_text("")
        made += 1
    return made


def add_synthetic_cache_args(parser: argparse.ArgumentParser) -> None:
    """--repos, --files, --shared and --cache for the benchmarks that use
    build_synthetic_cache."""
    parser.add_argument("--repos", type=int, default=2000)
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--shared", type=int, default=200,
                        help="pairs of repos sharing a payload of the shared Xet store")
    parser.add_argument("--cache", type=Path, help="build here once and reuse")


def synthetic_cache_once(cache: Path, repos: int, files: int, shared: int = 0) -> None:
    """Build the synthetic cache at ``cache`` unless an earlier run left it there."""
    marker = cache / ".bench-built"
    if marker.exists():
        return
    t = time.perf_counter()
    hub = build_synthetic_cache(cache, repos=repos, files=files)
    if shared:
        add_shared_store(hub, shared, orphans=max(1, shared // 20))
    marker.write_text(f"{repos} {files} {shared}")
    print(f"built {cache} in {time.perf_counter() - t:.1f} s")
    time.sleep(2.5)  # the scan index never trusts folders changed in the last 2 s
