"""`hfmanager offline REPO_ID`: will `from_pretrained(REPO_ID)` work with HF_HUB_OFFLINE=1?

Decided from the cache alone, as the loaders read it (transformers AutoModel and
AutoTokenizer, sentence-transformers, diffusers, timm `hf-hub:`): the ref resolves to a
snapshot, the config, weights, every shard an index names and the tokenizer files are
there and not broken links; `.no_exist` entries and the commit's file list say which
absent files matter. Prints READY, or each missing file and why with the command that
fetches exactly those files; then the snippet to use it offline (the environment, keeping
it under sudo, the snapshot folder, the Python lines).
Exit status: 0 ready offline, 1 not ready, 2 not in the cache or usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from pathlib import Path

EXIT_READY, EXIT_NOT_READY, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("offline", help="will it load offline? (HF_HUB_OFFLINE=1)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("repo", metavar="REPO_ID", help="org/name, as given to from_pretrained")
    p.add_argument("--revision", default="main", help="branch, tag or commit (default: main)")
    p.add_argument("--cache-dir", type=Path, default=None,
                   help="hub cache (default: the one loaders use, HF_HUB_CACHE / HF_HOME)")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.set_defaults(func=run)


def _download_command(repo: str, commit: str, files: list[str]) -> str:
    parts = ["hfmanager", "download", repo, "--revision", commit]
    for f in files:
        parts += ["--include", f]
    return shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    from hfmanager.core import paths
    from hfmanager.core.loadtest import offline, offline_use

    repo = str(args.repo).strip()
    if not repo or repo.startswith("/") or ".." in repo.split("/") or "\\" in repo:
        print(f"hfmanager offline: not a repo id: {repo!r}", file=sys.stderr)
        return EXIT_USAGE
    cache = (args.cache_dir.expanduser() if args.cache_dir is not None
             else paths.hf_hub_cache_root(os.environ).path)
    verdict = offline.check(str(cache.absolute()), repo, args.revision)
    headline = offline_use.verdict_msg(verdict, str(cache))
    code = (EXIT_USAGE if not verdict.cached
            else EXIT_READY if verdict.ready else EXIT_NOT_READY)
    snippet = offline_use.snippet(verdict) if verdict.cached else ""
    command = (_download_command(repo, verdict.commit, verdict.fetch())
               if verdict.commit and verdict.fetch() else "")
    if args.json:
        json.dump(verdict.to_json() | {"verdict": headline.text(), **headline.to_json(),
                                       "download_command": command, "snippet": snippet},
                  sys.stdout, indent=2)
        print()
        return code
    if not verdict.cached:
        print(f"hfmanager offline: {headline.text()}", file=sys.stderr)
        return code
    print(("READY  " if verdict.ready else "NOT READY  ") + headline.text())
    for m in verdict.missing:
        print(f"  - {m.msg.text()}")
    if command:
        print(f"\nFetch exactly what is missing:\n  {command}")
    print(f"\n{snippet}", end="")
    return code
