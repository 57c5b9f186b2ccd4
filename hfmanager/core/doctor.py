"""The environment doctor: what the Hub libraries will do on this machine, and why.

Each :class:`Check` has a status (``ok``/``warn``/``error``), a short value, and a hint in
plain words. Nothing here imports torch or transformers (versions come from package
metadata) and no token is ever put in a report. The only network access is the optional
endpoint probe, which is off in offline mode unless asked for explicitly.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from hfmanager.core import network as ep
from hfmanager.core import paths
from hfmanager.core.inventory.text import human_size
from hfmanager.core.settings import Settings

Status = Literal["ok", "warn", "error"]
_RANK = {"ok": 0, "warn": 1, "error": 2}
LOW_SPACE = 5 * 1024**3  # below this a single large model may not fit
_LIBS = ("huggingface_hub", "transformers", "torch", "safetensors", "hf_xet", "hf_transfer")


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    key: str
    title: str
    status: Status
    value: str
    hint: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "status": self.status,
                "value": self.value, "hint": self.hint, "details": self.details}


@dataclass(frozen=True)
class DoctorReport:
    """All checks, in display order."""

    checks: tuple[Check, ...]

    @property
    def worst(self) -> Status:
        return max((c.status for c in self.checks), key=_RANK.__getitem__, default="ok")

    def get(self, key: str) -> Check:
        return next(c for c in self.checks if c.key == key)

    def to_json(self) -> dict[str, Any]:
        return {"status": self.worst, "checks": [c.to_json() for c in self.checks]}


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


# ----- individual checks ------------------------------------------------------------------
def check_endpoint(settings: Settings, env: Mapping[str, str]) -> Check:
    try:
        choice = ep.current_endpoint(settings, env)
    except ValueError as e:
        return Check("endpoint", "Endpoint", "error", "invalid", str(e))
    words = {"settings": "chosen in the app", "environment": "from HF_ENDPOINT",
             "default": "default", "job": "set for this job"}
    hint = ""
    status: Status = "ok"
    env_value = env.get("HF_ENDPOINT", "").strip()
    if choice.source == "settings" and env_value and env_value.rstrip("/") != choice.url:
        status = "warn"
        hint = (f"Your shell sets HF_ENDPOINT={env_value}: your own scripts use that, while "
                f"this app uses {choice.url}.")
    return Check("endpoint", "Endpoint", status, f"{choice.url} ({words[choice.source]})",
                 hint, {"url": choice.url, "source": choice.source})


def check_offline(settings: Settings, env: Mapping[str, str]) -> Check:
    state = ep.offline_state(settings, env)
    details = {"offline": state.offline, "source": state.source,
               "HF_HUB_OFFLINE": env.get("HF_HUB_OFFLINE"),
               "TRANSFORMERS_OFFLINE": env.get("TRANSFORMERS_OFFLINE")}
    if not state.offline:
        return Check("offline", "Offline mode", "ok", "off (online)", "", details)
    if state.source == "settings":
        where, undo = "the app's switch", "you turn off the app's Offline switch"
    else:
        var = str(state.source)
        where, undo = f"{var}={env.get(var, '')}", f"you unset {var}"
    return Check("offline", "Offline mode", "warn", f"on ({where})",
                 f"No download or Hub lookup will happen until {undo}.", details)


def check_sudo(env: Mapping[str, str]) -> Check:
    geteuid = getattr(os, "geteuid", None)
    root = geteuid is not None and geteuid() == 0
    user = env.get("SUDO_USER")
    if root and user:
        return Check(
            "sudo", "sudo", "warn", f"running as root via sudo (user {user})",
            "sudo drops your shell's HF_HOME, HF_HUB_CACHE, HF_ENDPOINT and HF_HUB_OFFLINE: the "
            "caches and endpoint shown here are root's, not yours. Run without sudo, or with "
            "`sudo -E` to keep your environment.", {"root": True, "sudo_user": user})
    return Check("sudo", "sudo", "ok", "not running under sudo", "",
                 {"root": root, "sudo_user": user})


def check_proxies(settings: Settings, env: Mapping[str, str]) -> Check:
    p = ep.effective_proxies(settings, env)
    parts = []
    for scheme, url, src in (("https", p.https, p.https_source), ("http", p.http, p.http_source)):
        parts.append(f"{scheme}: {url} ({src})" if url else f"{scheme}: none")
    bad = [u for u in (p.http, p.https) if u and "://" not in u]
    details = {"http": p.http, "https": p.https, "http_source": p.http_source,
               "https_source": p.https_source, "no_proxy": list(p.no_proxy)}
    if bad:
        return Check("proxies", "Proxies", "warn", "; ".join(parts),
                     f"A proxy address should start with http:// or https://: {bad[0]}", details)
    return Check("proxies", "Proxies", "ok", "; ".join(parts), "", details)


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or "/")


def check_folder(key: str, title: str, path: Path, source: str) -> Check:
    exists = path.is_dir()
    base = _nearest_existing(path)
    writable = os.access(base, os.W_OK)
    try:
        free: int | None = shutil.disk_usage(base).free
    except OSError:
        free = None
    details = {"path": str(path), "source": source, "exists": exists, "writable": writable,
               "free_bytes": free}
    chosen = f"from {source}" if source != "default" else "default location"
    value = f"{path} ({chosen})"
    if not writable:
        return Check(key, title, "error", value,
                     f"{'This folder' if exists else base} is not writable by you: downloads "
                     "and cleanup will fail. Fix its permissions or choose another location.",
                     details)
    if free is not None and free < LOW_SPACE:
        return Check(key, title, "warn", value,
                     f"Only {human_size(free)} free on this volume.", details)
    hint = "" if exists else "Does not exist yet; it will be created on first download."
    if source in ("HUGGINGFACE_HUB_CACHE", "TRANSFORMERS_CACHE"):
        return Check(key, title, "warn", value,
                     f"{source} is a legacy variable; prefer HF_HUB_CACHE or HF_HOME.", details)
    return Check(key, title, "ok", value, hint, details)


def check_token(env: Mapping[str, str]) -> Check:
    token_path = paths.hf_token_path(env)
    if env.get("HF_TOKEN", "").strip():
        source = "HF_TOKEN"
    elif env.get("HUGGING_FACE_HUB_TOKEN", "").strip():
        source = "HUGGING_FACE_HUB_TOKEN"
    else:
        source = str(token_path)
    present = ep.get_token(env) is not None
    details = {"present": present, "source": source if present else None}
    if present:
        return Check("token", "Hugging Face token", "ok", f"present (from {source})",
                     "Sent only to the official Hub unless you allow it for mirrors.", details)
    return Check("token", "Hugging Face token", "ok", "none",
                 "Public repos work without a token. For gated or private repos, log in with "
                 "`hf auth login`.", details)


def check_libraries(env: Mapping[str, str]) -> Check:
    versions = {name: _version(name) for name in _LIBS}
    value = ", ".join(f"{k} {v}" for k, v in versions.items() if v) or "none"
    details: dict[str, Any] = {"python": sys.version.split()[0], **versions}
    if versions["huggingface_hub"] is None:
        return Check("libraries", "Libraries", "error", value,
                     "huggingface_hub is not installed: pip install huggingface_hub", details)
    if ep.env_flag(env.get("HF_HUB_ENABLE_HF_TRANSFER")) and versions["hf_transfer"] is None:
        return Check("libraries", "Libraries", "warn", value,
                     "HF_HUB_ENABLE_HF_TRANSFER is set but hf_transfer is not installed.",
                     details)
    if versions["torch"] is None or versions["transformers"] is None:
        return Check("libraries", "Libraries", "ok", value,
                     "Load tests need torch and transformers in the Python they run with.",
                     details)
    return Check("libraries", "Libraries", "ok", value, "", details)


def check_transfer(env: Mapping[str, str]) -> Check:
    symlinks_off = ep.env_flag(env.get("HF_HUB_DISABLE_SYMLINKS"))
    xet_off = ep.env_flag(env.get("HF_HUB_DISABLE_XET"))
    xet = _version("hf_xet")
    details = {"HF_HUB_DISABLE_SYMLINKS": symlinks_off, "hf_xet": xet,
               "HF_HUB_DISABLE_XET": xet_off}
    value = (f"symlinks {'off' if symlinks_off else 'on'}; "
             f"xet {'disabled' if xet_off else ('available' if xet else 'not installed')}")
    if symlinks_off:
        return Check("transfer", "Cache layout", "warn", value,
                     "HF_HUB_DISABLE_SYMLINKS is set: snapshots hold full copies, so every "
                     "revision of a file takes its full size again.", details)
    return Check("transfer", "Cache layout", "ok", value, "", details)


def check_reachability(settings: Settings, env: Mapping[str, str], network: bool | None,
                       timeout: float) -> Check:
    offline = ep.offline_state(settings, env)
    if network is None:
        network = not offline.offline
    try:
        url = ep.current_endpoint(settings, env).url
    except ValueError:
        return Check("reachability", "Endpoint reachable", "error", "no valid endpoint")
    if not network:
        why = "offline mode" if offline.offline else "network test off"
        return Check("reachability", "Endpoint reachable", "ok", f"not tested ({why})", "",
                     {"tested": False})
    report = ep.probe_endpoint(url, ep.effective_proxies(settings, env), timeout)
    details = {"tested": True, "ok": report.ok, "latency_ms": report.latency_ms,
               "failure_kind": report.failure_kind, "status": report.status}
    if report.ok:
        return Check("reachability", "Endpoint reachable", "ok",
                     f"yes, {report.latency_ms:.0f} ms", "", details)
    return Check("reachability", "Endpoint reachable", "error",
                 f"no ({report.failure_kind})", report.message, details)


def run_doctor(settings: Settings | None = None, env: Mapping[str, str] | None = None, *,
               network: bool | None = None, timeout: float = 5.0) -> DoctorReport:
    """Every check. ``network=None`` probes the endpoint unless offline mode is on."""
    settings = settings if settings is not None else Settings.load()
    env = os.environ if env is None else env
    hf_root = paths.hf_hub_cache_root(env)
    home, home_src = paths.hf_home(env)
    torch_root = paths.torch_hub_root(env)
    checks = (
        check_endpoint(settings, env),
        check_offline(settings, env),
        check_sudo(env),
        check_proxies(settings, env),
        check_folder("hf_cache", "Hub cache", hf_root.path, hf_root.source),
        check_folder("hf_home", "HF_HOME", home, home_src),
        check_folder("torch_cache", "Torch hub cache", torch_root.path, torch_root.source),
        check_token(env),
        check_libraries(env),
        check_transfer(env),
        check_reachability(settings, env, network, timeout),
    )
    return DoctorReport(checks)
