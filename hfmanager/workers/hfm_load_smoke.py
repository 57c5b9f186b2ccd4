"""The load worker's smoke pass (``run_tokens``): one forward pass after loading, and for
causal LMs a few greedy tokens, with its time, tokens per second and peak memory.

A sibling of ``load.py``; torch and transformers come in as arguments or inside
functions. Input: the repo's own tokenizer when it has one, else token ids (or a tensor
of the first layer's shape) made up to the right size. A pass that fails is reported in
the result (``smoke.error``), it does not fail the load.
"""

from __future__ import annotations

import os
import time
from typing import Any

from hfm_load_snapshot import phase, read_json

NEW_TOKENS = 8
PROMPT = "The quick brown fox jumps over the lazy dog. " * 64


def _peak_reset(torch: Any, device: str) -> str:
    """Start a peak measurement: CUDA's counter, or Linux's VmHWM (clear_refs 5); the
    scope says whether the host figure covers the pass or the whole process."""
    if device.startswith("cuda") and torch.cuda.is_available():
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return "pass"
    except OSError:
        return "process"


def _status(field: str) -> int | None:
    """A size from /proc/self/status (VmHWM, VmRSS), in bytes; None off Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _host_peak() -> int | None:
    peak = _status("VmHWM")
    if peak is not None:
        return peak
    try:
        import resource
        import sys

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return int(peak if sys.platform == "darwin" else peak * 1024)
    except (ImportError, OSError):
        return None


def _tokenizer(path: str) -> Any:
    names = ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "tokenizer.model",
             "vocab.json")
    if not os.path.isdir(path) or not any(os.path.isfile(os.path.join(path, n)) for n in names):
        return None
    try:
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(path, local_files_only=True)
    except Exception:  # a broken tokenizer must not stop the pass: dummy ids instead
        return None


def _first_device(torch: Any, model: Any) -> Any:
    for p in model.parameters():
        if p.device.type != "meta":
            return p.device
    return torch.device("cpu")


def _ids(torch: Any, model: Any, path: str, n: int, dev: Any) -> tuple[Any, Any, str]:
    """(input_ids, attention_mask, how they were made)."""
    cfg = model.config
    limit = getattr(cfg, "max_position_embeddings", None) or getattr(cfg, "n_positions", None)
    if isinstance(limit, int) and limit > 0:
        n = min(n, limit - (NEW_TOKENS if _is_causal(model) else 0))
    tok = _tokenizer(path)
    if tok is not None:
        enc = tok(PROMPT * (1 + n // 100), return_tensors="pt", truncation=True, max_length=n)
        return enc["input_ids"].to(dev), enc.get("attention_mask").to(dev), "tokenizer"
    vocab = int(getattr(cfg, "vocab_size", 0) or 100)
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(0, vocab, (1, max(1, n)), generator=gen).to(dev)
    return ids, torch.ones_like(ids), "dummy ids (no tokenizer in the repo)"


def _is_causal(model: Any) -> bool:
    name = type(model).__name__
    return name.endswith(("ForCausalLM", "LMHeadModel")) and not getattr(
        model.config, "is_encoder_decoder", False)


def _pooling(path: str) -> str | None:
    cfg_path = os.path.join(path, "1_Pooling", "config.json")
    if not os.path.isfile(cfg_path):
        return None
    cfg = read_json(cfg_path)
    return "mean" if isinstance(cfg, dict) and cfg.get("pooling_mode_mean_tokens") else "cls"


def _transformers_pass(torch: Any, model: Any, path: str, n: int) -> dict[str, Any]:
    dev = _first_device(torch, model)
    ids, mask, source = _ids(torch, model, path, n, dev)
    out: dict[str, Any] = {"input": source, "input_tokens": int(ids.shape[1])}
    t0 = time.monotonic()
    if _is_causal(model):
        pad = getattr(model.config, "pad_token_id", None)
        eos = getattr(model.config, "eos_token_id", None)
        res = model.generate(input_ids=ids, attention_mask=mask, max_new_tokens=NEW_TOKENS,
                             min_new_tokens=NEW_TOKENS, do_sample=False,
                             pad_token_id=pad if pad is not None else (eos or 0),
                             return_dict_in_generate=True)
        gen = res.sequences
        new = gen[0, ids.shape[1]:]
        out.update(kind="generate", output_shape=list(gen.shape), new_tokens=int(new.numel()),
                   new_token_ids=[int(t) for t in new])
        # transformers 5 names it ``cache`` (``past_key_values`` warns), 4.x the latter
        cache = getattr(res, "cache", None)
        out.update(cache_size(cache if cache is not None
                              else getattr(res, "past_key_values", None)))
        tok = _tokenizer(path)
        if tok is not None:
            out["text"] = tok.decode(new, skip_special_tokens=True)
    else:
        res = model(input_ids=ids, attention_mask=mask)
        hidden = getattr(res, "last_hidden_state", None)
        main = hidden if hidden is not None else getattr(res, "logits", res[0])
        out.update(kind="forward", output_shape=list(main.shape))
        pool = _pooling(path)
        if pool is not None and hidden is not None:
            m = mask.unsqueeze(-1).to(hidden.dtype)
            emb = (hidden * m).sum(1) / m.sum(1) if pool == "mean" else hidden[:, 0]
            out.update(embedding_shape=list(emb.shape), pooling=pool)
    out["seconds"] = time.monotonic() - t0
    return out


def cache_size(cache: Any) -> dict[str, int]:
    """The keys and values a generation left in its cache: their bytes
    (``kv_cache_bytes``) and the tokens the cache saw (``kv_cache_tokens``; a sliding
    layer keeps fewer). transformers 5's Cache has ``layers`` with ``keys``/``values``; an
    encoder-decoder's counts its own self-attention part (cross-attention keys are the
    encoder's output); older ones are tuples of (key, value) per layer."""
    if cache is None:
        return {}
    inner = getattr(cache, "self_attention_cache", None)
    cache = inner if inner is not None else cache
    layers = getattr(cache, "layers", None)
    pairs = [(getattr(lay, "keys", None), getattr(lay, "values", None)) for lay in layers] \
        if layers is not None else [tuple(p)[:2] for p in cache]
    total, seen = 0, set()
    for pair in pairs:
        for t in pair:
            if t is not None and hasattr(t, "element_size") and id(t) not in seen:
                seen.add(id(t))  # a layer may share another's tensors
                total += int(t.numel()) * int(t.element_size())
    if hasattr(cache, "get_seq_length"):
        tokens = int(cache.get_seq_length())
    else:
        tokens = int(pairs[0][0].shape[-2]) if pairs and pairs[0][0] is not None else 0
    return {"kv_cache_bytes": total, "kv_cache_tokens": tokens}


def _module_input(torch: Any, model: Any, n: int) -> tuple[Any, str]:
    """A dummy input shaped for the first layer that has weights."""
    dev = _first_device(torch, model)
    for mod in model.modules():
        if isinstance(mod, torch.nn.Embedding):
            return torch.randint(0, mod.num_embeddings, (1, n), device=dev), "token ids"
        if isinstance(mod, torch.nn.Linear):
            dt = mod.weight.dtype
            return torch.randn(1, n, mod.in_features, device=dev, dtype=dt), "random features"
        if isinstance(mod, torch.nn.Conv2d):
            dt = mod.weight.dtype
            return torch.randn(1, mod.in_channels, 64, 64, device=dev, dtype=dt), "random image"
    raise ValueError("no Embedding, Linear or Conv2d layer to shape an input for")


def _module_pass(torch: Any, model: Any, n: int) -> dict[str, Any]:
    x, source = _module_input(torch, model, n)
    t0 = time.monotonic()
    res = model(x)
    main = res if isinstance(res, torch.Tensor) else next(
        (v for v in (res.values() if isinstance(res, dict) else res)
         if isinstance(v, torch.Tensor)), None)
    return {"kind": "forward", "input": source, "input_shape": list(x.shape),
            "input_tokens": n, "output_shape": list(main.shape) if main is not None else None,
            "seconds": time.monotonic() - t0}


def smoke(torch: Any, model: Any, strategy: str, path: str, n: int, device: str
          ) -> dict[str, Any]:
    """Run the pass; the result's ``error`` or ``skipped`` says why there is none."""
    phase("running", f"{n} tokens")
    if isinstance(model, dict):
        return {"skipped": "a raw state dict has no forward pass; name its class "
                           "with --class module:Name"}
    if strategy == "diffusers":
        return {"skipped": "diffusers pipelines are not run by the smoke pass"}
    scope = _peak_reset(torch, device)
    before = _status("VmRSS")  # the host peak's part that the pass added is peak - before
    try:
        with torch.inference_mode():
            if strategy == "sentence_transformers":
                t0 = time.monotonic()
                emb = model.encode([PROMPT[: 6 * n]], convert_to_tensor=True)
                out = {"kind": "encode", "input": "text", "input_tokens": n,
                       "output_shape": list(emb.shape), "seconds": time.monotonic() - t0}
            elif hasattr(getattr(model, "config", None), "model_type"):  # transformers
                out = _transformers_pass(torch, model, path, n)
            else:
                out = _module_pass(torch, model, n)
            if torch.cuda.is_available() and device != "cpu":
                torch.cuda.synchronize()
    except Exception as exc:  # the load worked; the pass's failure is its own finding
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:500]}"
                if str(exc) else type(exc).__name__}
    secs = max(out["seconds"], 1e-9)
    counted = out.get("new_tokens") or out.get("input_tokens") or 0
    out["seconds"] = round(out["seconds"], 4)
    out["tokens_per_second"] = round(counted / secs, 2)
    out["peak_host_rss"] = _host_peak()
    out["peak_host_scope"] = scope
    if before is not None and scope == "pass":
        out["host_rss_before"] = before
    if torch.cuda.is_available() and device != "cpu":
        out["peak_gpu_allocated"] = int(torch.cuda.max_memory_allocated())
    return out
