"""Scan many repo folders on several cores: forked helpers each scan a share of them.

A full scan is syscall-bound Python (one ``readlink`` per snapshot file, one ``lstat`` per
blob); threads cannot overlap it (the GIL hand-offs after each short syscall cost more than
they save), processes can. Each helper is a ``fork`` of the scanning process, so it starts
in milliseconds with everything imported, scans its share and sends back, per repo, the
rows the scan index stores (marshalled metadata, packed file lists, folder signature).
The parent turns them into :class:`Repo` objects whose file lists decode on first use, as
it does for repos read from the index.

Helpers are used only where forking is safe and cheap: Linux, a process with one thread
(forking a threaded process can copy a lock that another thread holds), and enough repos
to pay for the fork. A helper that fails in any way (crash, kill, garbled output) only
costs time: the parent scans that share itself.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from hfmanager.core.inventory.filelists import _ROW_ERRORS
from hfmanager.core.inventory.hfscan import scan_repo_full
from hfmanager.core.inventory.index import Signature, encode_meta, repo_from_row, signature_of
from hfmanager.core.inventory.model import ProblemKind, Repo
from hfmanager.core.procs import usable_cpus

MAX_PROCESSES = 4
MIN_REPOS_PER_PROCESS = 64  # below this a fork (~5-10 ms) is not worth it

# (repo path, signature or None, the repo, and where at hand its index row's files and
# meta columns: a helper sends both, the parent need not encode them again)
Scanned = tuple[str, Signature | None, Repo, bytes | None, bytes | None]


def indexable(repo: Repo) -> bool:
    """Whether a scanned repo may be trusted from its folder signature later.

    Growing .incomplete files and unreadable folders do not change folder mtimes: such
    repos are rescanned every time rather than trusted from the index.
    """
    return not repo.incompletes and not any(
        p.kind is ProblemKind.UNREADABLE for p in repo.all_problems())


def scan_one(path: str, prefixes: tuple[str, ...], root: str, before_ns: int, *,
             pack: bool, sign: bool) -> Scanned:
    """Scan one repo folder; its signature when ``sign`` and the repo may be trusted."""
    repo, dirs, mtimes, files = scan_repo_full(path, prefixes, root, pack=pack)
    sig = signature_of(dirs, before_ns, mtimes) if sign and indexable(repo) else None
    return path, sig, repo, files, None


def fork_usable() -> bool:
    """Linux with ``fork`` and a single thread in this process."""
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and threading.active_count() == 1)


def process_count(n_repos: int) -> int:
    """How many processes (this one included) a scan of ``n_repos`` folders should use."""
    return max(1, min(usable_cpus(), MAX_PROCESSES, n_repos // MIN_REPOS_PER_PROCESS))


@dataclass
class _Helper:
    paths: list[str]
    pid: int
    fd: int


def _helper_main(paths: list[str], prefixes: tuple[str, ...], root: str, before_ns: int,
                 sign: bool, fd: int, parent: int) -> None:
    """In the forked child: scan, write one marshalled list of rows, never return."""
    status = 1
    try:
        rows = []
        for path in paths:
            if os.getppid() != parent:
                return  # the scan was cancelled (its process killed): stop at once
            _, sig, repo, files, _ = scan_one(path, prefixes, root, before_ns, pack=True,
                                              sign=sign)
            rows.append((path, sig, encode_meta(repo), files))
        data = memoryview(marshal.dumps(rows))
        while data:
            data = data[os.write(fd, data):]
        status = 0
    finally:
        # No atexit handlers, no flushing of the parent's buffers, no return to its code.
        os._exit(status)


class ParallelScan:
    """Forked helpers scanning shares of ``paths``; the caller scans :attr:`own` itself.

    Use as a context manager: leaving it kills and reaps helpers that are still running.
    """

    def __init__(self, paths: Sequence[str], prefixes: tuple[str, ...], root: str,
                 before_ns: int, *, sign: bool, processes: int) -> None:
        self._prefixes, self._root, self._before, self._sign = prefixes, root, before_ns, sign
        shares = [list(paths[i::processes]) for i in range(processes)]
        self.own = shares[0]
        self._helpers: list[_Helper] = []
        for share in shares[1:]:
            helper = self._start(share)
            if helper is None:
                self.own += share  # could not fork: scan it here
            else:
                self._helpers.append(helper)

    def _start(self, share: list[str]) -> _Helper | None:
        try:
            read_fd, write_fd = os.pipe()
        except OSError:
            return None
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return None
        if pid == 0:  # pragma: no cover - the child never returns (coverage cannot see it)
            try:
                os.close(read_fd)
                _helper_main(share, self._prefixes, self._root, self._before, self._sign,
                             write_fd, parent)
            finally:
                os._exit(1)  # whatever happened, never run the parent's code here
        os.close(write_fd)
        return _Helper(share, pid, read_fd)

    def __enter__(self) -> ParallelScan:
        return self

    def __exit__(self, *exc: object) -> None:
        for helper in self._helpers:
            self._finish(helper, kill=True)
        self._helpers.clear()

    def results(self) -> Iterator[tuple[list[str], list[Scanned] | None]]:
        """Per helper: its share and its rows as repos (None when it failed)."""
        while self._helpers:
            helper = self._helpers.pop(0)
            yield helper.paths, self._collect(helper)

    def _collect(self, helper: _Helper) -> list[Scanned] | None:
        chunks = []
        try:
            while chunk := os.read(helper.fd, 1 << 20):
                chunks.append(chunk)
        except OSError:
            self._finish(helper, kill=True)
            return None
        if not self._finish(helper, kill=False):
            return None
        try:
            rows = marshal.loads(b"".join(chunks))
            out: list[Scanned] = [(path, sig, repo_from_row(meta, files), files, meta)
                                  for path, sig, meta, files in rows]
        except _ROW_ERRORS:
            return None
        if [row[0] for row in out] != helper.paths:
            return None
        return out

    @staticmethod
    def _finish(helper: _Helper, *, kill: bool) -> bool:
        """Close, (kill,) reap; True when the helper exited cleanly."""
        if helper.fd >= 0:
            os.close(helper.fd)
            helper.fd = -1
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(helper.pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(helper.pid, 0)
        except ChildProcessError:
            return False
        return os.waitstatus_to_exitcode(status) == 0 and not kill
