"""Caches made the way users get them, and what huggingface_hub and hfmanager say of each.

Each layout is built by huggingface_hub's own code against the fake Hub (its downloads,
its shared-store functions for Xet-shaped files) and, for the edge cases, by hand on top.
:func:`compare` answers the same questions with both tools and returns table rows; the
test module asserts every row agrees or is a deliberate, explained difference, and
``tests/benchmarks/conformance_report.py`` prints the table.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fakehub import FakeHub

LFS = 1024  # files at least this big are LFS on the fake Hub


@dataclass
class Case:
    """A built layout: which repos, and which commit sets to delete for the delete rows."""

    name: str
    deletions: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    layout: str
    check: str
    hf: Any
    ours: Any
    verdict: str  # "agree", or "more: <why>" where hfmanager deliberately says more

    @property
    def agree(self) -> bool:
        return self.verdict == "agree"


def _data(n: int, seed: str) -> bytes:
    unit = hashlib.sha256(seed.encode()).digest()
    return (unit * (n // len(unit) + 1))[:n]


def _files(seed: str, big: int = 4096) -> dict[str, bytes]:
    return {"config.json": f'{{"model_type": "bert", "seed": "{seed}"}}'.encode(),
            "model.safetensors": _data(big, seed), "tokenizer.json": b"{}",
            "sub/notes.txt": f"notes {seed}\n".encode()}


def hf_snapshot(hub: FakeHub, root: Path, repo_id: str, files: dict[str, bytes], *,
                repo_type: str = "model", allow: list[str] | None = None,
                revision: str | None = None) -> str:
    """huggingface_hub's snapshot_download of a repo the fake Hub serves; the commit."""
    from huggingface_hub import snapshot_download

    commit = hub.add_repo(repo_id, files, repo_type=repo_type, lfs_threshold=LFS)
    snapshot_download(repo_id, repo_type=repo_type, endpoint=hub.url, cache_dir=root,
                      allow_patterns=allow, revision=revision)
    return commit


def publish_shared(root: Path, repo_id: str, etag: str, xet_hash: str) -> Path:
    """What huggingface_hub does after a Xet download: move the blob into the store."""
    from huggingface_hub.utils import _shared_blobs

    blob = root / f"models--{repo_id.replace('/', '--')}" / "blobs" / etag
    size = blob.stat().st_size
    assert _shared_blobs.publish_blob_to_shared_store(
        blob_path=str(blob), xet_hash=xet_hash, cache_dir=root, expected_size=size)
    return _shared_blobs.shared_blob_path(root, xet_hash)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _xet(seed: str) -> str:
    return hashlib.sha256(b"xet:" + seed.encode()).hexdigest()


# --- layouts ------------------------------------------------------------------------------
def plain(hub: FakeHub, root: Path) -> Case:
    c = hf_snapshot(hub, root, "org/plain", _files("plain"))
    return Case("hf snapshot_download", [[c]])


def two_revisions(hub: FakeHub, root: Path) -> Case:
    from huggingface_hub import snapshot_download

    files = _files("two")
    old = hf_snapshot(hub, root, "org/two", files)
    files["config.json"] = b'{"model_type": "bert", "v": 2}'
    new = hub.add_repo("org/two", files, lfs_threshold=LFS)
    snapshot_download("org/two", endpoint=hub.url, cache_dir=root)
    return Case("two revisions sharing blobs", [[old], [new], [old, new]])


def pr_and_detached(hub: FakeHub, root: Path) -> Case:
    files = _files("pr")
    main = hf_snapshot(hub, root, "org/pr", files)
    pr = hub.add_repo("org/pr", {**files, "extra.txt": b"pr"}, branch="refs/pr/1",
                      lfs_threshold=LFS)
    from huggingface_hub import snapshot_download

    snapshot_download("org/pr", endpoint=hub.url, cache_dir=root, revision="refs/pr/1")
    # A detached revision: its ref was moved on and the old snapshot stayed.
    old = hub.add_repo("org/pr", {**files, "old.txt": b"old"}, branch="dev", lfs_threshold=LFS)
    snapshot_download("org/pr", endpoint=hub.url, cache_dir=root, revision="dev")
    (root / "models--org--pr" / "refs" / "dev").unlink()
    return Case("refs/pr/1 and a detached revision", [[old], [pr], [main, pr, old]])


def copy_layout(hub: FakeHub, root: Path) -> Case:
    import huggingface_hub.file_download as fd

    saved = fd.are_symlinks_supported
    fd.are_symlinks_supported = lambda *_a, **_k: False  # type: ignore[assignment]
    try:
        c = hf_snapshot(hub, root, "org/copy", _files("copy"))
    finally:
        fd.are_symlinks_supported = saved
    return Case("copy layout (no symlinks)", [[c]])


def partial_include(hub: FakeHub, root: Path) -> Case:
    c = hf_snapshot(hub, root, "org/partial", _files("partial"), allow=["*.json"])
    return Case("partial --include download", [[c]])


def datasets_spaces(hub: FakeHub, root: Path) -> Case:
    d = hf_snapshot(hub, root, "org/data", {"a.csv": b"1,2\n", "big.parquet": _data(3000, "d")},
                    repo_type="dataset")
    hf_snapshot(hub, root, "org/space", {"app.py": b"print()\n"}, repo_type="space")
    return Case("dataset and space", [[d]])


def shared_two_repos(hub: FakeHub, root: Path) -> Case:
    big = _data(1 << 20, "shared")
    a = hf_snapshot(hub, root, "org/a", {"config.json": b"{}", "model.safetensors": big})
    b = hf_snapshot(hub, root, "org/b", {"config.json": b'{"b":1}',
                                         "model.safetensors": big})
    for repo in ("org/a", "org/b"):
        publish_shared(root, repo, _sha(big), _xet("shared"))
    return Case("shared payload across 2 repos", [[a], [b], [a, b]])


def shared_one_repo(hub: FakeHub, root: Path) -> Case:
    big = _data(1 << 20, "single")
    c = hf_snapshot(hub, root, "org/solo", {"config.json": b"{}", "model.safetensors": big})
    publish_shared(root, "org/solo", _sha(big), _xet("single"))
    return Case("shared payload, one repo", [[c]])


def orphan_payload(hub: FakeHub, root: Path) -> Case:
    big = _data(8192, "orphan")
    hf_snapshot(hub, root, "org/gone", {"config.json": b"{}", "model.safetensors": big})
    publish_shared(root, "org/gone", _sha(big), _xet("orphan"))
    keep = hf_snapshot(hub, root, "org/kept", _files("kept"))
    shutil.rmtree(root / "models--org--gone")  # removed by hand: the payload stays behind
    return Case("orphan payload (repo removed by hand)", [[keep]])


def ref_newline(hub: FakeHub, root: Path) -> Case:
    c = hf_snapshot(hub, root, "org/newline", _files("nl"))
    (root / "models--org--newline" / "refs" / "main").write_text(c + "\n")
    return Case("refs/main ending in a newline", [])


def ref_to_named_folder(hub: FakeHub, root: Path) -> Case:
    c = hf_snapshot(hub, root, "org/named", _files("named"))
    repo = root / "models--org--named"
    os.rename(repo / "snapshots" / c, repo / "snapshots" / "v1.0")
    (repo / "refs" / "main").write_text("v1.0")
    return Case("ref naming a non-hash snapshot folder", [])


def broken_link(hub: FakeHub, root: Path) -> Case:
    files = _files("broken")
    hf_snapshot(hub, root, "org/broken", files)
    (root / "models--org--broken" / "blobs" / _sha(files["model.safetensors"])).unlink()
    keep = hf_snapshot(hub, root, "org/fine", _files("fine"))
    return Case("blob missing (broken link)", [[keep]])


def missing_payload(hub: FakeHub, root: Path) -> Case:
    big = _data(4096, "lost")
    hf_snapshot(hub, root, "org/lost", {"config.json": b"{}", "model.safetensors": big})
    payload = publish_shared(root, "org/lost", _sha(big), _xet("lost"))
    payload.unlink()
    return Case("link into the store, payload missing", [])


def incomplete_left(hub: FakeHub, root: Path) -> Case:
    c = hf_snapshot(hub, root, "org/inc", _files("inc"))
    blobs = root / "models--org--inc" / "blobs"
    (blobs / (_sha(b"x") + ".incomplete")).write_bytes(b"p" * 777)
    return Case("leftover .incomplete", [[c]])


LAYOUTS: dict[str, Callable[[FakeHub, Path], Case]] = {
    f.__name__: f for f in (plain, two_revisions, pr_and_detached, copy_layout, partial_include,
                            datasets_spaces, shared_two_repos, shared_one_repo, orphan_payload,
                            ref_newline, ref_to_named_folder, broken_link, missing_payload,
                            incomplete_left)}


# --- the two views ------------------------------------------------------------------------
def _hf_view(root: Path) -> dict[str, Any]:
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.utils import _shared_blobs

    info = scan_cache_dir(root)
    return {
        "repos": {r.repo_id: r.size_on_disk for r in info.repos},
        "revisions": {r.repo_id: sorted((v.commit_hash, tuple(sorted(v.refs)), v.nb_files)
                                        for v in r.revisions) for r in info.repos},
        "total": info.size_on_disk,
        "broken": sorted(str(w).split("(")[-1] for w in info.warnings),
        "orphans": sorted(str(p) for p in _shared_blobs.unreferenced_shared_blobs(root)),
        "incompletes": sorted(str(f.file_path) for f in info.incomplete_files),
        "partial": sorted(f"{r.repo_id}@{v.commit_hash[:7]}" for r in info.repos
                          for v in r.revisions if _hf_says_partial(root, r, v.commit_hash)),
    }


def _hf_says_partial(root: Path, repo: Any, commit: str) -> bool:
    """Offline snapshot_download of that commit refuses it as incomplete."""
    from huggingface_hub import constants, snapshot_download
    from huggingface_hub.errors import IncompleteSnapshotError

    saved, constants.HF_HUB_OFFLINE = constants.HF_HUB_OFFLINE, True
    try:
        snapshot_download(repo.repo_id, repo_type=repo.repo_type, revision=commit,
                          cache_dir=root, local_files_only=True)
    except IncompleteSnapshotError:
        return True
    except Exception:  # other refusals (no ref, odd folder) are not about completeness
        return False
    finally:
        constants.HF_HUB_OFFLINE = saved
    return False


def _our_view(root: Path) -> dict[str, Any]:
    from hfmanager.core.inventory import scan
    from hfmanager.core.inventory.model import physical_size
    from hfmanager.core.paths import CacheRoot, RootKind

    inv = scan([CacheRoot(root, RootKind.HF, "user")])
    inc = {r.repo_id: sum(i.size for i in r.incompletes) for r in inv.repos}
    healthy = [r for r in inv.repos if not _breaks_hf(r)]
    return {
        "inv": inv,
        "repos": {r.repo_id: r.size_on_disk - inc[r.repo_id] for r in healthy},
        "revisions": {r.repo_id: sorted((v.commit_hash, tuple(sorted(v.refs)), len(v.files))
                                        for v in r.revisions) for r in healthy},
        "total": physical_size(healthy, inv.payloads) - sum(inc[r.repo_id] for r in healthy),
        "flagged": sorted(r.repo_id for r in inv.repos if _breaks_hf(r)),
        "orphans": sorted(p.path for p in inv.orphans),
        "incompletes": sorted(i.path for r in inv.repos for i in r.incompletes
                              if i.path.endswith(".incomplete")),
        "partial": sorted(f"{r.repo_id}@{v.commit_hash[:7]}" for r in healthy
                          for v in r.revisions if v.partial),
    }


def _breaks_hf(repo: Any) -> bool:
    """Problems that make huggingface_hub's scan_cache_dir drop the repo (a warning)."""
    from hfmanager.core.inventory.model import ProblemKind

    kinds = {p.kind for p in repo.all_problems()}
    return bool(kinds & {ProblemKind.BROKEN_LINK, ProblemKind.BAD_REF,
                         ProblemKind.DANGLING_REF})


def compare(case: Case, root: Path) -> list[Row]:
    """Scan rows, then one delete row per planned deletion (on copies of the cache)."""
    hf, ours = _hf_view(root), _our_view(root)
    rows = [Row(case.name, "repo sizes (scan_cache_dir per repo)", hf["repos"], ours["repos"],
                "agree" if hf["repos"] == ours["repos"] else "DIFFER"),
            Row(case.name, "revisions: commit, refs, files", hf["revisions"],
                ours["revisions"], "agree" if hf["revisions"] == ours["revisions"] else "DIFFER"),
            Row(case.name, "cache total (each shared payload once)", hf["total"], ours["total"],
                "agree" if hf["total"] == ours["total"] else "DIFFER"),
            Row(case.name, "incomplete downloads", len(hf["incompletes"]),
                len(ours["incompletes"]),
                "agree" if hf["incompletes"] == ours["incompletes"] else "DIFFER"),
            Row(case.name, "partial snapshots (trees/<commit>.json)", hf["partial"],
                ours["partial"], "agree" if hf["partial"] == ours["partial"] else "DIFFER")]
    n_broken = len(hf["broken"])
    rows.append(Row(case.name, "repos huggingface_hub cannot read", n_broken,
                    f"{len(ours['flagged'])} listed with the problem",
                    "agree" if not n_broken and not ours["flagged"] else
                    "more: listed with a typed problem instead of dropped"
                    if n_broken == len(ours["flagged"]) else "DIFFER"))
    hf_orph, our_orph = hf["orphans"], ours["orphans"]
    rows.append(Row(case.name, "orphaned store payloads", len(hf_orph), len(our_orph),
                    "agree" if hf_orph == our_orph else
                    "more: no manifest needed, checked on disk" if set(hf_orph) < set(our_orph)
                    else "DIFFER"))
    rows += [_delete_row(case, root, commits, ours["inv"]) for commits in case.deletions]
    return rows


def _tree(root: Path) -> dict[str, str]:
    """Every path below the root (locks aside) -> 'link:<target>', 'dir' or file content hash."""
    out: dict[str, str] = {}
    for dirpath, dirs, files in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        if rel_dir.split(os.sep)[0] == ".locks":
            continue
        for name in dirs + files:
            p = os.path.join(dirpath, name)
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if name.endswith(".lock") or rel.startswith(".locks"):
                continue
            if os.path.islink(p):
                out[rel] = "link:" + os.readlink(p)
            elif os.path.isdir(p):
                out[rel] = "dir"
            else:
                with open(p, "rb") as f:
                    out[rel] = hashlib.sha256(f.read()).hexdigest()[:12]
    return out


def _delete_row(case: Case, root: Path, commits: list[str], inv: Any) -> Row:
    from huggingface_hub import scan_cache_dir

    from hfmanager.core.cleanup import Selection, execute, make_plan

    theirs, mine = root.with_name(root.name + "-hf"), root.with_name(root.name + "-ours")
    for copy in (theirs, mine):
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(root, copy, symlinks=True)
    strategy = scan_cache_dir(theirs).delete_revisions(*commits)
    strategy.execute()
    picked = {(r.repo_path.replace(str(root), str(mine), 1), v.commit_hash)
              for r in inv.repos for v in r.revisions if v.commit_hash in commits}
    plan = make_plan(Selection(revisions=frozenset(picked)), [mine])
    result = execute(plan)
    hf_left, our_left = _tree(theirs), _tree(mine)
    # huggingface_hub leaves a deleted revision's trees/<commit>.json behind; we remove it
    stale = {k for k in hf_left.keys() - our_left.keys()
             if os.path.basename(os.path.dirname(k)) == "trees" and k[-45:-5] in commits}
    same_disk = hf_left == our_left
    more_disk = {k: v for k, v in hf_left.items() if k not in stale} == our_left
    label = f"delete {len(commits)} revision(s): freed bytes; files left"
    # blob_bytes is expected_freed_size's measure; freed_bytes also counts the refs, tree
    # listings and manifests that go (the exact figure execute() then reports)
    figures = plan.blob_bytes == strategy.expected_freed_size and result.ok
    in_use = [w for w in plan.warnings if "download in it is in use" in w]
    verdict = ("agree" if figures and same_disk else
               "more: also removes the deleted revisions' trees/<commit>.json"
               if figures and more_disk else
               "more: keeps the repo folder while a download in it is in use"
               if figures and in_use else "DIFFER")
    return Row(case.name, label, strategy.expected_freed_size,
               f"{plan.blob_bytes} (+{plan.freed_bytes - plan.blob_bytes} B refs/listings); "
               f"{'same' if same_disk else 'same but listings' if more_disk else 'DIFFERENT'}"
               " files left", verdict)


def build(name: str, hub: FakeHub, base: Path) -> tuple[Case, Path]:
    root = base / name
    root.mkdir(parents=True)
    return LAYOUTS[name](hub, root), root
