"""The child side of test_offline_reality: run as a script, never imported by pytest.

``build OUT BERT``: save tiny models with the libraries that own their formats into
``OUT/<name>/``: a SentenceTransformer over the tiny BERT folder ``BERT``, a diffusers DDPM
pipeline and a timm model (these two with safetensors, and again with pickle weights).

``load JOBS VOCAB_SIZE``: for each ``[case, loader, repo_id]`` of the JSON list, call the
REAL loader by repo id (the environment says ``HF_HUB_OFFLINE=1``) and print one JSON line
``{"case": ..., "result": "ok" | "<error>"}``. One process for all cases: importing torch
and the libraries is what costs, not the loads.

timm imports torchvision at import time, and the registries reachable here hold only
CUDA builds of torchvision, which do not load beside the CPU torch (and, installed, make
transformers fail to import). Where torchvision does not import, timm gets a stand-in of
empty names for it: timm's hub code (config.json, then model.safetensors, then
pytorch_model.bin through hf_hub_download) and its model classes stay the real ones. The
stand-in goes in after the other libraries ran, so they never see it.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

VOCAB_SIZE = 0  # the tiny BERT's vocabulary: ``load``'s last argument
TIMM_ARCH = "test_efficientnet"  # one of timm's own tiny test models


class _Names(type):
    """A class whose every attribute is another such class: stands in for any name."""

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        sub = _Names(name, (cls,), {})
        setattr(cls, name, sub)
        return sub


class _Absent(metaclass=_Names):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("torchvision is a stand-in here")


class _Module(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        sub = _Names(name, (_Absent,), {})
        setattr(self, name, sub)
        return sub


class _StandIn(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name == "torchvision" or name.startswith("torchvision."):
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec: Any) -> types.ModuleType:
        return _Module(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__path__ = []


def _timm() -> Any:
    try:
        import torchvision  # noqa: F401
    except Exception:
        for name in [m for m in sys.modules if m.split(".")[0] == "torchvision"]:
            del sys.modules[name]
        sys.meta_path.insert(0, _StandIn())
    import timm

    return timm


def build(out: Path, bert: Path) -> None:
    import torch
    from diffusers import DDPMPipeline, DDPMScheduler, UNet2DModel
    from sentence_transformers import SentenceTransformer
    try:  # sentence-transformers 6; the old home still works there, with a warning
        from sentence_transformers.sentence_transformer import modules
    except ImportError:
        from sentence_transformers import models as modules

    torch.manual_seed(0)
    word = modules.Transformer(str(bert))
    dim = getattr(word, "get_embedding_dimension", None) or word.get_word_embedding_dimension
    # CLS pooling and a Normalize module, as many embedding models have: what
    # SentenceTransformer builds without modules.json (mean pooling, nothing else) differs.
    pooling, normalize = modules.Pooling(dim(), "cls"), modules.Normalize()
    SentenceTransformer(modules=[word, pooling, normalize]).save_pretrained(str(out / "st"))
    unet = UNet2DModel(sample_size=8, in_channels=1, out_channels=1, layers_per_block=1,
                       block_out_channels=(8, 16), norm_num_groups=4,
                       down_block_types=("DownBlock2D", "DownBlock2D"),
                       up_block_types=("UpBlock2D", "UpBlock2D"))
    pipe = DDPMPipeline(unet=unet, scheduler=DDPMScheduler(num_train_timesteps=10))
    pipe.save_pretrained(str(out / "diffusers"))
    pipe.save_pretrained(str(out / "diffusers_bin"), safe_serialization=False)
    timm = _timm()
    model = timm.create_model(TIMM_ARCH, pretrained=False, num_classes=3)
    timm.models.save_for_hf(model, str(out / "timm"), safe_serialization=True)
    timm.models.save_for_hf(model, str(out / "timm_pickle"), safe_serialization=False)


def _load_transformers(repo: str) -> str:
    from transformers import AutoModel, AutoTokenizer

    AutoModel.from_pretrained(repo)
    # transformers 5 does not raise for a tokenizer without its files: it builds one of
    # special tokens only. Its size tells the real vocabulary from that.
    size = len(AutoTokenizer.from_pretrained(repo))
    return "ok" if size == VOCAB_SIZE else f"no vocabulary: {size} tokens"


def _load_st(repo: str) -> str:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(repo, device="cpu")
    # With no modules.json sentence-transformers builds a new model (mean pooling) from the
    # bare transformer: it loads, but not the model that was saved.
    kinds = [type(m).__name__ for m in model]
    mode = getattr(model[1], "pooling_mode", None) if len(kinds) > 1 else None
    if kinds != ["Transformer", "Pooling", "Normalize"] or mode != "cls":
        return f"not the saved model: {kinds} pooling {mode}"
    size = len(model.tokenizer)  # as for AutoTokenizer: special tokens only, no error
    return "ok" if size == VOCAB_SIZE else f"no vocabulary: {size} tokens"


def _load_diffusers(repo: str) -> str:
    from diffusers import DiffusionPipeline

    DiffusionPipeline.from_pretrained(repo)
    return "ok"


def _load_timm(repo: str) -> str:
    _timm().create_model(f"hf-hub:{repo}", pretrained=True)
    return "ok"


LOADERS: dict[str, Callable[[str], str]] = {
    "transformers": _load_transformers, "sentence_transformers": _load_st,
    "diffusers": _load_diffusers, "timm": _load_timm}


def load(jobs: list[list[str]]) -> None:
    # timm's cases last: the torchvision stand-in must not be seen by the others.
    for case, loader, repo in sorted(jobs, key=lambda job: job[1] == "timm"):
        try:
            result = LOADERS[loader](repo)
        except Exception as exc:
            result = f"{type(exc).__name__}: {str(exc)[:300]}"
        print(json.dumps({"case": case, "result": result}), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        VOCAB_SIZE = int(sys.argv[3])
        load(json.loads(sys.argv[2]))
