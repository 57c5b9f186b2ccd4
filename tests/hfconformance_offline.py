"""Offline rows of the conformance table: what huggingface_hub makes of OUR downloads.

The same repo, with the same --include, is downloaded by huggingface_hub and by hfmanager;
offline, huggingface_hub must treat both caches alike. Split out of ``hfconformance.py``
(the layouts and their comparison) to keep each file readable; the test module and
``tests/benchmarks/conformance_report.py`` import :func:`offline_rows` from here.
"""

from __future__ import annotations

from pathlib import Path

from fakehub import FakeHub
from hfconformance import LFS, Row, _files


def _our_download(hub: FakeHub, root: Path, repo_id: str, include: tuple[str, ...]) -> None:
    from hfmanager.core.downloads import service
    from hfmanager.core.downloads.engine import Downloader
    from hfmanager.core.downloads.plan import DownloadSpec
    from hfmanager.core.settings import Settings

    spec = DownloadSpec(repo_id, include=include)
    settings = Settings(endpoint=hub.url)
    plan = service.fetch_plan(spec, settings)
    Downloader(root, service.engine_config(spec, settings)).download(plan)


def _offline_outcome(root: Path, repo_id: str) -> str:
    """What offline snapshot_download and get_cached_repo_tree make of a cache."""
    from huggingface_hub import constants, get_cached_repo_tree, snapshot_download

    saved = constants.HF_HUB_OFFLINE
    constants.HF_HUB_OFFLINE = True
    try:
        try:
            path = Path(snapshot_download(repo_id, cache_dir=root, local_files_only=True))
            got = f"snapshot with {sum(1 for p in path.rglob('*') if p.is_file())} files"
        except Exception as exc:  # the outcome is the exception's type
            got = type(exc).__name__
        try:
            tree = f"tree of {len(get_cached_repo_tree(repo_id, cache_dir=root))} files"
        except Exception as exc:
            tree = f"tree: {type(exc).__name__}"
        return f"{got}; {tree}"
    finally:
        constants.HF_HUB_OFFLINE = saved


def offline_rows(hub: FakeHub, base: Path) -> list[Row]:
    """Same repo, same --include, downloaded by huggingface_hub and by hfmanager: offline,
    huggingface_hub must treat both caches alike."""
    rows = []
    for label, include in (("full download", ()), ("--include *.json", ("*.json",))):
        repo_id = f"org/offline-{len(rows)}"
        hub.add_repo(repo_id, _files(repo_id), lfs_threshold=LFS)
        theirs, ours = base / f"hf-{len(rows)}", base / f"ours-{len(rows)}"
        from huggingface_hub import snapshot_download

        snapshot_download(repo_id, endpoint=hub.url, cache_dir=theirs,
                          allow_patterns=list(include) or None)
        _our_download(hub, ours, repo_id, include)
        a, b = _offline_outcome(theirs, repo_id), _offline_outcome(ours, repo_id)
        rows.append(Row(f"our {label} vs huggingface_hub's", "offline snapshot_download; "
                        "get_cached_repo_tree", a, b, "agree" if a == b else "DIFFER"))
        tags = [(p / "CACHEDIR.TAG").read_text() if (p / "CACHEDIR.TAG").exists() else None
                for p in (theirs, ours)]
        rows.append(Row(f"our {label} vs huggingface_hub's", "CACHEDIR.TAG", bool(tags[0]),
                        bool(tags[1]), "agree" if tags[0] == tags[1] else "DIFFER"))
    return rows
