"""Safetensors-header estimate: exact counts, dtype conversion, verdicts, hostile headers."""

from __future__ import annotations

import contextlib
import json
import struct
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safetensors.torch import save_file

from hfmanager.core.loadtest import estimate as est

GIB = 1024**3


def _raw(path: Path, header: object, data: bytes = b"", length: int | None = None) -> Path:
    blob = json.dumps(header).encode() if not isinstance(header, bytes) else header
    n = len(blob) if length is None else length
    path.write_bytes(struct.pack("<Q", n) + blob + data)
    return path


def test_single_file_counts_and_dtypes(tmp_path: Path) -> None:
    save_file({"a": torch.zeros(10, 20), "b": torch.zeros(7, dtype=torch.float16),
               "i": torch.zeros(3, dtype=torch.int64), "q": torch.zeros(5, dtype=torch.int8)},
              str(tmp_path / "model.safetensors"))
    e = est.estimate(tmp_path)
    assert e.params == 200 + 7 + 3 + 5
    assert e.bytes_by_dtype == {"F32": 800, "F16": 14, "I64": 24, "I8": 5}
    assert e.weights_bytes == 800 + 14 + 24 + 5
    assert not e.approximate
    # float params convert, integer/quantized ones keep their size
    assert est.estimate(tmp_path, "float16").weights_bytes == 2 * 207 + 24 + 5
    assert est.estimate(tmp_path, "float32").weights_bytes == 4 * 207 + 24 + 5
    assert est.estimate(tmp_path, "bfloat16").weights_bytes == 2 * 207 + 24 + 5


def test_auto_follows_config_dtype(tmp_path: Path) -> None:
    save_file({"w": torch.zeros(100)}, str(tmp_path / "model.safetensors"))
    (tmp_path / "config.json").write_text(json.dumps({"dtype": "bfloat16"}))
    assert est.estimate(tmp_path, "auto").weights_bytes == 200


def test_sharded_index_and_100_shards(tmp_path: Path) -> None:
    wmap = {}
    for i in range(100):
        name = f"model-{i:05d}-of-00100.safetensors"
        save_file({f"l{i}.w": torch.zeros(4, 8), f"l{i}.b": torch.zeros(8)},
                  str(tmp_path / name))
        wmap[f"l{i}.w"] = wmap[f"l{i}.b"] = name
    (tmp_path / est.SAFETENSORS_INDEX).write_text(json.dumps({"weight_map": wmap}))
    e = est.estimate(tmp_path)
    assert len(e.files) == 100
    assert e.params == 100 * 40
    assert e.weights_bytes == 100 * 40 * 4


def test_missing_shard_and_unsafe_index_names(tmp_path: Path) -> None:
    (tmp_path / est.SAFETENSORS_INDEX).write_text(
        json.dumps({"weight_map": {"a": "gone.safetensors"}}))
    with pytest.raises(est.EstimateError, match="shards missing"):
        est.estimate(tmp_path)
    (tmp_path / est.SAFETENSORS_INDEX).write_text(
        json.dumps({"weight_map": {"a": "../../etc/passwd"}}))
    with pytest.raises(est.EstimateError, match="unsafe"):
        est.estimate(tmp_path)


def test_pickle_is_approximate_from_file_size(tmp_path: Path) -> None:
    torch.save({"w": torch.zeros(1000)}, tmp_path / "pytorch_model.bin")
    size = 4000  # the zip's storage entries, read without unpickling
    e = est.estimate(tmp_path)
    assert e.approximate
    assert e.params is None
    assert e.source == "file sizes"
    assert e.weights_bytes == size
    assert est.estimate(tmp_path, "float16").weights_bytes == size // 2


def test_legacy_pickle_uses_file_size(tmp_path: Path) -> None:
    f = tmp_path / "model.pt"
    torch.save({"w": torch.zeros(100)}, f, _use_new_zipfile_serialization=False)
    assert est.estimate(f).weights_bytes == f.stat().st_size


def test_safetensors_preferred_over_pickle(tmp_path: Path) -> None:
    save_file({"w": torch.zeros(10)}, str(tmp_path / "model.safetensors"))
    torch.save({"w": torch.zeros(10)}, tmp_path / "pytorch_model.bin")
    assert [Path(f).name for f in est.estimate(tmp_path).files] == ["model.safetensors"]


@pytest.mark.parametrize(
    ("header", "data", "length", "match"),
    [
        ({}, b"", 2**62, "exceeds the 100 MiB"),  # header bomb: absurd length
        ({}, b"", 10_000, "past the end"),  # length beyond the file
        (b"[" * 200_000 + b"]" * 200_000, b"", None, "nested too deeply|not valid JSON"),
        ([1, 2, 3], b"", None, "not a JSON object"),
        (b"\xff\xfe not json", b"", None, "not valid JSON"),
        ({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 10**12]}}, b"\0" * 16,
         None, "outside the file"),
        ({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 8]}}, b"\0" * 16, None,
         "its dtype and shape say 16"),
        ({"w": {"dtype": "F32", "shape": [10**12, 10**12], "data_offsets": [0, 16]}},
         b"\0" * 16, None, "dtype and shape"),
        ({"w": {"dtype": "EVIL", "shape": [4], "data_offsets": [0, 16]}}, b"\0" * 16, None,
         "unknown dtype"),
        ({"w": {"dtype": "F32", "shape": [-4], "data_offsets": [0, 16]}}, b"\0" * 16, None,
         "bad shape"),
        ({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
          "b": {"dtype": "F32", "shape": [4], "data_offsets": [8, 24]}}, b"\0" * 24, None,
         "overlap"),
    ],
)
def test_hostile_headers_are_refused(tmp_path: Path, header: object, data: bytes,
                                     length: int | None, match: str) -> None:
    f = _raw(tmp_path / "model.safetensors", header, data, length)
    with pytest.raises(est.EstimateError, match=match):
        est.estimate(tmp_path)
    with pytest.raises(est.EstimateError):
        est.read_header(f)


def test_tiny_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"abc")
    with pytest.raises(est.EstimateError, match="too small"):
        est.estimate(tmp_path)
    empty = tmp_path / "e"
    empty.mkdir()
    with pytest.raises(est.EstimateError, match="no weights"):
        est.estimate(empty)
    with pytest.raises(est.EstimateError, match="unknown dtype"):
        est.estimate(tmp_path, "int4")


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=st.binary(max_size=300))
def test_random_bytes_only_raise_estimate_error(tmp_path: Path, blob: bytes) -> None:
    f = tmp_path / "x.safetensors"
    f.write_bytes(blob)
    with contextlib.suppress(est.EstimateError):
        est.read_header(f)


def test_verdicts() -> None:
    e = est.Estimate(("x",), 10, {"F32": GIB}, {"F32": GIB // 4}, "auto", GIB, False, "h")
    assert est.verdict(e, 4 * GIB, cuda=False).status == "fits"
    assert est.verdict(e, int(1.1 * GIB), cuda=False).status == "tight"
    assert est.verdict(e, GIB // 2, cuda=False).status == "no_fit"
    assert est.verdict(e, None, cuda=False).status == "unknown"
    gpu = est.verdict(e, int(1.4 * GIB), cuda=True)
    assert gpu.context_bytes == est.CUDA_CONTEXT_BYTES
    assert gpu.needed_bytes == GIB + est.CUDA_CONTEXT_BYTES
    assert gpu.status == "no_fit"
    assert ("cuda_context", est.CUDA_CONTEXT_BYTES) in gpu.lines
