"""What each snapshot file is for (config, weights, tokenizer...), decided by its name."""

from __future__ import annotations

from functools import lru_cache

from hfmanager.core.inventory.model import FileKind

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".gguf", ".onnx", ".msgpack", ".h5",
                   ".ckpt")
# Formats that run arbitrary code when loaded with torch.load / pickle.
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt")

_TOKENIZER_NAMES = frozenset({
    "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
    "merges.txt", "chat_template.jinja", "chat_template.json", "spiece.model",
    "sentencepiece.bpe.model", "tokenizer.model", "qwen.tiktoken", "tokenizer.tiktoken",
})
_CONFIG_NAMES = frozenset({
    "config.json", "generation_config.json", "model_index.json", "modules.json",
    "params.json", "adapter_config.json", "sentence_bert_config.json",
    "config_sentence_transformers.json", "preprocessor_config.json", "scheduler_config.json",
})
_DOC_PREFIXES = ("readme", "license", "licence", "notice", "copying", "citation", "use_policy",
                 "changelog")
_DOC_SUFFIXES = (".md", ".rst", ".pdf")


@lru_cache(maxsize=8192)
def kind_of_name(name: str) -> FileKind:
    """The kind of a file from its base name (cached: names repeat across repos)."""
    low = name.lower()
    if low.endswith(".index.json"):
        return FileKind.SHARD_INDEX
    if low.endswith(".py"):
        return FileKind.CUSTOM_CODE
    # *.model is a sentencepiece model in practice (spiece.model, tokenizer.model...).
    if low in _TOKENIZER_NAMES or low.startswith("vocab.") or low.endswith(
            (".tiktoken", ".spm", ".model")):
        return FileKind.TOKENIZER
    if low.endswith(WEIGHT_SUFFIXES):
        return FileKind.WEIGHTS
    if low in _CONFIG_NAMES or (low.endswith((".json", ".yaml", ".yml")) and "config" in low):
        return FileKind.CONFIG
    if low.startswith(_DOC_PREFIXES) or low.endswith(_DOC_SUFFIXES):
        return FileKind.DOCS
    return FileKind.OTHER


def kind_of_path(rel_path: str) -> FileKind:
    """The kind of a snapshot-relative path ('a/b/config.json')."""
    return kind_of_name(rel_path.rpartition("/")[2])
