"""Repo summaries from README.md front matter and config.json, read with size limits.

Only the first bytes of a README are read (a 2 GB README must not be read whole), and
config.json is parsed with size and nesting limits (:mod:`hfmanager.core.untrusted`). Any
failure gives empty fields, never an exception: a summary is a convenience. A config.json
over the size or nesting limits is named, though: it is damage or an attack, and loaders
would choke on it too.
"""

from __future__ import annotations

from typing import Any

from hfmanager.core.fsutil import read_untouched
from hfmanager.core.inventory.model import RepoSummary
from hfmanager.core.untrusted import BadJSONError, JSONLimitError, read_json

README_LIMIT = 64 * 1024
CONFIG_LIMIT = 4 * 1024 * 1024

_LAYER_KEYS = ("num_hidden_layers", "n_layer", "num_layers", "n_layers", "num_decoder_layers")
_HIDDEN_KEYS = ("hidden_size", "d_model", "n_embd", "dim", "model_dim")
_CONTEXT_KEYS = ("max_position_embeddings", "n_positions", "max_seq_len", "seq_length",
                 "max_sequence_length", "n_ctx", "model_max_length")


def read_head(path: str, limit: int) -> bytes | None:
    """At most ``limit`` bytes of a regular file, without following a final symlink.

    Read without touching its access time: a scan must not make every README look
    "used just now".
    """
    try:
        return read_untouched(path, limit, follow=False)
    except OSError:
        return None  # missing, unreadable, or a FIFO/device a hostile cache put here


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value


def parse_front_matter(text: str) -> dict[str, str | list[str]]:
    """The top-level scalar and list keys of a README's YAML front matter.

    A small subset of YAML is enough for model cards: ``key: value``, ``key: [a, b]``
    and block lists (``key:`` followed by ``- item`` lines). Nested mappings are skipped.
    """
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    out: dict[str, str | list[str]] = {}
    current: str | None = None
    for line in lines[1:]:
        if line.strip() in ("---", "..."):
            break
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t-":
            item = line.strip()
            if current is not None and item.startswith("- "):
                existing = out.setdefault(current, [])
                if isinstance(existing, list):
                    existing.append(_scalar(item[2:]))
            continue
        key, sep, value = line.partition(":")
        if not sep:
            current = None
            continue
        current = key.strip()
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            out[current] = [_scalar(v) for v in value[1:-1].split(",") if v.strip()]
        elif value:
            out[current] = _scalar(value)
    return out


def _first(d: dict[str, Any], keys: tuple[str, ...]) -> int | None:
    for key in keys:
        value = d.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _text(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value) if isinstance(value, (str, int, float)) and str(value) else None


def _config_fields(cfg: dict[str, Any]) -> dict[str, Any]:
    # Multimodal configs keep the language model's numbers under text_config.
    text_config = cfg.get("text_config")
    inner: dict[str, Any] = text_config if isinstance(text_config, dict) else {}
    merged = {**inner, **cfg}
    quant = cfg.get("quantization_config")
    archs = cfg.get("architectures")
    return {
        "model_type": _text(cfg.get("model_type")),
        "architectures": tuple(str(a) for a in archs) if isinstance(archs, list) else (),
        "dtype": _text(cfg.get("torch_dtype") or cfg.get("dtype") or inner.get("torch_dtype")),
        "num_layers": _first(merged, _LAYER_KEYS),
        "hidden_size": _first(merged, _HIDDEN_KEYS),
        "vocab_size": _first(merged, ("vocab_size",)),
        "context_length": _first(merged, _CONTEXT_KEYS),
        "quantization": _text(quant.get("quant_method")) if isinstance(quant, dict) else None,
    }


def summarize(readme_path: str | None, config_path: str | None
              ) -> tuple[RepoSummary, str | None]:
    """A summary from whichever of the two files exists (paths already validated), and
    why config.json was refused (None when it parsed, is absent, unreadable or simply not
    JSON: the scan reports missing and unreadable files on its own)."""
    fields: dict[str, Any] = {}
    if readme_path:
        head = read_head(readme_path, README_LIMIT)
        if head:
            front = parse_front_matter(head.decode("utf-8", "replace"))
            fields.update({
                "library": _text(front.get("library_name")),
                "pipeline_tag": _text(front.get("pipeline_tag")),
                "license": _text(front.get("license")),
                "base_model": _text(front.get("base_model")),
            })
    why: str | None = None
    if config_path:
        try:
            cfg = read_json(config_path, CONFIG_LIMIT, follow=False)
        except JSONLimitError as exc:
            cfg, why = None, str(exc)
        except (OSError, BadJSONError):
            cfg = None
        if isinstance(cfg, dict):
            fields.update(_config_fields(cfg))
    return RepoSummary(**fields), why
