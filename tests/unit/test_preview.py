"""core.preview: reading a cached text file for the viewer, carefully."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hfmanager.core.preview import PreviewFormat, PreviewIssue, read_preview, viewable


@pytest.mark.parametrize(("name", "fmt"), [
    ("config.json", PreviewFormat.JSON), ("README.md", PreviewFormat.MARKDOWN),
    ("modeling_x.py", PreviewFormat.PYTHON), ("merges.txt", PreviewFormat.TEXT),
    ("LICENSE", PreviewFormat.TEXT), ("params.yaml", PreviewFormat.TEXT),
    ("model.safetensors", None), ("pytorch_model.bin", None), ("spiece.model", None),
    ("weights", None)])
def test_viewable_by_name(name: str, fmt: PreviewFormat | None) -> None:
    assert viewable(name) is fmt


def test_json_is_pretty_printed_and_bad_json_shown_raw(tmp_path: Path) -> None:
    good = tmp_path / "config.json"
    good.write_text('{"a":[1,2],"b":"\u4e2d"}', encoding="utf-8")
    p = read_preview(str(good))
    assert p.text == json.dumps({"a": [1, 2], "b": "\u4e2d"}, indent=2, ensure_ascii=False)
    assert (p.issue, p.truncated, p.replaced) == (None, False, False)
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": ', encoding="utf-8")
    p = read_preview(str(bad))
    assert (p.issue, p.text) == (PreviewIssue.BAD_JSON, '{"a": ')
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    p = read_preview(str(deep))  # refused before json recurses
    assert p.issue is PreviewIssue.BAD_JSON
    assert "nested too deeply" in p.detail


def test_large_files_are_cut_at_the_cap_without_a_false_replacement(tmp_path: Path) -> None:
    f = tmp_path / "notes.txt"
    f.write_bytes("\u4e2d".encode() * 1000)  # 3 bytes each: the cap falls inside one
    p = read_preview(str(f), cap=1000)
    assert p.truncated
    assert p.size == 3000
    assert p.shown == 1000
    assert p.text == "\u4e2d" * 333
    assert not p.replaced
    big = tmp_path / "tokenizer.json"
    big.write_text(json.dumps({"v": list(range(500))}))
    p = read_preview(str(big), cap=100)
    assert p.truncated
    assert p.issue is None
    assert len(p.text) == 100


def test_non_utf8_is_replaced_and_binary_refused(tmp_path: Path) -> None:
    f = tmp_path / "x.py"
    f.write_bytes(b"a = '\xff'\n")
    p = read_preview(str(f))
    assert p.replaced
    assert p.text == "a = '\ufffd'\n"
    b = tmp_path / "data.txt"
    b.write_bytes(b"PK\x03\x04\x00\x00")
    p = read_preview(str(b))
    assert (p.issue, p.text, p.failed) == (PreviewIssue.BINARY, "", True)


def test_links_are_followed_inside_the_root_only(tmp_path: Path) -> None:
    root = tmp_path / "hub"
    snap = root / "models--o--m" / "snapshots" / ("a" * 40)
    blobs = root / "models--o--m" / "blobs"
    snap.mkdir(parents=True)
    blobs.mkdir()
    (blobs / ("b" * 40)).write_text("hello")
    (snap / "ok.txt").symlink_to(f"../../blobs/{'b' * 40}")
    (snap / "broken.txt").symlink_to(f"../../blobs/{'c' * 40}")
    secret = tmp_path / "secret.txt"
    secret.write_text("not from the cache")
    (snap / "out.txt").symlink_to(secret)
    assert read_preview(str(snap / "ok.txt"), root=str(root)).text == "hello"
    p = read_preview(str(snap / "broken.txt"), root=str(root))
    assert (p.issue, p.text) == (PreviewIssue.BROKEN_LINK, "")
    assert p.detail == f"../../blobs/{'c' * 40}"
    p = read_preview(str(snap / "out.txt"), root=str(root))
    assert (p.issue, p.text) == (PreviewIssue.LINK_OUTSIDE, "")
    p = read_preview(str(snap / "broken.txt"))  # no root: followed, and still broken
    assert p.issue is PreviewIssue.BROKEN_LINK


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "README.md"
    os.mkfifo(fifo)
    p = read_preview(str(fifo))
    assert p.issue is PreviewIssue.UNREADABLE
