"""The environment doctor: each check's status and hint, JSON, CLI, no token leak."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakehub import FakeHub, Fault

from hfmanager.cli import doctor as cli_doctor
from hfmanager.core import doctor
from hfmanager.core.settings import Settings


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


def test_defaults_are_ok_without_network() -> None:
    report = doctor.run_doctor(Settings(), _env(), network=False)
    assert report.worst == "ok"
    keys = [c.key for c in report.checks]
    assert keys == ["endpoint", "offline", "sudo", "proxies", "hf_cache", "hf_home",
                    "torch_cache", "token", "libraries", "transfer", "reachability"]
    assert report.get("reachability").value == "not tested (network test off)"
    assert report.get("hf_cache").details["source"] == "HF_HOME"
    assert report.get("libraries").details["huggingface_hub"]


def test_endpoint_source_and_conflict() -> None:
    env = _env(HF_ENDPOINT="https://hf-mirror.com")
    check = doctor.run_doctor(Settings(), env, network=False).get("endpoint")
    assert check.details == {"url": "https://hf-mirror.com", "source": "environment"}
    assert "HF_ENDPOINT" in check.value
    clash = doctor.run_doctor(Settings(endpoint="https://huggingface.co"), env, network=False)
    assert clash.get("endpoint").status == "warn"
    assert "your own scripts use that" in clash.get("endpoint").hint
    bad = doctor.run_doctor(Settings(), _env(HF_ENDPOINT="nonsense"), network=False)
    assert bad.get("endpoint").status == "error"


def test_offline_skips_the_probe_by_default(fake_hub: FakeHub) -> None:
    env = _env(HF_HUB_OFFLINE="1", HF_ENDPOINT=fake_hub.url)
    report = doctor.run_doctor(Settings(), env)
    assert report.get("offline").status == "warn"
    assert "unset HF_HUB_OFFLINE" in report.get("offline").hint
    assert report.get("reachability").details == {"tested": False}
    assert fake_hub.requests == []
    forced = doctor.run_doctor(Settings(), env, network=True)
    assert forced.get("reachability").status == "ok"
    assert len(fake_hub.requests) == 1


def test_probe_failure_is_an_error(fake_hub: FakeHub) -> None:
    fake_hub.faults.set(Fault(status=503))
    report = doctor.run_doctor(Settings(endpoint=fake_hub.url), _env(), network=True)
    check = report.get("reachability")
    assert (check.status, check.details["failure_kind"]) == ("error", "http_status")
    assert report.worst == "error"


def test_sudo_trap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    check = doctor.check_sudo({"SUDO_USER": "alice"})
    assert check.status == "warn"
    assert "sudo -E" in check.hint
    assert doctor.check_sudo({}).status == "ok"


def test_token_presence_never_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_SECRET_value")
    report = doctor.run_doctor(Settings(), network=False)
    check = report.get("token")
    assert check.details == {"present": True, "source": "HF_TOKEN"}
    assert "hf_SECRET_value" not in json.dumps(report.to_json())


def test_folders_missing_unwritable_and_legacy(tmp_path: Path) -> None:
    missing = doctor.check_folder("x", "X", tmp_path / "nope", "HF_HUB_CACHE")
    assert missing.status == "ok"
    assert "will be created" in missing.hint
    assert missing.details["exists"] is False
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        check = doctor.check_folder("x", "X", locked, "HF_HUB_CACHE")
        if os.access(locked, os.W_OK):  # root ignores permission bits
            assert check.status == "ok"
        else:
            assert check.status == "error"
            assert "not writable" in check.hint
    finally:
        locked.chmod(0o700)
    legacy = doctor.run_doctor(Settings(), _env(TRANSFORMERS_CACHE=str(tmp_path)),
                               network=False).get("hf_cache")
    assert (legacy.status, legacy.details["source"]) == ("warn", "TRANSFORMERS_CACHE")


def test_proxies_symlinks_and_hf_transfer() -> None:
    env = _env(HTTPS_PROXY="proxy.local:3128", HF_HUB_DISABLE_SYMLINKS="1",
               HF_HUB_ENABLE_HF_TRANSFER="1")
    report = doctor.run_doctor(Settings(), env, network=False)
    assert report.get("proxies").status == "warn"
    assert "http://" in report.get("proxies").hint
    assert report.get("transfer").status == "warn"
    libs = report.get("libraries")
    if libs.details["hf_transfer"] is None:
        assert libs.status == "warn"


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cli_doctor.register(parser.add_subparsers())
    args = parser.parse_args(["doctor", *argv])
    return int(args.func(args))


def test_cli_json_and_text(capsys: pytest.CaptureFixture[str], fake_hub: FakeHub,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", fake_hub.url)
    assert _run_cli(["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "ok"
    assert {c["key"] for c in data["checks"]} >= {"endpoint", "token", "reachability"}
    assert len(fake_hub.requests) == 1
    assert _run_cli(["--no-network"]) == 0
    text = capsys.readouterr().out
    assert "Endpoint" in text
    assert "from HF_ENDPOINT" in text
    fake_hub.faults.set(Fault(status=500))
    assert _run_cli([]) == 1


def test_doctor_does_not_import_torch() -> None:
    code = ("import sys; from hfmanager.core.doctor import run_doctor; "
            "run_doctor(network=False); "
            "print('torch' in sys.modules, 'transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.split() == ["False", "False"]


def test_registered_as_a_cli_command() -> None:
    out = subprocess.run([sys.executable, "-m", "hfmanager", "doctor", "--json", "--no-network"],
                         capture_output=True, text=True, timeout=120, env=_env())
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["status"] == "ok"
    assert data["checks"][0]["key"] == "endpoint"
