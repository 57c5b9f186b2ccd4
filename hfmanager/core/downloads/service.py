"""Wiring for front ends: settings + environment + the Hub adapter -> planner and engine
configuration for the queue and the CLI. Everything is decided per call, so a changed
endpoint, proxy, token or offline switch applies to the next job without a restart.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from hfmanager.core import hub, paths
from hfmanager.core.downloads import endpoints
from hfmanager.core.downloads import errors as err
from hfmanager.core.downloads.engine import EngineConfig
from hfmanager.core.downloads.plan import DownloadSpec, RemoteEntry, RepoPlan, filter_files
from hfmanager.core.downloads.queue import ConfigFactory, Planner
from hfmanager.core.settings import Settings


def default_cache_root(env: Mapping[str, str] | None = None) -> Path:
    return paths.hf_hub_cache_root(env).path


def _endpoint(settings: Settings, spec: DownloadSpec, env: Mapping[str, str] | None) -> str:
    return endpoints.current_endpoint(settings, env, spec.endpoint or None).url


def _typed(exc: hub.HubError) -> err.DownloadError:
    """Hub adapter errors -> the download error family (same plain-words message)."""
    if isinstance(exc, hub.GatedRepoError):
        return err.AuthRequiredError(str(exc))
    if isinstance(exc, hub.RepoNotFoundError | hub.RevisionNotFoundError
                  | hub.EntryNotFoundError):
        return err.NotFoundError(str(exc))
    if isinstance(exc, hub.OfflineModeError):
        return err.OfflineError(str(exc))
    return err.DownloadError(str(exc))


def fetch_plan(spec: DownloadSpec, settings: Settings,
               env: Mapping[str, str] | None = None) -> RepoPlan:
    """Ask the endpoint for the revision's commit and files; apply globs and preset."""
    if endpoints.offline_state(settings, env).offline:
        raise err.OfflineError(
            "Offline mode is on (HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE or the app's switch): "
            "no request was made. Turn it off to download.")
    url = _endpoint(settings, spec, env)
    token = hub.token_for(url, settings.send_token_to_mirror, env)
    try:
        info = hub.repo_info(url, spec.repo_id, spec.repo_type, spec.revision, token,
                             offline=False)
    except hub.HubError as exc:
        raise _typed(exc) from exc
    files = [RemoteEntry(f.path, f.size, f.etag, f.lfs_sha256 is not None, f.blob_id,
                         f.xet_hash) for f in info.files]
    kept = filter_files(files, spec.include, spec.exclude, spec.preset)
    ref = None if spec.revision == info.commit else spec.revision
    return RepoPlan(info.endpoint, spec.repo_id, spec.repo_type, info.commit, ref, kept,
                    tuple(files))


def make_planner(settings: Settings, env: Mapping[str, str] | None = None) -> Planner:
    return lambda spec: fetch_plan(spec, settings, env)


def engine_config(spec: DownloadSpec, settings: Settings,
                  env: Mapping[str, str] | None = None) -> EngineConfig:
    url = _endpoint(settings, spec, env)
    return EngineConfig(
        parallel_files=max(1, settings.max_parallel_files),
        ranges_per_file=settings.connections_per_file,
        token=hub.token_for(url, settings.send_token_to_mirror, env),
        proxies=endpoints.effective_proxies(settings, env),
        user_agent=hub.user_agent(),
        shared_store=endpoints.shared_store_enabled(env),
    )


def make_config_factory(settings: Settings, env: Mapping[str, str] | None = None
                        ) -> ConfigFactory:
    return lambda spec: engine_config(spec, settings, env)
