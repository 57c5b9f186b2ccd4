"""HashThread: the digest equals inline hashing, whatever the piece and batch sizes."""

from __future__ import annotations

import hashlib
import os

import pytest

from hfmanager.core.downloads.hashthread import HashThread
from hfmanager.core.downloads.sidecar import new_hasher
from hfmanager.core.procs import usable_cpus


@pytest.mark.parametrize(("piece", "batch"), [(1, 7), (4096, 65536), (65536, 1 << 20),
                                              (300_001, 1 << 20)])
def test_digest_matches_inline(piece: int, batch: int) -> None:
    data = os.urandom(3 * 1024 * 1024 + 5)
    etag = hashlib.sha256(data).hexdigest()
    hasher = new_hasher(etag, len(data))
    feeder = HashThread(hasher, batch)
    for i in range(0, len(data), piece):
        feeder.update(data[i:i + piece])
    feeder.close()  # drains every queued piece before returning
    assert hasher.hexdigest() == etag


def test_git_sha1_and_empty() -> None:
    data = b"hello\n" * 1000
    etag = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    hasher = new_hasher(etag, len(data))
    feeder = HashThread(hasher, 100)
    feeder.update(data)
    feeder.close()
    assert hasher.hexdigest() == etag
    empty = new_hasher("0" * 64, 0)
    HashThread(empty, 10).close()
    assert empty.hexdigest() == hashlib.sha256(b"").hexdigest()


def test_usable_cpus_positive() -> None:
    assert usable_cpus() >= 1
