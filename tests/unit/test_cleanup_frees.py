"""Each cleanup candidate's "frees" figure: what a plan of it alone frees, and what
huggingface_hub's ``delete_revisions(...).expected_freed_size`` says, on a cache with a
blob two revisions share and a shared Xet store payload two repos link to."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from huggingface_hub import scan_cache_dir
from huggingface_hub.utils import _shared_blobs

from hfmanager.core.cleanup import make_plan
from hfmanager.core.cleanup.exclusive import payload_users
from hfmanager.core.cleanup.rules import (
    Candidate,
    CandidateKind,
    Rules,
    candidates,
    revision_candidate,
)
from hfmanager.core.inventory import scan
from hfmanager.core.inventory.model import Inventory
from hfmanager.core.paths import CacheRoot, RootKind
from tests.cachebuilder import HubCache, RepoLayout, make_bytes, sha256_hex

MIB = 1 << 20


def publish(repo: RepoLayout, data: bytes, seed: str) -> None:
    """huggingface_hub's own move of a Xet-downloaded blob into the shared store."""
    xet = hashlib.sha256(b"xet:" + seed.encode()).hexdigest()
    assert _shared_blobs.publish_blob_to_shared_store(
        blob_path=str(repo.blobs / sha256_hex(data)), xet_hash=xet,
        cache_dir=repo.path.parent, expected_size=len(data))


@pytest.fixture
def cache(tmp_path: Path) -> tuple[Path, Inventory]:
    hub = HubCache(tmp_path / "hub")
    big, own = make_bytes(MIB, "shared"), make_bytes(8192, "own")
    a, b = hub.repo("org/a"), hub.repo("org/b")
    a.add_revision({"config.json": b"{}", "model.safetensors": big})
    b.add_revision({"config.json": b'{"b":1}', "model.safetensors": big,
                    "extra.safetensors": own})
    publish(a, big, "shared")
    publish(b, big, "shared")
    publish(b, own, "own")
    # org/r: main and a detached revision share the weights and their pickle twin
    weights, pickle = make_bytes(300_000, "w"), make_bytes(200_000, "p")
    r = hub.repo("org/r")
    r.add_revision({"config.json": b'{"v":1}', "model.safetensors": weights,
                    "pytorch_model.bin": pickle, "only-main.safetensors": 5000})
    r.add_revision({"config.json": b'{"v":2}', "model.safetensors": weights,
                    "pytorch_model.bin": pickle}, refs=())
    return hub.root, scan([CacheRoot(hub.root, RootKind.HF, "user")])


def _theirs(root: Path, c: Candidate) -> int:
    """huggingface_hub's figure for the revisions the candidate stands for."""
    info = scan_cache_dir(root)
    if c.kind is CandidateKind.REPO:
        [repo] = [r for r in info.repos if str(r.repo_path) == c.key]
        commits = [rev.commit_hash for rev in repo.revisions]
    else:
        commits = [c.key.rsplit("/", 1)[1]]
    return int(info.delete_revisions(*commits).expected_freed_size)


def test_every_candidate_frees_what_its_plan_alone_frees(
        cache: tuple[Path, Inventory]) -> None:
    root, inv = cache
    whole = candidates(inv, Rules(larger_than=0))
    parts = candidates(inv, Rules(detached=True, pickle_twins=True))
    by = {c.label: c for c in whole + parts}
    assert {c.kind for c in parts} == {CandidateKind.REVISION, CandidateKind.FILE}
    for c in whole + parts:
        assert c.frees == make_plan(c.selection, [root]).blob_bytes, c.label
        if c.kind is not CandidateKind.FILE:
            assert c.frees == _theirs(root, c), c.label
    # org/a alone frees its config, not the payload org/b still links to
    assert by["org/a"].size > MIB > by["org/a"].frees
    assert by["org/b"].frees == by["org/b"].size - MIB
    # the detached revision shares its weights with main: only its config goes
    [detached] = [c for c in parts if c.kind is CandidateKind.REVISION]
    assert detached.frees == len(b'{"v":2}') < detached.size
    # the pickle twin in main: the detached revision still uses its blob
    [twin] = [c for c in parts if c.kind is CandidateKind.FILE]
    assert (twin.frees, twin.size) == (0, 200_000)
    assert by["org/r"].frees == by["org/r"].size


def test_last_revision_frees_the_repo(cache: tuple[Path, Inventory]) -> None:
    root, inv = cache
    users = payload_users(inv)
    for repo in (r for r in inv.repos if len(r.revisions) == 1):
        c = revision_candidate(repo, repo.revisions[0], users)
        assert c.frees == make_plan(c.selection, [root]).blob_bytes == _theirs(root, c)
