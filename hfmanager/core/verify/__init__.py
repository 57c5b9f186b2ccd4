"""Offline verification of cached files against the hashes they are named by.

- ``blobs/<64 hex>`` is the sha256 of its content (LFS / xet files);
- ``blobs/<40 hex>`` is the git blob sha1: ``sha1(b"blob <size>\\0" + data)``;
- a repo blob linking into the shared Xet store (``<root>/blobs/<2 hex>/<xet hash>``) is
  checked by its etag, and a payload shared by several repos is read once for all;
- a copied snapshot file (no-symlink layout) is checked against ``trees/<commit>.json``
  (huggingface_hub 2.x tree cache: ``lfs_sha256`` or ``blob_id``), else UNVERIFIABLE;
- a torch hub checkpoint ``name-<hex>.pth`` must have a sha256 starting with ``<hex>``.

Typical use::

    targets = targets_for_repos(repo_folders(hub_root))
    report = verify(targets, store=Store(), progress=cb, cancel=event)
    for r in report.corrupt: print(r.target.path, r.target.expected, r.actual)
"""

from __future__ import annotations

from hfmanager.core.verify.hashing import hash_file
from hfmanager.core.verify.model import (
    Algo,
    Target,
    VerifyProgress,
    VerifyReport,
    VerifyResult,
    VerifyStatus,
)
from hfmanager.core.verify.runner import default_workers, verify
from hfmanager.core.verify.targets import (
    repo_folders,
    targets_for_repo,
    targets_for_repos,
    targets_for_torch,
)

__all__ = [
    "Algo", "Target", "VerifyProgress", "VerifyReport", "VerifyResult", "VerifyStatus",
    "default_workers", "hash_file", "repo_folders", "targets_for_repo", "targets_for_repos",
    "targets_for_torch", "verify",
]
