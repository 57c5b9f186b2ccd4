"""The scanner on hand-built hub caches: real blobs, real relative symlinks, real hashes."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hfmanager.core.inventory import (
    CacheRoot,
    FileKind,
    ProblemKind,
    RepoType,
    RootKind,
    TorchEntryKind,
    scan,
    scan_repo,
)
from tests.cachebuilder import HubCache, TorchHub, git_blob_sha1, sha256_hex

CONFIG = json.dumps({"model_type": "llama", "architectures": ["LlamaForCausalLM"],
                     "torch_dtype": "bfloat16", "num_hidden_layers": 2, "hidden_size": 64,
                     "vocab_size": 1000, "max_position_embeddings": 2048,
                     "quantization_config": {"quant_method": "gptq"}}).encode()
README = b"---\nlicense: apache-2.0\nlibrary_name: transformers\npipeline_tag: text-generation\n" \
         b"base_model:\n- meta/base\ntags: [a, b]\n---\n# Model\n"


def kinds(problems: object) -> list[ProblemKind]:
    return sorted(p.kind for p in problems)  # type: ignore[attr-defined]


@pytest.fixture
def hub(tmp_path: Path) -> HubCache:
    return HubCache(tmp_path / "hub")


def test_normal_repo_revisions_refs_sizes(hub: HubCache) -> None:
    r = hub.repo("org/model")
    weights = b"w" * 1000
    c1 = r.add_revision({"config.json": CONFIG, "model.safetensors": weights,
                         "README.md": README, "sub/tokenizer.json": b"{}"})
    c2 = r.add_revision({"config.json": CONFIG, "model.safetensors": b"v" * 500},
                        refs=("refs/pr/1",))
    c3 = r.add_revision({"config.json": b'{"a": 2}'}, refs=())
    repo = scan_repo(r.path, hub.root)
    assert (repo.repo_type, repo.repo_id) == (RepoType.MODEL, "org/model")
    assert not repo.all_problems()
    revs = {rev.commit_hash: rev for rev in repo.revisions}
    assert revs[c1].refs == ("main",)
    assert revs[c2].refs == ("refs/pr/1",)
    assert revs[c3].detached
    assert repo.refs == {"main": c1, "refs/pr/1": c2}
    files = {f.path: f for f in revs[c1].files}
    assert set(files) == {"config.json", "model.safetensors", "README.md", "sub/tokenizer.json"}
    st = files["model.safetensors"]
    assert (st.size, st.kind, st.blob) == (1000, FileKind.WEIGHTS, sha256_hex(weights))
    assert files["config.json"].blob == git_blob_sha1(CONFIG)
    assert files["sub/tokenizer.json"].kind is FileKind.TOKENIZER
    assert st.blob_path == str(r.blobs / sha256_hex(weights))
    # config.json is shared by c1 and c2: counted once for the repo, once per revision.
    rev1 = 1000 + len(CONFIG) + len(README) + 2
    assert revs[c1].size_on_disk == rev1
    assert repo.size_on_disk == rev1 + 500 + len(b'{"a": 2}')
    assert repo.nb_files == 6
    s = repo.summary
    assert (s.model_type, s.architectures, s.dtype, s.num_layers, s.hidden_size) == (
        "llama", ("LlamaForCausalLM",), "bfloat16", 2, 64)
    assert (s.vocab_size, s.context_length, s.quantization) == (1000, 2048, "gptq")
    assert (s.license, s.library, s.pipeline_tag, s.base_model) == (
        "apache-2.0", "transformers", "text-generation", "meta/base")


def test_housekeeping_entries_are_understood(hub: HubCache) -> None:
    r = hub.repo("org/m")
    c = r.add_revision({"config.json": CONFIG})
    r.add_no_exist(c, "tokenizer.json")
    r.add_lock()
    r.add_tree_listing(c)
    inv = scan([CacheRoot(hub.root, RootKind.HF, "user")])
    assert [x.repo_id for x in inv.repos] == ["org/m"]
    assert not inv.problems
    assert not inv.repos[0].all_problems()


def test_copy_and_hardlink_layouts_are_not_double_counted(hub: HubCache) -> None:
    r = hub.repo("org/copy")
    c1 = r.add_revision({"config.json": CONFIG, "a.bin": 300, "model.safetensors": 10},
                        layout="copy")
    r2 = hub.repo("org/hard")
    c2 = r2.add_revision({"config.json": CONFIG, "model.safetensors": 400}, layout="hardlink")
    copy = scan_repo(r.path, hub.root)
    assert copy.size_on_disk == len(CONFIG) + 310
    f = {x.path: x for x in copy.revisions[0].files}
    assert f["a.bin"].blob is None
    assert f["a.bin"].blob_path is None
    assert copy.revisions[0].commit_hash == c1
    hard = scan_repo(r2.path, hub.root)
    assert hard.size_on_disk == len(CONFIG) + 400  # blob and snapshot file share an inode
    assert {x.blob for x in hard.revisions[0].files} == {p.name for p in r2.blobs.iterdir()}
    assert hard.revisions[0].commit_hash == c2


def test_incomplete_downloads(hub: HubCache) -> None:
    r = hub.repo("org/m")
    r.add_revision({"config.json": CONFIG})
    a = r.add_incomplete(size=1234, age_s=3 * 86400)
    b = r.add_incomplete(size=10, temp_suffix=True)
    repo = scan_repo(r.path, hub.root)
    assert sorted(i.path for i in repo.incompletes) == sorted([str(a), str(b)])
    assert repo.size_on_disk == len(CONFIG) + 1244
    msgs = [p.message for p in repo.problems if p.kind is ProblemKind.INCOMPLETE_DOWNLOAD]
    assert len(msgs) == 2
    assert any("1.2 KiB" in m and "3 days" in m for m in msgs)


def test_health_problems(hub: HubCache) -> None:
    r = hub.repo("org/m")
    index = json.dumps({"weight_map": {"a": "model-00001-of-00002.safetensors",
                                       "b": "model-00002-of-00002.safetensors"}}).encode()
    r.add_revision({"model.safetensors.index.json": index,
                    "model-00001-of-00002.safetensors": 10, "modeling_x.py": b"x=1\n"})
    r.add_revision({"config.json": CONFIG, "pytorch_model.bin": 10}, refs=("v1",))
    repo = scan_repo(r.path, hub.root)
    by_ref = {rev.refs: kinds(rev.problems) for rev in repo.revisions}
    assert by_ref[("main",)] == sorted([ProblemKind.MISSING_SHARD, ProblemKind.NO_CONFIG,
                                        ProblemKind.CUSTOM_CODE])
    assert by_ref[("v1",)] == [ProblemKind.PICKLE_ONLY]
    shard = next(p for p in repo.all_problems() if p.kind is ProblemKind.MISSING_SHARD)
    assert "model-00002-of-00002.safetensors" in shard.message
    assert "1 of 2" in shard.message
    # datasets never need config.json
    d = hub.repo("org/data", "dataset")
    d.add_revision({"train.csv": b"a,b\n"})
    assert not scan_repo(d.path, hub.root).all_problems()


def test_broken_link_bad_blob_name_and_dangling_ref(hub: HubCache) -> None:
    r = hub.repo("org/m")
    c = r.add_revision({"config.json": CONFIG, "model.safetensors": 100})
    blob = r.blobs / sha256_hex((r.snapshots / c / "model.safetensors").read_bytes())
    blob.unlink()
    (r.blobs / "not-a-hash").write_bytes(b"zz")
    r.set_ref("stale", "f" * 40)
    repo = scan_repo(r.path, hub.root)
    assert kinds(repo.all_problems()) == sorted([ProblemKind.BROKEN_LINK,
                                                 ProblemKind.BAD_BLOB_NAME,
                                                 ProblemKind.DANGLING_REF])
    broken = next(f for f in repo.revisions[0].files if f.path == "model.safetensors")
    assert broken.size == 0
    assert broken.blob == blob.name


def test_hostile_links_are_never_followed_out_of_the_root(hub: HubCache, tmp_path: Path) -> None:
    secret = tmp_path / "outside.bin"
    secret.write_bytes(b"s" * 999)
    r = hub.repo("org/m")
    c = r.add_revision({"config.json": CONFIG})
    snap = r.snapshots / c
    os.symlink(secret, snap / "abs_out.bin")
    os.symlink("../../../../outside.bin", snap / "rel_out.bin")
    os.symlink("loop_b", snap / "loop_a")
    os.symlink("loop_a", snap / "loop_b")
    os.symlink("self", snap / "self")
    os.symlink("..", snap / "parent_dir")
    os.symlink(secret, r.blobs / ("e" * 64))  # a blob that leaves the cache
    os.symlink("../../blobs/" + "e" * 64, snap / "via_blob.bin")
    os.symlink(tmp_path, hub.root / "models--org--linked")  # a repo folder that is a link
    atime = secret.stat().st_atime
    inv = scan([CacheRoot(hub.root, RootKind.HF, "user")])
    repo = inv.repos[0]
    found = kinds(repo.all_problems())
    assert found.count(ProblemKind.LINK_OUTSIDE) == 3  # abs_out, rel_out, the blob
    assert found.count(ProblemKind.LINK_LOOP) == 3
    assert ProblemKind.UNEXPECTED_ENTRY in found  # the link to a folder
    assert ProblemKind.BROKEN_LINK in found  # via_blob: its blob was not accepted
    assert repo.size_on_disk == len(CONFIG)  # nothing outside was counted
    assert [p.kind for p in inv.problems] == [ProblemKind.LINK_OUTSIDE]
    assert secret.stat().st_atime == atime


def test_files_where_folders_belong_and_stray_entries(hub: HubCache) -> None:
    bad = hub.root / "models--org--bad"
    bad.mkdir()
    (bad / "snapshots").write_text("not a folder")
    (bad / "refs").write_text("nor this")
    (bad / "blobs").mkdir()
    (bad / "blobs" / "sub").mkdir()
    (bad / "stray.txt").write_text("?")
    r = hub.repo("org/ok")
    c = r.add_revision({"config.json": CONFIG})
    (r.snapshots / "a-file").write_text("x")
    (r.snapshots / ("d" * 40)).symlink_to(r.snapshots / c)
    (hub.root / "random.txt").write_text("x")
    (hub.root / "not-a-repo").mkdir()
    inv = scan([CacheRoot(hub.root, RootKind.HF, "user")])
    repos = {x.repo_id: x for x in inv.repos}
    assert kinds(repos["org/bad"].problems) == [ProblemKind.UNEXPECTED_ENTRY] * 4
    assert repos["org/bad"].revisions == ()
    assert kinds(repos["org/ok"].problems) == [ProblemKind.UNEXPECTED_ENTRY] * 2
    assert len(repos["org/ok"].revisions) == 1
    assert kinds(inv.problems) == [ProblemKind.UNEXPECTED_ENTRY] * 2


def test_non_utf8_names_become_problems_and_round_trip(hub: HubCache) -> None:
    r = hub.repo("org/m")
    c = r.add_revision({"config.json": CONFIG})
    blob = r.write_blob(b"data")
    name = os.fsencode(r.snapshots / c) + b"/caf\xe9.txt"
    os.symlink(os.fsencode(os.path.relpath(blob, r.snapshots / c)), name)
    repo = scan_repo(r.path, hub.root)
    f = next(x for x in repo.revisions[0].files if x.path != "config.json")
    assert os.fsencode(f.file_path) == name
    assert f.size == 4
    assert kinds(repo.all_problems()) == [ProblemKind.UNREADABLE]
    assert "caf\\xe9.txt" in repo.all_problems()[0].message
    text = json.dumps(repo.to_json())  # ASCII-escaped surrogates survive JSON
    assert type(repo).from_json(json.loads(text)) == repo


@contextlib.contextmanager
def unprivileged() -> Iterator[None]:
    """Run the body as 'nobody' when the tests run as root (root reads any folder)."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_permission_errors_become_problems() -> None:
    # Outside tmp_path: pytest's base folder is private to root, 'nobody' could not enter.
    base = Path(tempfile.mkdtemp(prefix="hfm-perm-"))
    try:
        base.chmod(0o755)
        hub = HubCache(base / "hub")
        r = hub.repo("org/m")
        c = r.add_revision({"config.json": CONFIG, "sub/x.json": b"{}"})
        r.add_revision({"config.json": b"{}"}, refs=("v1",))
        (r.snapshots / c / "sub").chmod(0)
        (r.refs / "v1").chmod(0)
        (r.blobs).chmod(0o311)  # no listing
        with unprivileged():
            repo = scan_repo(r.path, hub.root)
        unreadable = [p.path for p in repo.all_problems() if p.kind is ProblemKind.UNREADABLE]
        assert sorted(unreadable) == sorted([str(r.blobs), str(r.snapshots / c / "sub"),
                                             str(r.refs / "v1")])
    finally:
        for p in base.rglob("*"):
            if p.is_dir() and not p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(base)


def test_unreadable_root_and_missing_root(tmp_path: Path) -> None:
    missing = scan([CacheRoot(tmp_path / "nope", RootKind.HF, "default"),
                    CacheRoot(tmp_path / "nope2", RootKind.TORCH, "default")])
    assert missing.repos == ()
    assert missing.problems == ()
    (tmp_path / "file").write_text("x")
    inv = scan([CacheRoot(tmp_path / "file", RootKind.HF, "user")])
    assert kinds(inv.problems) == [ProblemKind.UNREADABLE]


def test_bad_repo_folder_name_never_raises(hub: HubCache) -> None:
    folder = hub.root / "weird"
    folder.mkdir()
    repo = scan_repo(folder, hub.root)
    assert repo.repo_id == "weird"
    assert ProblemKind.UNEXPECTED_ENTRY in kinds(repo.problems)


def test_big_readme_is_read_only_partly(hub: HubCache) -> None:
    r = hub.repo("org/m")
    big = README + b"x" * (5 * 1024 * 1024)
    r.add_revision({"README.md": big, "config.json": b"{not json"})
    repo = scan_repo(r.path, hub.root)
    assert repo.summary.license == "apache-2.0"
    assert repo.summary.model_type is None


def test_torch_hub(tmp_path: Path) -> None:
    th = TorchHub(tmp_path / "torch" / "hub")
    ck = th.add_checkpoint("resnet18", 2048)
    th.add_checkpoint("plain", 10, with_hash=False)
    th.add_checkout("pytorch", "vision", "v0.10.0", {"hubconf.py": b"x" * 7, "a/b.py": b"yy"})
    (th.root / "checkpoints" / "tmpab12cd34").write_bytes(b"p" * 5)
    (th.root / "trusted_list").write_text("pytorch_vision\n")
    os.symlink(tmp_path, th.root / "checkpoints" / "evil.pth")
    inv = scan([CacheRoot(th.root, RootKind.TORCH, "TORCH_HOME")])
    by_name = {t.name: t for t in inv.torch_entries}
    assert by_name[ck.name].sha256_prefix == sha256_hex(ck.read_bytes())[:8]
    assert by_name[ck.name].size_on_disk == 2048
    assert by_name["plain.pth"].sha256_prefix is None
    code = by_name["pytorch_vision_v0.10.0"]
    assert (code.kind, code.owner, code.repo, code.ref, code.size_on_disk) == (
        TorchEntryKind.CODE, "pytorch", "vision", "v0.10.0", 9)
    assert kinds(by_name["tmpab12cd34"].problems) == [ProblemKind.INCOMPLETE_DOWNLOAD]
    assert kinds(by_name["evil.pth"].problems) == [ProblemKind.UNEXPECTED_ENTRY]
    assert by_name["evil.pth"].size_on_disk < 1000  # the link itself, not the target


def test_shared_xet_blob_store(hub: HubCache) -> None:
    """huggingface_hub 2.x may keep payloads in <root>/blobs/<2 hex>/<hash>, linked from repos."""
    from huggingface_hub import scan_cache_dir

    store = hub.root / "blobs"
    (store / "ab").mkdir(parents=True)
    (store / ".huggingface-shared-blobs").write_text("1\n")
    payload = store / "ab" / ("ab" + "c" * 62)
    payload.write_bytes(b"p" * 4096)
    for name in ("org/a", "org/b"):
        r = hub.repo(name)
        c = r.add_revision({"config.json": CONFIG})
        etag = "d" * 64
        os.symlink(os.path.relpath(payload, r.blobs), r.blobs / etag)
        os.symlink(f"../../blobs/{etag}", r.snapshots / c / "model.safetensors")
    inv = scan([CacheRoot(hub.root, RootKind.HF, "user")])
    assert not inv.problems  # the store is not a stray folder
    theirs = {r.repo_id: r.size_on_disk for r in scan_cache_dir(hub.root).repos}
    for repo in inv.repos:
        assert not repo.all_problems()
        assert repo.size_on_disk == len(CONFIG) + 4096 == theirs[repo.repo_id]
        f = next(x for x in repo.revisions[0].files if x.path == "model.safetensors")
        assert f.blob == "d" * 64
        assert f.blob_path == str(hub.root / f"models--{repo.repo_id.replace('/', '--')}"
                                  / "blobs" / f.blob)
