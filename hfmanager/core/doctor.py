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
from hfmanager.core.messages import Msg, msg
from hfmanager.core.settings import Settings

Status = Literal["ok", "warn", "error"]
_RANK = {"ok": 0, "warn": 1, "error": 2}
LOW_SPACE = 5 * 1024**3  # below this a single large model may not fit
_LIBS = ("huggingface_hub", "transformers", "torch", "safetensors", "hf_xet", "hf_transfer")


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report.

    ``value`` and ``hint`` are English (CLI, JSON); ``value_msgs`` (joined by "; ") and
    ``hint_msg`` say the same as message codes, which the window translates.
    """

    key: str
    title: str
    status: Status
    value: str
    hint: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    value_msgs: tuple[Msg, ...] = field(default=(), compare=False)
    hint_msg: Msg | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "status": self.status,
                "value": self.value, "hint": self.hint, "details": self.details}


def _said(key: str, title: str, status: Status, value: Msg | tuple[Msg, ...],
          hint: Msg | None = None, details: dict[str, Any] | None = None) -> Check:
    values = value if isinstance(value, tuple) else (value,)
    return Check(key, title, status, "; ".join(m.text() for m in values),
                 hint.text() if hint is not None else "", details or {}, values, hint)


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
        return Check("endpoint", "Endpoint", "error", "invalid", str(e),
                     value_msgs=(msg("doctor.invalid"),))
    hint: Msg | None = None
    status: Status = "ok"
    env_value = env.get("HF_ENDPOINT", "").strip()
    if choice.source == "settings" and env_value and env_value.rstrip("/") != choice.url:
        status = "warn"
        hint = msg("doctor.endpoint_env_differs", env=env_value, url=choice.url)
    return _said("endpoint", "Endpoint", status,
                 msg("doctor.endpoint_value", url=choice.url, source=f"source_{choice.source}"),
                 hint, {"url": choice.url, "source": choice.source})


def check_offline(settings: Settings, env: Mapping[str, str]) -> Check:
    state = ep.offline_state(settings, env)
    details = {"offline": state.offline, "source": state.source,
               "HF_HUB_OFFLINE": env.get("HF_HUB_OFFLINE"),
               "TRANSFORMERS_OFFLINE": env.get("TRANSFORMERS_OFFLINE")}
    if not state.offline:
        return _said("offline", "Offline mode", "ok", msg("doctor.offline_off"), None, details)
    if state.source == "settings":
        return _said("offline", "Offline mode", "warn", msg("doctor.offline_on_app"),
                     msg("doctor.offline_hint_app"), details)
    var = str(state.source)
    return _said("offline", "Offline mode", "warn",
                 msg("doctor.offline_on_env", var=var, value=env.get(var, "")),
                 msg("doctor.offline_hint_env", var=var), details)


def sudo_user_home(env: Mapping[str, str]) -> Path | None:
    """The home of the user who ran sudo (SUDO_UID, else SUDO_USER); None if unknown."""
    try:
        import pwd
    except ImportError:  # Windows: no sudo
        return None
    try:
        uid = env.get("SUDO_UID", "")
        entry = (pwd.getpwuid(int(uid)) if uid.isdigit()
                 else pwd.getpwnam(env.get("SUDO_USER", "")))
    except (KeyError, ValueError, OverflowError):
        return None
    return Path(entry.pw_dir)


def _lost_caches(env: Mapping[str, str], user_home: Path | None) -> Path | None:
    """The invoking user's own HF folder when this run looks elsewhere (sudo reset HF_HOME
    and ``~``), else None."""
    if user_home is None:
        return None
    theirs = user_home / ".cache" / "huggingface"
    home, _source = paths.hf_home(env)
    here = paths.hf_hub_cache_root(env).path
    try:
        found = theirs.is_dir()
    except OSError:
        return None
    if not found or home.is_relative_to(user_home) or here.is_relative_to(user_home):
        return None
    return theirs


def check_sudo(env: Mapping[str, str], user_home: Path | bool | None = True) -> Check:
    """A run as root via sudo; a warning names the invoking user's caches when this run
    lost them (``user_home``: True looks it up, tests pass a folder)."""
    geteuid = getattr(os, "geteuid", None)
    root = geteuid is not None and geteuid() == 0
    user = env.get("SUDO_USER") or (f"uid {env['SUDO_UID']}" if env.get("SUDO_UID") else None)
    if root and user:
        home = sudo_user_home(env) if user_home is True else (user_home or None)
        lost = _lost_caches(env, home)
        details: dict[str, Any] = {"root": True, "sudo_user": user, "lost_caches": None}
        if lost is None:
            return _said("sudo", "sudo", "warn", msg("doctor.sudo_value", user=user),
                         msg("doctor.sudo_hint"), details)
        details["lost_caches"] = str(lost)
        return _said("sudo", "sudo", "warn",
                     msg("doctor.sudo_lost_value", user=user, home=str(paths.hf_home(env)[0]),
                         theirs=str(lost)),
                     msg("doctor.sudo_lost_hint", user=user, theirs=str(lost)), details)
    return _said("sudo", "sudo", "ok", msg("doctor.no_sudo"), None,
                 {"root": root, "sudo_user": user})


def check_proxies(settings: Settings, env: Mapping[str, str]) -> Check:
    p = ep.effective_proxies(settings, env)
    parts = tuple(msg("doctor.proxy", scheme=scheme, url=url, source=src or "") if url
                  else msg("doctor.no_proxy", scheme=scheme)
                  for scheme, url, src in (("https", p.https, p.https_source),
                                           ("http", p.http, p.http_source)))
    bad = [u for u in (p.http, p.https) if u and "://" not in u]
    details = {"http": p.http, "https": p.https, "http_source": p.http_source,
               "https_source": p.https_source, "no_proxy": list(p.no_proxy)}
    if bad:
        return _said("proxies", "Proxies", "warn", parts, msg("doctor.proxy_bad", url=bad[0]),
                     details)
    return _said("proxies", "Proxies", "ok", parts, None, details)


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
    value = (msg("doctor.folder_from", path=str(path), source=source) if source != "default"
             else msg("doctor.folder_default", path=str(path)))
    if not writable:
        why = (msg("doctor.folder_not_writable") if exists
               else msg("doctor.parent_not_writable", base=str(base)))
        return _said(key, title, "error", value, why, details)
    if free is not None and free < LOW_SPACE:
        return _said(key, title, "warn", value, msg("doctor.low_space", free=free), details)
    hint = None if exists else msg("doctor.folder_missing")
    if source in ("HUGGINGFACE_HUB_CACHE", "TRANSFORMERS_CACHE"):
        return _said(key, title, "warn", value, msg("doctor.legacy_var", var=source), details)
    return _said(key, title, "ok", value, hint, details)


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
        return _said("token", "Hugging Face token", "ok", msg("doctor.token_from", source=source),
                     msg("doctor.token_hint"), details)
    return _said("token", "Hugging Face token", "ok", msg("doctor.none"),
                 msg("doctor.no_token_hint"), details)


def check_libraries(env: Mapping[str, str]) -> Check:
    versions = {name: _version(name) for name in _LIBS}
    found = ", ".join(f"{k} {v}" for k, v in versions.items() if v)
    value = msg("doctor.libraries", found=found) if found else msg("doctor.none")
    details: dict[str, Any] = {"python": sys.version.split()[0], **versions}
    if versions["huggingface_hub"] is None:
        return _said("libraries", "Libraries", "error", value, msg("doctor.no_hub"), details)
    if ep.env_flag(env.get("HF_HUB_ENABLE_HF_TRANSFER")) and versions["hf_transfer"] is None:
        return _said("libraries", "Libraries", "warn", value, msg("doctor.no_hf_transfer"),
                     details)
    if versions["torch"] is None or versions["transformers"] is None:
        return _said("libraries", "Libraries", "ok", value, msg("doctor.no_torch"), details)
    return _said("libraries", "Libraries", "ok", value, None, details)


def check_transfer(env: Mapping[str, str]) -> Check:
    symlinks_off = ep.env_flag(env.get("HF_HUB_DISABLE_SYMLINKS"))
    xet_off = ep.env_flag(env.get("HF_HUB_DISABLE_XET"))
    xet = _version("hf_xet")
    details = {"HF_HUB_DISABLE_SYMLINKS": symlinks_off, "hf_xet": xet,
               "HF_HUB_DISABLE_XET": xet_off}
    value = msg("doctor.transfer", symlinks="off" if symlinks_off else "on",
                xet="disabled" if xet_off else ("available" if xet else "not_installed"))
    if symlinks_off:
        return _said("transfer", "Cache layout", "warn", value, msg("doctor.symlinks_off"),
                     details)
    return _said("transfer", "Cache layout", "ok", value, None, details)


def check_reachability(settings: Settings, env: Mapping[str, str], network: bool | None,
                       timeout: float) -> Check:
    offline = ep.offline_state(settings, env)
    if network is None:
        network = not offline.offline
    try:
        url = ep.current_endpoint(settings, env).url
    except ValueError:
        return _said("reachability", "Endpoint reachable", "error", msg("doctor.no_endpoint"))
    if not network:
        why = "offline_mode" if offline.offline else "network_test_off"
        return _said("reachability", "Endpoint reachable", "ok",
                     msg("doctor.not_tested", why=why), None, {"tested": False})
    report = ep.probe_endpoint(url, ep.effective_proxies(settings, env), timeout)
    details = {"tested": True, "ok": report.ok, "latency_ms": report.latency_ms,
               "failure_kind": report.failure_kind, "status": report.status}
    if report.ok:
        return _said("reachability", "Endpoint reachable", "ok",
                     msg("doctor.reachable", ms=f"{report.latency_ms:.0f}"), None, details)
    # The probe's own message (server text, OS error) is shown as it is.
    return Check("reachability", "Endpoint reachable", "error",
                 f"no ({report.failure_kind})", report.message, details,
                 (msg("doctor.unreachable", kind=str(report.failure_kind)),))


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
