"""The load worker's option helpers (workers/hfm_load_options.py) without a child: a
pre-quantized repo keeps its own method, and the config-vs-__init__ report."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import hfmanager

WORKERS = Path(hfmanager.__file__).parent / "workers"


@pytest.fixture(scope="module")
def opts() -> ModuleType:
    sys.path.insert(0, str(WORKERS))  # the worker's siblings import each other by name
    try:
        import hfm_load_options

        return hfm_load_options
    finally:
        sys.path.remove(str(WORKERS))


@pytest.mark.parametrize(("qc", "method"), [
    ({"quant_method": "gptq", "bits": 4}, "gptq"), ({"quant_method": "awq"}, "awq"),
    ({"quant_method": "fp8"}, "fp8"), ({"load_in_4bit": True}, "bitsandbytes")])
def test_a_quantized_repo_loads_with_its_own_method(opts: ModuleType, tmp_path: Path,
                                                   qc: dict[str, Any], method: str) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "llama",
                                                      "quantization_config": qc}))
    notes: list[str] = []
    kwargs, report = opts.quantization_kwargs({"quantize": "8bit"}, None, str(tmp_path), notes)
    assert kwargs == {}  # no BitsAndBytesConfig over the repo's own
    assert report == {"method": method, "source": "repo"}
    assert notes == [f"the repo is already quantized ({method}): --quantize 8bit was not "
                     "applied"]


def test_no_quantization_asked_or_found(opts: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert"}))
    assert opts.quantization_kwargs({}, None, str(tmp_path), []) == ({}, None)


def test_signature_report(opts: ModuleType) -> None:
    class Net:
        def __init__(self, width: int, heads: int, *, dropout: float = 0.1) -> None: ...

    class Loose:
        def __init__(self, width: int, **kwargs: Any) -> None: ...

    rep = opts.signature_report(Net, {"width": 8, "depth": 2})
    assert rep == {"expected": ["width", "heads", "dropout"], "required": ["width", "heads"],
                   "config_keys": ["depth", "width"], "missing": ["heads"],
                   "unexpected": ["depth"]}
    loose = opts.signature_report(Loose, {"depth": 2})
    assert (loose["missing"], loose["unexpected"]) == (["width"], [])
