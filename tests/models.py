"""Builders of tiny real models for the load-test suite (folders and hub-cache layouts).

Each builder writes real weights with the library that owns the format, and returns
the folder plus the independent parameter count ``sum(p.numel())`` of the model it saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import torch

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def _bert_config(**over: Any) -> Any:
    from transformers import BertConfig

    # Few position embeddings: the non-persistent position_ids buffer stays << 0.5 %.
    kw: dict[str, Any] = dict(vocab_size=512, hidden_size=64, num_hidden_layers=2,
                              num_attention_heads=2, intermediate_size=128,
                              max_position_embeddings=32, architectures=["BertModel"])
    kw.update(over)
    return BertConfig(**kw)


def numel(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def build_bert(folder: Path, *, safe: bool = True, max_shard_size: str | None = None,
               dtype: torch.dtype = torch.float32) -> int:
    """A tiny random BertModel via save_pretrained; returns its parameter count."""
    from transformers import BertModel

    torch.manual_seed(0)
    model = BertModel(_bert_config()).to(dtype)
    kwargs: dict[str, Any] = {"safe_serialization": safe} if not safe else {}
    if max_shard_size:
        kwargs["max_shard_size"] = max_shard_size
    try:
        model.save_pretrained(folder, **kwargs)
    except TypeError:  # transformers 5 dropped safe_serialization: write the pickle by hand
        model.save_pretrained(folder, **{k: v for k, v in kwargs.items()
                                         if k != "safe_serialization"})
    if not safe:
        for f in folder.glob("*.safetensors*"):
            f.unlink()
        torch.save(model.state_dict(), folder / "pytorch_model.bin")
    return numel(model)


def build_gpt2(folder: Path, *, n_embd: int = 64, n_layer: int = 2, vocab: int = 512,
               n_positions: int = 64) -> int:
    """A GPT2LMHeadModel (tied lm_head) saved with safetensors."""
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    cfg = GPT2Config(n_embd=n_embd, n_layer=n_layer, n_head=max(1, n_embd // 64) or 1,
                     vocab_size=vocab, n_positions=n_positions, bos_token_id=0, eos_token_id=0,
                     architectures=["GPT2LMHeadModel"])
    model = GPT2LMHeadModel(cfg)
    model.save_pretrained(folder)
    return numel(model)


def build_mixin(folder: Path) -> int:
    """A PyTorchModelHubMixin model: config.json without model_type + model.safetensors."""
    from huggingface_hub import PyTorchModelHubMixin

    class TinyNet(torch.nn.Module, PyTorchModelHubMixin):  # type: ignore[misc]
        def __init__(self, width: int = 48, depth: int = 3) -> None:
            super().__init__()
            self.layers = torch.nn.Sequential(*[torch.nn.Linear(width, width)
                                                for _ in range(depth)])
            self.norm = torch.nn.LayerNorm(width)

    torch.manual_seed(0)
    model = TinyNet(width=48, depth=3)
    model.save_pretrained(folder)
    return numel(model)


def build_torch_hub_checkpoint(torch_home: Path) -> tuple[Path, int]:
    """A torch.hub-style ``hub/checkpoints/<name>-<sha256 prefix>.pth`` state dict."""
    torch.manual_seed(0)
    # Big enough that the zip container's few KiB stay under 2 % of the file.
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3), torch.nn.BatchNorm2d(8),
                                torch.nn.Flatten(), torch.nn.Linear(8, 256),
                                torch.nn.Linear(256, 256))
    ckpt_dir = torch_home / "hub" / "checkpoints"
    ckpt_dir.mkdir(parents=True, exist_ok=True)
    tmp = ckpt_dir / "tiny.pth.tmp"
    torch.save(model.state_dict(), tmp)
    digest = hashlib.sha256(tmp.read_bytes()).hexdigest()[:8]
    final = ckpt_dir / f"tinynet-{digest}.pth"
    tmp.rename(final)
    n_state = sum(t.numel() for t in model.state_dict().values())
    return final, n_state


CUSTOM_CONFIG = '''
from transformers import PretrainedConfig


class TinyCustomConfig(PretrainedConfig):
    model_type = "tiny-custom"

    def __init__(self, width=40, **kwargs):
        self.width = width
        super().__init__(**kwargs)
'''

CUSTOM_MODEL = '''
import torch
from transformers import PreTrainedModel

from .configuration_tiny import TinyCustomConfig


class TinyCustomModel(PreTrainedModel):
    config_class = TinyCustomConfig

    def __init__(self, config):
        super().__init__(config)
        self.proj = torch.nn.Linear(config.width, config.width)
        self.out = torch.nn.Linear(config.width, 3)
        self.post_init()

    def forward(self, x):
        return self.out(self.proj(x))
'''


def build_custom_code(folder: Path) -> int:
    """A repo whose config.json has auto_map into its own .py files (remote code)."""
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "configuration_tiny.py").write_text(CUSTOM_CONFIG, encoding="utf-8")
    (folder / "modeling_tiny.py").write_text(CUSTOM_MODEL, encoding="utf-8")
    cfg = {"model_type": "tiny-custom", "width": 40, "architectures": ["TinyCustomModel"],
           "auto_map": {"AutoConfig": "configuration_tiny.TinyCustomConfig",
                        "AutoModel": "modeling_tiny.TinyCustomModel"}}
    (folder / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    torch.manual_seed(0)
    sd = {"proj.weight": torch.randn(40, 40), "proj.bias": torch.randn(40),
          "out.weight": torch.randn(3, 40), "out.bias": torch.randn(3)}
    save_file(sd, str(folder / "model.safetensors"))
    return sum(t.numel() for t in sd.values())


class Evil:
    """Unpickling this runs ``open(sentinel, 'w')``: the classic malicious checkpoint."""

    def __init__(self, sentinel: str) -> None:
        self.sentinel = sentinel

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (open, (self.sentinel, "w"))


def build_malicious_pickle(folder: Path, sentinel: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "pytorch_model.bin"
    torch.save({"weight": torch.zeros(2), "payload": Evil(str(sentinel))}, target)
    return target


def into_hub_cache(src: Path, cache: Path, repo_id: str, commit: str = COMMIT,
                   ref: str = "main") -> Path:
    """Copy a model folder into a real hub-cache layout (blobs + relative symlinks)."""
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    snap = repo / "snapshots" / commit
    (repo / "blobs").mkdir(parents=True, exist_ok=True)
    snap.mkdir(parents=True, exist_ok=True)
    for f in sorted(p for p in src.rglob("*") if p.is_file()):
        data = f.read_bytes()
        blob = hashlib.sha256(data).hexdigest()
        blob_path = repo / "blobs" / blob
        if not blob_path.exists():
            shutil.copyfile(f, blob_path)
        link = snap / f.relative_to(src)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(blob_path, link.parent))
    (repo / "refs").mkdir(exist_ok=True)
    (repo / "refs" / ref).write_text(commit, encoding="utf-8")
    return snap
