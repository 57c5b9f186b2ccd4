"""Pure parts of the download engine: name validation, layout paths, URL parsing, filters,
sidecars, hashing, token bucket. No network."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfmanager.core.downloads.layout import (
    MAX_FILE_SIZE,
    CacheLayout,
    UnsafeNameError,
    repo_folder_name,
    validate_commit,
    validate_etag,
    validate_filename,
    validate_ref,
)
from hfmanager.core.downloads.plan import (
    RemoteEntry,
    RepoPlan,
    check_free_space,
    filter_files,
    parse_source,
    remaining_bytes,
    resolve_url,
)
from hfmanager.core.downloads.ratelimit import TokenBucket
from hfmanager.core.downloads.sidecar import Sidecar, new_hasher, rehash_prefix

SHA1 = "a" * 40
SHA256 = "b" * 64


@pytest.mark.parametrize("good", [SHA1, SHA256, "0123456789abcdef" * 4])
def test_valid_etags(good: str) -> None:
    assert validate_etag(good) == good


@pytest.mark.parametrize("bad", ["", "A" * 40, "a" * 39, "a" * 41, "a" * 63, "../../x",
                                 "/tmp/evil", "a" * 10_240, "g" * 40, SHA1 + "\n"])
def test_invalid_etags(bad: str) -> None:
    with pytest.raises(UnsafeNameError):
        validate_etag(bad)


@pytest.mark.parametrize("bad", ["main", "a" * 39, "../" + "a" * 37, SHA256])
def test_invalid_commits(bad: str) -> None:
    with pytest.raises(UnsafeNameError):
        validate_commit(bad)


@pytest.mark.parametrize("good", ["a.json", "sub/dir/b.bin", "名字.txt", "a..b", ".gitattributes"])
def test_valid_filenames(good: str) -> None:
    assert validate_filename(good) == good


@pytest.mark.parametrize("bad", ["", "../x", "a/../../x", "/abs", "a\\b", "a\x00b", "a//b",
                                 "./a", "a/.", "C:/x", "a/\n", "x" * 2000])
def test_invalid_filenames(bad: str) -> None:
    with pytest.raises(UnsafeNameError):
        validate_filename(bad)


@pytest.mark.parametrize("bad", ["../main", "/main", "a//b", "", "a b"])
def test_invalid_refs(bad: str) -> None:
    with pytest.raises(UnsafeNameError):
        validate_ref(bad)


def test_refs_with_slashes_ok() -> None:
    assert validate_ref("refs/pr/1") == "refs/pr/1"


@given(st.text(max_size=60))
def test_any_filename_stays_inside(name: str) -> None:
    layout = CacheLayout(Path("/tmp/hfm-cache-root"), "org/name")
    try:
        p = layout.snapshot_path(SHA1, name)
    except UnsafeNameError:
        return
    assert os.path.commonpath(["/tmp/hfm-cache-root", str(p)]) == "/tmp/hfm-cache-root"


def test_repo_folder_names() -> None:
    assert repo_folder_name("org/name", "model") == "models--org--name"
    assert repo_folder_name("gpt2", "model") == "models--gpt2"
    assert repo_folder_name("o/d", "dataset") == "datasets--o--d"
    for bad in ("../x", "a/b/c", "a--b/c", "org/", "/x"):
        with pytest.raises(UnsafeNameError):
            repo_folder_name(bad, "model")
    with pytest.raises(UnsafeNameError):
        repo_folder_name("a/b", "weird")


def test_symlinked_dir_escape_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    layout = CacheLayout(tmp_path / "cache", "org/name")
    snap = layout.snapshot_dir(SHA1)
    snap.mkdir(parents=True)
    (snap / "evil").symlink_to(outside)
    with pytest.raises(UnsafeNameError):
        layout.snapshot_path(SHA1, "evil/file.txt")


def test_write_ref_and_link(tmp_path: Path) -> None:
    layout = CacheLayout(tmp_path, "org/name")
    layout.ensure_dirs()
    data = b"hello"
    etag = hashlib.sha1(b"blob 5\0" + data).hexdigest()
    layout.blob_path(etag).write_bytes(data)
    dst = layout.link_snapshot(SHA1, "a/b.txt", etag)
    assert os.readlink(dst) == f"../../../blobs/{etag}"
    assert dst.read_bytes() == data
    layout.write_ref("refs/pr/1", SHA1)
    assert (tmp_path / "models--org--name" / "refs" / "refs" / "pr" / "1").read_text() == SHA1
    copy = layout.link_snapshot("c" * 40, "x.txt", etag, copy=True)
    assert not copy.is_symlink()
    assert copy.read_bytes() == data


@pytest.mark.parametrize(("text", "repo", "rtype", "rev", "include", "endpoint"), [
    ("org/name", "org/name", "model", "main", (), ""),
    ("https://huggingface.co/org/name", "org/name", "model", "main", (), "https://huggingface.co"),
    ("https://hf-mirror.com/org/name/tree/v1.0", "org/name", "model", "v1.0", (),
     "https://hf-mirror.com"),
    ("https://huggingface.co/org/name/blob/main/sub/a.json", "org/name", "model", "main",
     ("sub/a.json",), "https://huggingface.co"),
    ("https://huggingface.co/org/name/tree/dev/onnx", "org/name", "model", "dev", ("onnx/*",),
     "https://huggingface.co"),
    ("https://huggingface.co/datasets/org/data", "org/data", "dataset", "main", (),
     "https://huggingface.co"),
    ("https://huggingface.co/gpt2/resolve/main/config.json", "gpt2", "model", "main",
     ("config.json",), "https://huggingface.co"),
])
def test_parse_source(text: str, repo: str, rtype: str, rev: str, include: tuple[str, ...],
                      endpoint: str) -> None:
    spec = parse_source(text)
    assert (spec.repo_id, spec.repo_type, spec.revision, spec.include, spec.endpoint) == (
        repo, rtype, rev, include, endpoint)


@pytest.mark.parametrize("bad", ["not a repo", "https://huggingface.co/", "../x",
                                 "https://huggingface.co/a/b/c/d"])
def test_parse_source_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_source(bad)


def test_resolve_url_quotes() -> None:
    assert resolve_url("https://h.co/", "o/n", "dataset", "refs/pr/1", "a b/c#.txt") == (
        "https://h.co/datasets/o/n/resolve/refs%2Fpr%2F1/a%20b/c%23.txt")


FILES = [RemoteEntry("config.json", 2, SHA1), RemoteEntry("model.safetensors", 10, SHA256),
         RemoteEntry("pytorch_model.bin", 10, "c" * 64),
         RemoteEntry("onnx/model.onnx", 5, "d" * 64), RemoteEntry("tf_model.h5", 10, "e" * 64)]


def test_filters_and_preset() -> None:
    names = lambda fs: [f.path for f in fs]  # noqa: E731
    assert names(filter_files(FILES, include=["*.json"])) == ["config.json"]
    assert names(filter_files(FILES, include=["onnx/"])) == ["onnx/model.onnx"]
    assert "pytorch_model.bin" not in names(filter_files(FILES, exclude=["*.bin"]))
    assert names(filter_files(FILES, preset="safetensors")) == [
        "config.json", "model.safetensors", "onnx/model.onnx"]
    # no safetensors at all: the preset keeps the .bin (better than nothing)
    assert "pytorch_model.bin" in names(filter_files(FILES[2:], preset="safetensors"))
    with pytest.raises(ValueError):
        filter_files(FILES, preset="nope")


def test_free_space_check(tmp_path: Path) -> None:
    plan = RepoPlan("https://h.co", "org/n", "model", SHA1, "main",
                    (RemoteEntry("big", MAX_FILE_SIZE, SHA256),))
    with pytest.raises(Exception, match="not enough free space"):
        check_free_space(plan, tmp_path / "not" / "yet")
    for absurd in (2**62, -5):  # refused as impossible before any sum
        bad = RepoPlan("https://h.co", "org/n", "model", SHA1, "main",
                       (RemoteEntry("big", absurd, SHA256),))
        with pytest.raises(UnsafeNameError, match="impossible size"):
            check_free_space(bad, tmp_path / "not" / "yet")
    small = RepoPlan("https://h.co", "org/n", "model", SHA1, "main",
                     (RemoteEntry("s", 100, SHA256),))
    layout = CacheLayout(tmp_path, "org/n")
    layout.ensure_dirs()
    layout.partial_path(SHA256).write_bytes(b"x" * 40)
    assert remaining_bytes(small, tmp_path) == 60
    assert check_free_space(small, tmp_path) == 60


def test_sidecar_roundtrip_and_garbage(tmp_path: Path) -> None:
    car = Sidecar(SHA256, 10, SHA1, "f", validator='"abc"', verified=4)
    car.save(tmp_path / "s.json")
    assert Sidecar.load(tmp_path / "s.json") == car
    for junk in ("", "[]", "{", '{"version": 99}', '{"version": 1, "etag": 3}'):
        (tmp_path / "j.json").write_text(junk)
        assert Sidecar.load(tmp_path / "j.json") is None
    assert Sidecar.load(tmp_path / "missing.json") is None


def test_hashers_match_git_and_sha256(tmp_path: Path) -> None:
    data = os.urandom(100_000)
    p = tmp_path / "d"
    p.write_bytes(data)
    git = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    h = new_hasher(git, len(data))
    assert rehash_prefix(p, h, len(data)) == len(data)
    assert h.hexdigest() == git
    sha = hashlib.sha256(data).hexdigest()
    h2 = new_hasher(sha, len(data))
    rehash_prefix(p, h2, 1000)
    h2.update(data[1000:])
    assert h2.hexdigest() == sha


def test_token_bucket_caps_rate() -> None:
    bucket = TokenBucket(2_000_000)
    t0 = time.monotonic()
    for _ in range(10):
        bucket.consume(400_000)  # 4 MB at 2 MB/s, 1 s of burst allowance
    elapsed = time.monotonic() - t0
    assert elapsed >= 0.9  # not a timing assertion on speed: a lower bound the cap implies
    unlimited = TokenBucket(0)
    unlimited.consume(10**12)
