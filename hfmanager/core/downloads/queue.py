"""The download queue: job state machine, scheduling, progress, speed and ETA.

Jobs live in SQLite (:mod:`persist`); this class runs them. A scheduler thread starts
queued jobs in queue order up to ``max_jobs``; each running job has one worker thread
that plans (file list from the Hub), checks free space and runs the engine, which uses
its own pool of file threads. Front ends (GUI, CLI) never block: they call the
non-blocking methods and read :meth:`DownloadQueue.snapshot` (a list of frozen
:class:`JobView`) on a timer or after ``on_change``.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hfmanager.core import errors as err
from hfmanager.core.downloads import sourcestore
from hfmanager.core.downloads.engine import CancelToken, Downloader, EngineConfig
from hfmanager.core.downloads.fallback import FileSource, SourceLog
from hfmanager.core.downloads.guard import download_locked
from hfmanager.core.downloads.layout import CacheLayout, UnsafeNameError
from hfmanager.core.downloads.persist import JobRecord, JobState, JobStore
from hfmanager.core.downloads.plan import DownloadSpec, RepoPlan, check_free_space
from hfmanager.core.downloads.ratelimit import TokenBucket
from hfmanager.core.downloads.received import Received
from hfmanager.core.downloads.sidecar import discard
from hfmanager.core.downloads.urlfile import UrlPlan, discard_partial, fetch_url, plan_url

log = logging.getLogger(__name__)
Planner = Callable[[DownloadSpec], RepoPlan]


@dataclass(frozen=True)
class SourcingPlanner:
    """A planner whose listing falls back along the job's endpoints and can record it in
    the job's :class:`SourceLog` (the queue hands each job's own log: the Downloads page
    then says where the file list came from, as it does for each file)."""

    plan: Callable[[DownloadSpec, SourceLog | None], RepoPlan]

    def __call__(self, spec: DownloadSpec) -> RepoPlan:
        return self.plan(spec, None)

    def recording(self, sources: SourceLog) -> Planner:
        return lambda spec: self.plan(spec, sources)


# The plan carries the job's network; a URL job's spec has it resolved when it starts.
ConfigFactory = Callable[[RepoPlan | DownloadSpec], EngineConfig]
AnyPlan = RepoPlan | UrlPlan
Progress = Callable[[str, int, int], None]
STALL_AFTER_S = 5.0
TICK_S = 0.5
PERSIST_EVERY_S = 2.0


def _error(exc: BaseException) -> dict[str, str]:
    """A failure as stored on its job: the English text, and the reason and parameters the
    window translates (core/errors family only)."""
    if not isinstance(exc, err.DownloadError):
        return {"error": err.describe(exc)}
    return {"error": err.describe(exc), "error_reason": exc.reason.value,
            "error_params": json.dumps(exc.params, default=str)}


def run_job(spec: DownloadSpec, planner: Planner, config_factory: ConfigFactory,
            cache_root: Path, progress: Progress, cancel: CancelToken, *,
            planned: Callable[[AnyPlan], None] | None = None,
            tune: Callable[[EngineConfig], None] | None = None,
            waiting: Callable[[str], None] | None = None) -> list[Path]:
    """The one way a download starts, for a queued job and ``hfmanager download`` alike:
    plan (``planned`` sees it first), check the free space, configure (``tune`` adjusts
    the configuration), download. Returns the snapshot paths of the plan's files (of a
    URL job: the file's path; ``planned`` hears again once its size is known)."""
    if spec.url:
        cfg = config_factory(spec)
        if tune is not None:
            tune(cfg)
        return [fetch_url(spec, cfg, progress, cancel, planned)]
    plan = planner(spec)
    if planned is not None:
        planned(plan)
    check_free_space(plan, cache_root)
    cfg = config_factory(plan)
    if tune is not None:
        tune(cfg)
    # Under the repo's lock (a cleanup waits, or we wait for one: ``waiting`` hears it),
    # and looked at again before it counts as verified: guard.py.
    return download_locked(Downloader(cache_root, cfg), plan, progress, cancel,
                           on_wait=waiting)


@dataclass(frozen=True)
class FileView:
    """Progress of one file of a running job."""

    path: str
    done: int
    size: int


@dataclass(frozen=True)
class JobView:
    """What a front end shows for one job (a copy; safe to keep)."""

    record: JobRecord
    bytes_done: int
    bytes_total: int
    speed: float = 0.0  # bytes/s, smoothed
    eta: float | None = None  # seconds, None when unknown
    stalled: bool = False
    files: tuple[FileView, ...] = ()
    # Running jobs: the endpoint of each file and the misses before (fallback.py); a
    # finished job's are read from the store (sourcestore.load) when shown.
    sources: tuple[FileSource, ...] = ()

    @property
    def id(self) -> int:
        return self.record.id

    @property
    def state(self) -> JobState:
        return self.record.state


@dataclass
class _Live:
    token: CancelToken
    thread: threading.Thread | None = None
    files: dict[str, list[int]] = field(default_factory=dict)
    total: int = 0
    speed: float = 0.0  # of bytes received in this run: resumed ones are no speed
    received: Received = field(default_factory=Received)
    last_received: int = 0
    last_done: int = 0
    last_tick: float = field(default_factory=time.monotonic)
    last_move: float = field(default_factory=time.monotonic)
    last_persist: float = 0.0
    sources: SourceLog = field(default_factory=SourceLog)

    def done(self) -> int:
        return sum(d for d, _s in self.files.values())


class DownloadQueue:
    """Runs persisted download jobs in threads; every public method returns at once."""

    def __init__(
        self, jobs: JobStore, planner: Planner, cache_root: Path, *,
        config_factory: ConfigFactory | None = None, max_jobs: int = 2,
        limiter: TokenBucket | None = None, on_change: Callable[[int], None] | None = None,
    ) -> None:
        self.jobs = jobs
        self.planner = planner
        self.cache_root = Path(cache_root)
        self.config_factory = config_factory or (lambda _spec: EngineConfig())
        self.max_jobs = max(1, max_jobs)
        self.limiter = limiter or TokenBucket(0)
        self.on_change = on_change or (lambda _id: None)
        self._lock = threading.RLock()
        self._wake = threading.Condition(self._lock)
        self._live: dict[int, _Live] = {}
        self._stopping = False
        self._scheduler: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------
    def start(self) -> None:
        """Recover jobs a crash left running, then start scheduling."""
        self.jobs.recover()
        self._scheduler = threading.Thread(target=self._schedule_loop, name="hfm-queue",
                                           daemon=True)
        self._scheduler.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop running jobs; they go back to 'queued' and resume on the next start."""
        with self._lock:
            self._stopping = True
            lives = list(self._live.values())
            for live in lives:
                live.token.set(err.Stop.SHUTDOWN)
            self._wake.notify_all()
        deadline = time.monotonic() + timeout
        for live in lives:
            if live.thread is not None:
                live.thread.join(max(0.0, deadline - time.monotonic()))
        if self._scheduler is not None:
            self._scheduler.join(max(0.0, deadline - time.monotonic()))

    @property
    def stopped(self) -> bool:
        """True once stop() ran or its store was closed: the app is closing, so nobody
        should read the store through this queue any more."""
        return self._stopping or self.jobs.store.closed

    def wait_idle(self, timeout: float) -> bool:
        """Block until no job is queued or running (for the CLI and tests)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                busy = self._live or any(
                    j.state == JobState.QUEUED for j in self.jobs.all(history=False))
            if not busy:
                return True
            time.sleep(0.05)
        return False

    # --- user actions --------------------------------------------------------------------
    def add(self, spec: DownloadSpec) -> JobRecord:
        where = plan_url(spec).dest_dir if spec.url else self.cache_root
        rec = self.jobs.add(spec, str(where))
        self._changed(rec.id)
        return rec

    def pause(self, job_id: int) -> None:
        with self._lock:
            live = self._live.get(job_id)
            if live is not None:
                live.token.set(err.Stop.PAUSE)  # the worker records PAUSED when it stops
                return
            if self.jobs.get(job_id).state == JobState.QUEUED:
                self.jobs.transition(job_id, JobState.PAUSED)
        self._changed(job_id)

    def resume(self, job_id: int) -> None:
        """Paused or failed -> queued (a retry keeps verified files and partials)."""
        if self.jobs.get(job_id).state in (JobState.PAUSED, JobState.FAILED):
            self.jobs.transition(job_id, JobState.QUEUED, error="", finished=None)
        self._changed(job_id)

    def cancel(self, job_id: int) -> None:
        with self._lock:
            live = self._live.get(job_id)
            if live is not None:
                live.token.set(err.Stop.CANCEL)
                return
            if not self.jobs.get(job_id).state.final:
                self.jobs.transition(job_id, JobState.CANCELLED)
        self._changed(job_id)

    def move(self, job_id: int, delta: int) -> None:
        self.jobs.move(job_id, delta)
        self._changed(job_id)

    def pause_all(self) -> None:
        for job in self.jobs.all(history=False):
            if job.state in (JobState.QUEUED, JobState.RUNNING):
                self.pause(job.id)

    def resume_all(self) -> None:
        for job in self.jobs.all(history=False):
            if job.state in (JobState.PAUSED, JobState.FAILED):
                self.resume(job.id)

    # --- views ---------------------------------------------------------------------------
    def snapshot(self) -> list[JobView]:
        """Every job in queue order with live progress where it runs."""
        now = time.monotonic()
        views = []
        with self._lock:
            for rec in self.jobs.cached_all():
                live = self._live.get(rec.id)
                if live is None:
                    views.append(JobView(rec, rec.bytes_done, rec.bytes_total))
                    continue
                done, total = live.done(), live.total or rec.bytes_total
                eta = (total - done) / live.speed if live.speed > 1 and total else None
                files = tuple(FileView(p, d, s) for p, (d, s) in live.files.items() if d < s)
                views.append(JobView(rec, done, total, live.speed, eta,
                                     now - live.last_move > STALL_AFTER_S, files,
                                     live.sources.snapshot()))
        return views

    # --- internals -----------------------------------------------------------------------
    def _changed(self, job_id: int) -> None:
        with self._lock:
            self._wake.notify_all()
        try:
            self.on_change(job_id)
        except Exception:  # a front end's bug must not kill the queue
            log.exception("on_change callback failed")

    def _schedule_loop(self) -> None:
        while True:
            with self._lock:
                if self._stopping:
                    return
                self._start_ready()
                self._wake.wait(TICK_S)
                if self._stopping:
                    return
            self._tick()

    def _start_ready(self) -> None:
        free = self.max_jobs - len(self._live)
        for rec in self.jobs.all(history=False):
            if free <= 0:
                break
            if rec.state != JobState.QUEUED or rec.id in self._live:
                continue
            self.jobs.transition(rec.id, JobState.RUNNING, error="")
            live = _Live(CancelToken())
            live.thread = threading.Thread(target=self._run, args=(rec.id, live),
                                           name=f"hfm-job-{rec.id}", daemon=True)
            self._live[rec.id] = live
            live.thread.start()
            free -= 1

    def _tick(self) -> None:
        """Smooth the speed (EMA), notice stalls, persist progress now and then."""
        now = time.monotonic()
        with self._lock:
            items = list(self._live.items())
        for job_id, live in items:
            done, received = live.done(), live.received.total
            dt = max(1e-3, now - live.last_tick)
            inst = max(0, received - live.last_received) / dt
            live.last_received = received
            live.speed = inst if live.speed == 0 else 0.3 * inst + 0.7 * live.speed
            if done != live.last_done:
                live.last_move = now
            live.last_done, live.last_tick = done, now
            if now - live.last_persist > PERSIST_EVERY_S:
                live.last_persist = now
                self.jobs.update(job_id, bytes_done=done)
            self._changed(job_id)

    def _run(self, job_id: int, live: _Live) -> None:
        rec = self.jobs.get(job_id)
        plan: AnyPlan | None = None

        def planned(got: AnyPlan) -> None:
            nonlocal plan
            plan = got
            if isinstance(got, UrlPlan):
                live.files = {got.name: [live.files.get(got.name, [0])[0], got.size]}
                live.total = got.size
                self.jobs.update(job_id, bytes_total=got.size, files_total=1)
                return
            live.files = {f.path: [0, f.size] for f in got.files}
            live.total = got.total_size
            self.jobs.update(job_id, commit=got.commit, bytes_total=got.total_size,
                             files_total=len(got.files))

        def tune(cfg: EngineConfig) -> None:
            cfg.limiter = self.limiter
            cfg.sources = live.sources

        def progress(path: str, done: int, size: int) -> None:
            live.received.update(path, done)
            live.files[path] = [done, size]

        try:
            planner = (self.planner.recording(live.sources)
                       if isinstance(self.planner, SourcingPlanner) else self.planner)
            run_job(rec.spec, planner, self.config_factory, self.cache_root, progress,
                    live.token, planned=planned, tune=tune)
            self._finish(job_id, JobState.DONE, bytes_done=live.total)
        except err.StoppedError as exc:
            self._stopped(job_id, exc.stop, plan, live)
        except (err.NoSpaceError, err.OfflineError) as exc:  # the user can fix it, then resume
            self._finish(job_id, JobState.PAUSED, **_error(exc), bytes_done=live.done())
        except (err.DownloadError, UnsafeNameError, OSError, ValueError) as exc:
            self._finish(job_id, JobState.FAILED, **_error(exc), bytes_done=live.done())
        except Exception as exc:  # a bug: report on the job rather than lose the thread
            log.exception("download job %s crashed", job_id)
            self._finish(job_id, JobState.FAILED, error=f"internal error: {exc!r}")

    def _stopped(self, job_id: int, stop: err.Stop, plan: AnyPlan | None, live: _Live) -> None:
        if stop is err.Stop.CANCEL:
            if isinstance(plan, UrlPlan):
                discard_partial(plan)
            elif plan is not None:  # a cancelled job leaves no partial files behind
                layout = CacheLayout(self.cache_root, plan.repo_id, plan.repo_type)
                for f in plan.files:
                    discard(layout.partial_path(f.etag), layout.sidecar_path(f.etag))
            self._finish(job_id, JobState.CANCELLED, bytes_done=live.done())
        elif stop is err.Stop.SHUTDOWN:
            self._finish(job_id, JobState.QUEUED, bytes_done=live.done())
        else:
            self._finish(job_id, JobState.PAUSED, bytes_done=live.done())

    def _finish(self, job_id: int, state: JobState, **values: object) -> None:
        live = self._live.get(job_id)
        if live is not None:
            try:  # a convenience of the history: never a reason for the job to fail
                sourcestore.save(self.jobs.store, job_id, live.sources.snapshot())
            except (sqlite3.Error, OSError):
                log.warning("could not record where job %s's files came from", job_id)
        try:
            self.jobs.transition(job_id, state, **values)
        finally:
            with self._lock:
                self._live.pop(job_id, None)
            self._changed(job_id)
