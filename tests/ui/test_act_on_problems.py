"""Acting where the problem is: "Download again" on a broken link, a deleted blob and a
corrupt file, from the Library's file tree and problem list, and "View" on text files.

The cache is made by huggingface_hub's own snapshot_download against the fake Hub; after
the repair huggingface_hub's offline hf_hub_download must find every file whole.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from fakehub import FakeHub

from hfmanager.core.inventory.model import CachedFile, ProblemKind
from hfmanager.core.settings import Settings
from hfmanager.core.verify.findings import findings_from_report
from hfmanager.core.verify.runner import verify
from hfmanager.core.verify.targets import targets_for_repo
from hfmanager.ui.models.roles import ObjectRole
from tests.integration.download_helpers import payload
from tests.ui.conftest import wait_scanned

FILES = {"config.json": b'{"model_type": "bert", "hidden_size": 8}',
         "README.md": b"---\nlicense: mit\n---\n# Tiny\n\nA *tiny* model.\n\n"
                      b"![remote](https://example.invalid/x.png)\n",
         "tokenizer.json": b'{"version": "1.0"}',
         "model.safetensors": payload(3 << 20),
         "sub/dir [x].bin": payload(1 << 20, seed=2)}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _cache(fake_hub: FakeHub, hf_root: Path) -> tuple[str, Path]:
    from huggingface_hub import snapshot_download

    commit = fake_hub.add_repo("org/fix", FILES, lfs_threshold=1024)
    snapshot_download("org/fix", endpoint=fake_hub.url, cache_dir=hf_root)
    return commit, hf_root / "models--org--fix"


def _break(repo: Path, commit: str) -> None:
    """A corrupt LFS blob, a deleted blob, and a snapshot link to a blob that never was."""
    snap = repo / "snapshots" / commit
    blob = (snap / "model.safetensors").resolve()
    data = bytearray(blob.read_bytes())
    data[4242] ^= 0x01
    blob.write_bytes(bytes(data))
    (snap / "sub" / "dir [x].bin").resolve().unlink()
    (snap / "tokenizer.json").unlink()
    (snap / "tokenizer.json").symlink_to("../../blobs/" + "0" * 40)


def _index_of(tree, path: str):  # type: ignore[no-untyped-def]
    model = tree.model()
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        index = stack.pop()
        file = index.data(ObjectRole)
        if isinstance(file, CachedFile) and file.path == path:
            return index
        stack += [model.index(r, 0, index) for r in range(model.rowCount(index))]
    raise AssertionError(f"{path} not in the tree")


def _action(actions, name: str):  # type: ignore[no-untyped-def]
    found = [a for a in actions if a.objectName() == name]
    return found[0] if found else None


def _window(qtbot, ctx, fake_hub: FakeHub):  # type: ignore[no-untyped-def]
    from hfmanager.app import build_window

    ctx.settings = Settings(endpoint=fake_hub.url)
    win = build_window(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    wait_scanned(qtbot, win)
    return win


def test_download_again_mends_broken_and_corrupt_files(qtbot, ctx, fake_hub: FakeHub,  # type: ignore[no-untyped-def]
                                                       hf_root: Path) -> None:
    from huggingface_hub import hf_hub_download

    commit, repo = _cache(fake_hub, hf_root)
    ref_before = (repo / "refs" / "main").read_text()
    _break(repo, commit)
    win = _window(qtbot, ctx, fake_hub)
    # Verify's findings reach the Library as the Cleanup page's verify run sends them.
    win.attach_findings(findings_from_report(verify(targets_for_repo(str(repo)))))
    assert win.library.select_repo("org/fix")
    details = win.library.details
    actions = details.file_actions
    kinds = {p.kind for p in details.files_model.revision().problems}
    assert {ProblemKind.BROKEN_LINK, ProblemKind.CORRUPT_BLOB} <= kinds

    # The file tree: the corrupt file, then the link to a blob that never existed.
    tree = details.tree
    healthy = actions.tree_actions(_index_of(tree, "config.json"), tree)
    assert _action(healthy, "file_redownload") is None  # nothing to mend there
    for path in ("model.safetensors", "tokenizer.json"):
        offered = actions.tree_actions(_index_of(tree, path), tree)
        with qtbot.waitSignal(actions.redownloadRequested) as sent:
            _action(offered, "file_redownload").trigger()
        assert sent.args == [str(repo), [f"{commit}/{path}"]]
    # The problem list: the deleted blob's row.
    problems = details.details.problems
    rows = [problems.item(i) for i in range(problems.count())]
    row = next(i for i in rows if "dir [x].bin" in i.text())
    _action(actions.problem_actions(row, problems), "file_redownload").trigger()

    jobs = ctx.downloads.snapshot()
    assert len(jobs) == 3
    assert {j.record.spec.revision for j in jobs} == {commit}  # pinned: no ref moves
    assert sorted(p for j in jobs for p in j.record.spec.include) == [
        "model.safetensors", "sub/dir [[]x].bin", "tokenizer.json"]
    snap = repo / "snapshots" / commit

    def whole() -> bool:
        try:
            return all(_sha((snap / p).read_bytes()) == _sha(d) for p, d in FILES.items())
        except OSError:
            return False

    qtbot.waitUntil(whole, timeout=120_000)
    assert (repo / "refs" / "main").read_text() == ref_before
    for name, data in FILES.items():
        found = hf_hub_download("org/fix", name, revision=commit, cache_dir=hf_root,
                                local_files_only=True)
        assert Path(found).read_bytes() == data
        assert os.path.realpath(found).startswith(str(repo / "blobs"))
    win.request_rescan()
    wait_scanned(qtbot, win)
    assert win.library.select_repo("org/fix")
    left = {p.kind for p in win.library.details.files_model.revision().problems}
    assert not left & {ProblemKind.BROKEN_LINK, ProblemKind.CORRUPT_BLOB}


def test_view_offers_text_files_and_says_when_a_link_is_broken(  # type: ignore[no-untyped-def]
        qtbot, ctx, fake_hub: FakeHub, hf_root: Path) -> None:
    commit, repo = _cache(fake_hub, hf_root)
    (repo / "snapshots" / commit / "tokenizer.json").resolve().unlink()
    win = _window(qtbot, ctx, fake_hub)
    assert win.library.select_repo("org/fix")
    details = win.library.details
    actions, tree = details.file_actions, details.tree
    assert _action(actions.tree_actions(_index_of(tree, "model.safetensors"), tree),
                   "file_view") is None  # weights are not offered

    _action(actions.tree_actions(_index_of(tree, "config.json"), tree), "file_view").trigger()
    viewer = actions.viewer.viewer
    assert viewer.shown_text() == '{\n  "model_type": "bert",\n  "hidden_size": 8\n}'
    assert not viewer.note.isVisible()

    tree.doubleClicked.emit(_index_of(tree, "README.md"))  # a double-click opens it too
    viewer = actions.viewer.viewer
    assert viewer.stack.currentWidget() is viewer.markdown
    assert "A tiny model." in viewer.shown_text()
    assert "#" not in viewer.shown_text()  # rendered, not the source
    assert "license: mit" in viewer.shown_text()  # the card's YAML header stays readable

    _action(actions.tree_actions(_index_of(tree, "tokenizer.json"), tree), "file_view").trigger()
    viewer = actions.viewer.viewer
    assert viewer.note.isVisible()
    assert "link is broken" in viewer.note.text()
    assert viewer.shown_text() == ""
