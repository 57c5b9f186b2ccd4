"""How to use a cached repo offline: the verdict in one line, and the snippet to copy
(the environment, keeping it under sudo, the snapshot folder, the Python lines).

sudo resets the environment (``env_reset``) and points ``~`` at root's home, so a script
run with sudo looks in /root/.cache/huggingface and goes online: the snippet names the
cache by its absolute path and shows the three ways to keep the variables.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping

from hfmanager.core import paths
from hfmanager.core.loadtest.offline import OfflineVerdict
from hfmanager.core.messages import Msg, msg

SUDOERS_LINE = 'Defaults env_keep += "HF_HUB_OFFLINE HF_HOME HF_HUB_CACHE"'


def verdict_msg(v: OfflineVerdict, cache: str = "") -> Msg:
    """The verdict in one line."""
    if not v.cached:
        return msg("offline.not_cached", repo=v.repo_id, cache=cache)
    if v.ready:
        return msg("offline.ready", repo=v.repo_id, revision=v.revision,
                   commit=(v.commit or "")[:12])
    return msg("offline.not_ready", repo=v.repo_id, revision=v.revision, n=len(v.missing))


def cache_env(v: OfflineVerdict, env: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(variable, absolute value) that points a loader at this repo's cache: HF_HOME when
    the cache is HF_HOME's own hub folder, else HF_HUB_CACHE."""
    root = os.path.dirname(os.path.abspath(v.repo_path or ""))
    home = str(paths.hf_home(env)[0].expanduser().absolute())
    if os.path.normpath(root) == os.path.normpath(os.path.join(home, "hub")):
        return "HF_HOME", home
    return "HF_HUB_CACHE", root


def python_lines(v: OfflineVerdict, source: str | None = None) -> list[str]:
    """The Python that loads it: by repo id, or from ``source`` (a folder) when given."""
    name = source or v.repo_id
    rev = f', revision="{v.revision}"' if source is None and v.revision != "main" else ""
    arg = f'"{name}"{rev}'
    if "sentence_transformers" in v.loaders:
        return ["from sentence_transformers import SentenceTransformer",
                f"model = SentenceTransformer({arg})"]
    if "diffusers" in v.loaders:
        return ["from diffusers import DiffusionPipeline",
                f"pipe = DiffusionPipeline.from_pretrained({arg})"]
    if "timm" in v.loaders:
        ref = f"local-dir:{name}" if source else f"hf-hub:{name}" + (
            f"@{v.revision}" if v.revision != "main" else "")
        return ["import timm", f'model = timm.create_model("{ref}", pretrained=True)']
    lines = ["from transformers import AutoModel, AutoTokenizer",
             f"model = AutoModel.from_pretrained({arg})"]
    snap = v.snapshot_path or ""
    if any(os.path.exists(os.path.join(snap, n)) for n in ("tokenizer.json",
                                                            "tokenizer_config.json")):
        lines.append(f"tokenizer = AutoTokenizer.from_pretrained({arg})")
    return lines


def snippet(v: OfflineVerdict, env: Mapping[str, str] | None = None) -> str:
    """Shell and Python to copy: offline mode, under sudo, the folder, the Python lines."""
    var, value = cache_env(v, env)
    keep = f"{var}={shlex.quote(value)}"
    lines = ["# Offline for this shell and the programs it starts:",
             "export HF_HUB_OFFLINE=1", f"export {keep}", "python your_script.py", "",
             "# sudo drops these variables (and ~ becomes /root): keep them",
             "sudo -E python your_script.py",
             f"sudo env HF_HUB_OFFLINE=1 {keep} python your_script.py",
             "# or for good, in a file made with: sudo visudo -f /etc/sudoers.d/huggingface",
             SUDOERS_LINE]
    if v.snapshot_path:
        lines += ["", "# Or skip the Hub entirely: load the snapshot folder itself",
                  v.snapshot_path]
    lines += ["", "# Python", "import os",
              'os.environ["HF_HUB_OFFLINE"] = "1"  # before importing the Hub libraries',
              *python_lines(v)]
    if v.snapshot_path:
        lines += ["# or, from the folder:", *python_lines(v, v.snapshot_path)[1:]]
    return "\n".join(lines) + "\n"
