"""Per-revision health checks that look at the file list as a whole."""

from __future__ import annotations

import posixpath

from hfmanager.core.inventory.kinds import PICKLE_SUFFIXES
from hfmanager.core.inventory.links import display
from hfmanager.core.inventory.model import CachedFile, FileKind, Problem, ProblemKind, RepoType
from hfmanager.core.messages import Param
from hfmanager.core.messages import msg as _msg
from hfmanager.core.untrusted import BadJSONError, read_json

INDEX_LIMIT = 16 * 1024 * 1024
# Files that stand in for config.json: diffusers pipelines, PEFT adapters, Mistral params.
_CONFIG_STAND_INS = ("config.json", "model_index.json", "adapter_config.json", "params.json")


def _names(paths: list[str], limit: int = 3) -> dict[str, Param]:
    """The first names and how many more (the ``{names}{more:more}`` of a template)."""
    return {"names": ", ".join(display(p) for p in paths[:limit]),
            "more": max(0, len(paths) - limit)}


def _shard_problems(index: CachedFile, present: set[str]) -> list[Problem]:
    source = index.blob_path or index.file_path
    if not index.size:
        return []
    try:
        # The scan resolved this path inside the cache (a blob, a link into the shared
        # store, a copy); a FIFO or device raises OSError instead of blocking.
        data = read_json(source, INDEX_LIMIT)
    except OSError:
        return []  # unreadable files are reported by the scan itself
    except BadJSONError as exc:
        return [Problem.said(ProblemKind.UNREADABLE, _msg(
            "problem.shard_index_unreadable", file=display(index.path), error=str(exc)),
            index.file_path)]
    weight_map = data.get("weight_map") if isinstance(data, dict) else None
    if not isinstance(weight_map, dict):
        return [Problem.said(ProblemKind.UNREADABLE, _msg(
            "problem.shard_index_no_map", file=display(index.path)), index.file_path)]
    folder = posixpath.dirname(index.path)
    shards = sorted({str(v) for v in weight_map.values()})
    missing = [s for s in shards if posixpath.normpath(posixpath.join(folder, s)) not in present]
    if not missing:
        return []
    return [Problem.said(ProblemKind.MISSING_SHARD, _msg(
        "problem.missing_shard", file=display(index.path), missing=len(missing),
        total=len(shards), **_names(missing)), index.file_path)]


def revision_problems(files: list[CachedFile], repo_type: RepoType) -> list[Problem]:
    """Missing shards, missing config, custom code and pickle-only weights."""
    problems: list[Problem] = []
    if not files:
        return problems
    present = {f.path for f in files}
    # One pass that only looks closer at the few interesting files (speed: 100k files).
    code: list[str] = []
    pickles: list[str] = []
    has_gguf = has_safetensors = False
    for f in files:
        kind = f.kind
        if kind is FileKind.WEIGHTS:
            path = f.path
            if path.endswith(PICKLE_SUFFIXES):
                pickles.append(path)
            elif path.endswith(".safetensors"):
                has_safetensors = True
            elif path.endswith(".gguf"):
                has_gguf = True
        elif kind is FileKind.CUSTOM_CODE:
            code.append(f.path)
        elif kind is FileKind.SHARD_INDEX:
            problems.extend(_shard_problems(f, present))
    # GGUF repos are self-contained by design; a missing config.json there is normal.
    if (repo_type is RepoType.MODEL and not has_gguf
            and not any(name in present for name in _CONFIG_STAND_INS)):
        problems.append(Problem.said(ProblemKind.NO_CONFIG, _msg("problem.no_config")))
    if code:
        problems.append(Problem.said(ProblemKind.CUSTOM_CODE,
                                     _msg("problem.custom_code", **_names(code))))
    if pickles and not has_safetensors:
        problems.append(Problem.said(ProblemKind.PICKLE_ONLY,
                                     _msg("problem.pickle_only", **_names(pickles))))
    return problems
