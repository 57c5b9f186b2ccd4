"""Wiring for front ends: settings + environment -> one :class:`NetConfig` per job ->
plan (through the Hub adapter) and engine configuration, for the queue and the CLI.

The network is resolved once per job (:func:`resolve`), when the job is planned; the plan
carries it (``RepoPlan.net``) to :func:`engine_config`, so the file list and the bytes of
one job come through the same endpoint, proxies and token policy even if the settings
change in between. Each new job reads them afresh: no restart needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from hfmanager.core import errors as err
from hfmanager.core import hub, network, paths
from hfmanager.core.downloads import fallback
from hfmanager.core.downloads.engine import EngineConfig
from hfmanager.core.downloads.fallback import SourceLog
from hfmanager.core.downloads.plan import DownloadSpec, RemoteEntry, RepoPlan, filter_files
from hfmanager.core.downloads.queue import ConfigFactory, Planner, SourcingPlanner
from hfmanager.core.settings import Settings


def default_cache_root(env: Mapping[str, str] | None = None) -> Path:
    return paths.hf_hub_cache_root(env).path


def resolve(spec: DownloadSpec, settings: Settings,
            env: Mapping[str, str] | None = None) -> network.NetConfig:
    """The job's network: its own endpoint (``spec.endpoint``) or the one in force.
    ValueError (plain words) for an endpoint that is not an address."""
    return network.resolve(settings, env, spec.endpoint or None)


def listing(net: network.NetConfig, spec: DownloadSpec,
            sources: SourceLog | None = None) -> hub.RepoSnapshotInfo:
    """The revision's commit and files from the first of the job's endpoints that answers
    (a miss, see :mod:`fallback`, asks the next one; ``sources`` records it)."""
    for i, endpoint in enumerate(net.endpoints):
        try:
            # The adapter raises the download's own error family (core.errors), offline too.
            info = hub.repo_info(replace(net, endpoint=endpoint), spec.repo_id,
                                 spec.repo_type, spec.revision)
        except err.DownloadError as exc:
            if i == len(net.endpoints) - 1 or not fallback.is_miss(exc):
                raise
            if sources is not None:
                sources.missed(fallback.LISTING, endpoint, exc)
            continue
        if sources is not None and i:  # the list says who served it, as a file's row does
            sources.asking(fallback.LISTING, endpoint)
        return info
    raise AssertionError("a NetConfig has at least one endpoint")


def fetch_plan(spec: DownloadSpec, settings: Settings, env: Mapping[str, str] | None = None,
               *, net: network.NetConfig | None = None,
               sources: SourceLog | None = None) -> RepoPlan:
    """Ask the endpoint for the revision's commit and files; apply globs and preset.
    ``net``: the job's network when already resolved (else resolved now); the listing
    falls back along its endpoints like the files (``sources`` records where)."""
    net = net if net is not None else resolve(spec, settings, env)
    info = listing(net, spec, sources)
    files = [RemoteEntry(f.path, f.size, f.etag, f.lfs_sha256 is not None, f.blob_id,
                         f.xet_hash) for f in info.files]
    kept = filter_files(files, spec.include, spec.exclude, spec.preset)
    ref = None if spec.revision == info.commit else spec.revision
    return RepoPlan(info.endpoint, spec.repo_id, spec.repo_type, info.commit, ref, kept,
                    tuple(files), net=net)


def make_planner(settings: Settings, env: Mapping[str, str] | None = None) -> Planner:
    return SourcingPlanner(lambda spec, sources: fetch_plan(spec, settings, env,
                                                            sources=sources))


def engine_config(job: RepoPlan | DownloadSpec, settings: Settings,
                  env: Mapping[str, str] | None = None) -> EngineConfig:
    """The engine's tunables from the settings, with the job's network: the one its plan
    was fetched with (a plan made elsewhere, or a spec: resolved now)."""
    if isinstance(job, RepoPlan):
        net = job.net or network.resolve(settings, env, job.endpoint)
    else:
        net = resolve(job, settings, env)
    return EngineConfig(
        parallel_files=max(1, settings.max_parallel_files),
        ranges_per_file=settings.connections_per_file,
        net=net,
        user_agent=hub.user_agent(),
        shared_store=net.shared_store,
    )


def make_config_factory(settings: Settings, env: Mapping[str, str] | None = None
                        ) -> ConfigFactory:
    return lambda plan: engine_config(plan, settings, env)
