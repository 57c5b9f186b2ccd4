"""Build a huggingface_hub 2.x cache for a real-window walkthrough of the Library.

    python -m tests.ui.walkthrough_cache BASE   # then HF_HOME=BASE/hf TORCH_HOME=BASE/torch

What it holds, each made the way users get it (huggingface_hub's own downloads from a
local fake Hub, its shared-store publish for Xet-shaped files):
- two repos sharing one 8 MiB payload of the shared Xet store, and one orphaned payload;
- a partial ``--include`` download (``trees/<commit>.json`` names 4 files, 2 cached);
- a repo with a corrupt weight file and a corrupt torch checkpoint, found by
  ``hfmanager verify --all`` before the app starts (so the red rows are from the store);
- the usual sample repos (tests/ui/samples.py).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "tests")]


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    os.chmod(path, 0o644)
    path.write_bytes(bytes(data))


def build(base: Path) -> None:
    from fakehub import FakeHub
    from huggingface_hub import snapshot_download
    from huggingface_hub.utils import _shared_blobs

    from tests.ui.samples import build_sample_cache

    hf, torch = base / "hf" / "hub", base / "torch" / "hub"
    build_sample_cache(hf, torch, scale=20000, aged=True)
    big = hashlib.sha256(b"tiny-llama").digest() * (8 << 15)  # 8 MiB
    config = b'{"model_type": "llama", "num_hidden_layers": 4, "hidden_size": 512}'
    with FakeHub() as hub:
        for repo in ("demo/tiny-llama", "demo/tiny-llama-instruct"):
            hub.add_repo(repo, {"config.json": config, "model.safetensors": big,
                                "README.md": b"---\nlicense: mit\n---\n"}, lfs_threshold=1024)
            snapshot_download(repo, endpoint=hub.url, cache_dir=hf)
            blob = hf / f"models--{repo.replace('/', '--')}" / "blobs" / hashlib.sha256(
                big).hexdigest()
            _shared_blobs.publish_blob_to_shared_store(
                blob_path=str(blob), xet_hash=hashlib.sha256(b"xet" + big).hexdigest(),
                cache_dir=hf, expected_size=len(big))
        orphan = b"orphan" * 300_000
        hub.add_repo("demo/deleted-by-hand", {"model.safetensors": orphan}, lfs_threshold=1024)
        snapshot_download("demo/deleted-by-hand", endpoint=hub.url, cache_dir=hf)
        gone = hf / "models--demo--deleted-by-hand"
        _shared_blobs.publish_blob_to_shared_store(
            blob_path=str(gone / "blobs" / hashlib.sha256(orphan).hexdigest()),
            xet_hash=hashlib.sha256(b"xet" + orphan).hexdigest(), cache_dir=hf,
            expected_size=len(orphan))
        subprocess.run(["rm", "-rf", str(gone)], check=True)
        hub.add_repo("demo/partial-bert", {
            "config.json": b'{"model_type": "bert"}', "tokenizer.json": b"{}",
            "model.safetensors": b"w" * 300_000, "onnx/model.onnx": b"o" * 200_000},
            lfs_threshold=1024)
        snapshot_download("demo/partial-bert", endpoint=hub.url, cache_dir=hf,
                          allow_patterns=["*.json"])
    mini = hf / "models--sentence-transformers--all-MiniLM-L6-v2" / "blobs"
    _flip(max(mini.iterdir(), key=lambda p: p.stat().st_size))
    _flip(next((torch / "checkpoints").iterdir()))
    env = dict(os.environ, HF_HOME=str(base / "hf"), TORCH_HOME=str(base / "torch"))
    subprocess.run([sys.executable, "-m", "hfmanager", "verify", "--all"], env=env,
                   cwd=REPO_ROOT, check=False, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
