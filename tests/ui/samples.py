"""A realistic little hub cache (real symlinks and hashes) for window tests and screenshots."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.cachebuilder import HubCache, TorchHub, set_times

LLAMA = "meta-llama/Llama-3.2-1B-Instruct"

_LLAMA_CONFIG = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama", "torch_dtype": "bfloat16",
    "num_hidden_layers": 16, "hidden_size": 2048, "vocab_size": 128256,
    "max_position_embeddings": 131072,
}
_LLAMA_README = (b"---\nlibrary_name: transformers\npipeline_tag: text-generation\n"
                 b"license: llama3.2\nbase_model: meta-llama/Llama-3.2-1B\n---\n# Llama 3.2\n")
_INDEX = {"metadata": {"total_size": 0}, "weight_map": {
    "lm_head.weight": "model-00002-of-00002.safetensors",
    "model.embed_tokens.weight": "model-00001-of-00002.safetensors"}}


def build_sample_cache(hf_root: Path, torch_root: Path | None = None, *,
                       scale: int = 1, aged: bool = False) -> dict[str, str]:
    """Several repos of every type, one with problems; returns useful commit hashes.

    ``scale`` multiplies weight sizes (screenshots use a larger one so sizes look real).
    """
    hub = HubCache(hf_root)
    llama = hub.repo(LLAMA)
    old = llama.add_revision({"config.json": json.dumps(_LLAMA_CONFIG).encode(),
                              "model.safetensors": 3000 * scale}, refs=("refs/pr/3",))
    detached = llama.add_revision({"config.json": b'{"model_type": "llama"}',
                                   "model.safetensors": 2900 * scale}, refs=())
    main = llama.add_revision({
        "config.json": json.dumps(_LLAMA_CONFIG).encode(),
        "generation_config.json": b'{"do_sample": true}',
        "model.safetensors.index.json": json.dumps(_INDEX).encode(),
        "model-00001-of-00002.safetensors": 4000 * scale,
        "model-00002-of-00002.safetensors": 2500 * scale,
        "tokenizer.json": 900 * scale, "tokenizer_config.json": b'{"model_max_length": 131072}',
        "special_tokens_map.json": b"{}", "README.md": _LLAMA_README,
        "original/params.json": b'{"dim": 2048}'})
    mini = hub.repo("sentence-transformers/all-MiniLM-L6-v2")
    mini.add_revision({"config.json": b'{"model_type": "bert", "hidden_size": 384}',
                       "model.safetensors": 900 * scale, "pytorch_model.bin": 900 * scale,
                       "modules.json": b"[]", "vocab.txt": 200 * scale,
                       "README.md": b"---\nlibrary_name: sentence-transformers\n"
                       b"pipeline_tag: sentence-similarity\nlicense: apache-2.0\n---\n"})
    gpt2 = hub.repo("openai-community/gpt2")
    gpt2.add_revision({"config.json": b'{"model_type": "gpt2", "n_layer": 12}',
                       "pytorch_model.bin": 1500 * scale, "vocab.json": 300 * scale,
                       "merges.txt": 200 * scale})
    phi = hub.repo("microsoft/phi-1_5")
    phi.add_revision({"config.json": b'{"model_type": "phi"}', "modeling_phi.py": b"# code\n",
                      "model.safetensors": 1800 * scale})
    broken = hub.repo("stabilityai/sd-turbo")
    broken.add_revision({"model_index.json": b"{}", "unet/config.json": b"{}",
                         "unet/diffusion_pytorch_model.safetensors": 2000 * scale,
                         "text_encoder/model.safetensors": 700 * scale})
    victim = broken.snapshots / broken.commits[-1] / "text_encoder" / "model.safetensors"
    os.unlink(os.path.realpath(victim))  # the blob is gone: a broken link
    broken.add_incomplete(size=500 * scale, temp_suffix=True, age_s=3 * 86400)
    hub.repo("stanfordnlp/imdb", "dataset").add_revision({
        "plain_text/train-00000-of-00001.parquet": 1200 * scale,
        "plain_text/test-00000-of-00001.parquet": 1100 * scale, "README.md": b"# imdb\n"})
    hub.repo("HuggingFaceFW/fineweb-edu", "dataset").add_revision({
        "sample/10BT/000_00000.parquet": 2200 * scale, "README.md": b"# fineweb-edu\n"})
    hub.repo("gradio/hello_world", "space").add_revision({
        "app.py": b"import gradio as gr\n", "README.md": b"---\nsdk: gradio\n---\n",
        "requirements.txt": b"gradio\n"})
    if aged:  # varied "last used" dates, as a real cache has
        for i, folder in enumerate(sorted(hf_root.iterdir())):
            for blob in (folder / "blobs").glob("*") if folder.is_dir() else ():
                set_times(blob, (i * 7 + 1) ** 2 * 3600.0)
    if torch_root is not None:
        torch = TorchHub(torch_root)
        torch.add_checkpoint("resnet18", 1100 * scale)
        torch.add_checkpoint("vit_b_16", 2300 * scale)
        torch.add_checkout("pytorch", "vision", "main")
    return {"main": main, "old": old, "detached": detached}
