"""``hfmanager import`` and ``hfmanager export``: hand-downloaded folders in, snapshots out.

import: the files of FOLDER become a cached revision of REPO_ID that loaders find by the
repo id offline. When the Hub (the configured endpoint) answers, the files are checked
against the revision's listing and take its commit. When they do not all match, the
revision's history is searched (newest first, up to 50 commits) for the commit they
are: an older commit is imported under its id with no ref (as a download of that
commit), so load it with revision=<commit>. A file the chosen commit does not have (or
has with other content) is reported and not imported; one no examined commit has is
named as such. Offline (--offline,
HF_HUB_OFFLINE, no connection, or a gated repo without a token) the files become a
local revision (refs/hfm-local); run ``hfmanager import --repo REPO_ID --reconcile``
later, online, to swap it for the Hub's commit.
Exit status: 0 everything imported, 1 some files were not (listed), 2 usage error or
nothing imported, 3 the cache could not be written (nothing changed, sources untouched).

export: the snapshot as a plain folder of real files (reflinks where the file system
allows, else copies; --link makes hard links: no space used, but editing an exported
file in place edits the cache). DEST must be new or empty.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_WRITE = 0, 1, 2, 3
_REASONS = {"differs": "content differs from the revision's file",
            "not_in_revision": "not in the revision", "bad_name": "not a valid repo path"}


def register(sub: Any) -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser("import", help="put a folder of downloaded files into the cache",
                       description=__doc__, formatter_class=fmt)
    p.add_argument("folder", nargs="?", type=Path, metavar="FOLDER")
    p.add_argument("--repo", required=True, metavar="REPO_ID", help="org/name on the Hub")
    _common(p)
    how = p.add_mutually_exclusive_group()
    how.add_argument("--copy", dest="mode", action="store_const", const="copy",
                     help="copy the files (default)")
    how.add_argument("--link", dest="mode", action="store_const", const="link",
                     help="hard-link the files (same file system; else copied)")
    how.add_argument("--move", dest="mode", action="store_const", const="move",
                     help="move the files (removed from FOLDER once all are in place)")
    p.add_argument("--offline", action="store_true", help="do not ask the Hub")
    p.add_argument("--reconcile", action="store_true",
                   help="swap the repo's local revision for the Hub's commit (no FOLDER)")
    p.set_defaults(func=run_import, mode="copy")

    e = sub.add_parser("export", help="copy a cached snapshot out as a plain folder",
                       description=__doc__, formatter_class=fmt)
    e.add_argument("repo", metavar="REPO_ID")
    e.add_argument("dest", type=Path, metavar="DEST")
    _common(e)
    how = e.add_mutually_exclusive_group()
    how.add_argument("--copy", dest="mode", action="store_const", const="copy",
                     help="real copies, reflinked where possible (default)")
    how.add_argument("--link", dest="mode", action="store_const", const="link",
                     help="hard links to the cached files (else copies)")
    e.set_defaults(func=run_export, mode="copy")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--revision", default="main", help="branch, tag or commit (default main)")
    p.add_argument("--repo-type", default="model", choices=("model", "dataset", "space"))
    p.add_argument("--cache-dir", type=Path, default=None,
                   help="the hub cache (default: HF_HUB_CACHE / HF_HOME's)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _cache(args: argparse.Namespace) -> Path:
    from hfmanager.core import paths

    return Path(args.cache_dir).expanduser() if args.cache_dir else paths.hf_hub_cache_root().path


class _Bar:
    """A one-line progress display on stderr (a terminal only)."""

    def __init__(self, quiet: bool) -> None:
        self.on = not quiet and sys.stderr.isatty()
        self.last = -1

    def __call__(self, what: str, done: int, total: int) -> None:
        pct = 100 * done // total if total else 100
        if self.on and pct != self.last:
            self.last = pct
            print(f"\r{what} {pct:3d}%", end="", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.on and self.last >= 0:
            print(file=sys.stderr)


def _fail(cmd: str, as_json: bool, message: str, code: int) -> int:
    if as_json:
        print(json.dumps({"error": message}))
    else:
        print(f"hfmanager {cmd}: {message}", file=sys.stderr)
    return code


def _net(args: argparse.Namespace) -> Any:
    if args.offline:
        return None
    from hfmanager.core import network
    from hfmanager.core.settings import Settings

    return network.resolve(Settings.load())


def run_import(args: argparse.Namespace) -> int:
    from hfmanager.core import errors
    from hfmanager.core.transfer import importer, reconcile

    bar = _Bar(args.json)
    step = {"hash": "hashing", "place": "placing"}
    tick = lambda phase, d, t: bar(step[phase], d, t)  # noqa: E731
    try:
        if args.reconcile:
            if args.offline or args.folder is not None:
                return _fail("import", args.json, "--reconcile takes no FOLDER and "
                             "needs the Hub (no --offline)", EXIT_USAGE)
            result = reconcile.reconcile(_cache(args), args.repo, _net(args),
                                         repo_type=args.repo_type, revision=args.revision,
                                         progress=tick)
        elif args.folder is None:
            return _fail("import", args.json, "FOLDER is needed (or --reconcile)", EXIT_USAGE)
        else:
            result = importer.import_folder(args.folder, _cache(args), args.repo,
                                            repo_type=args.repo_type, revision=args.revision,
                                            mode=args.mode, net=_net(args), progress=tick)
    except (importer.ImportFolderError, errors.DownloadError, ValueError) as exc:
        bar.end()
        return _fail("import", args.json, str(exc), EXIT_USAGE)
    except OSError as exc:
        bar.end()
        return _fail("import", args.json, f"{exc} (nothing was imported; the folder's "
                     "files are where they were)", EXIT_WRITE)
    bar.end()
    _report_import(result, args.json)
    if not result.imported:
        return EXIT_USAGE
    return EXIT_REJECTED if result.rejected else EXIT_OK


def _report_import(result: Any, as_json: bool) -> None:
    from hfmanager.core.text import human_size

    if as_json:
        print(json.dumps(result.to_json(), indent=2))
        return
    where = (f"local revision {result.commit} (not checked against the Hub: "
             f"{result.why_local})" if result.local else f"commit {result.commit}")
    ref = f", refs/{result.revision}" if result.revision else ""
    print(f"{result.repo_id}: {len(result.imported)} file(s), "
          f"{human_size(result.size)} imported as {where}{ref}")
    _report_search(result)
    if result.reconciled:
        print(f"  replaces the local revision {result.reconciled}")
    for r in result.rejected:
        nowhere = ("; no examined commit has it"
                   if r.path in result.unmatched and result.searched > 1 else "")
        print(f"  NOT IMPORTED {r.path}: {_REASONS.get(r.reason, r.reason)}{nowhere}")
    if result.missing:
        print(f"  the revision has {len(result.missing)} more file(s) not in the folder "
              f"(e.g. {', '.join(result.missing[:3])}): `hfmanager download "
              f"{result.repo_id}` fetches them")
    if result.removed_sources:
        print(f"  {result.removed_sources} source file(s) moved")
    print(f"  snapshot: {result.snapshot}")


def _report_search(result: Any) -> None:
    """The commit search, when it looked past the revision's head."""
    if result.head and result.commit != result.head:
        tail = ("" if result.revision else
                f"; no ref written: load it with revision=\"{result.commit}\"")
        print(f"  an older commit than the revision's head {result.head} (found among "
              f"{result.searched} commits){tail}")
    if result.search_limited:
        print(f"  only the newest {result.searched} commits were examined")
    if result.search_error:
        print(f"  the commit search stopped early: {result.search_error}")


def run_export(args: argparse.Namespace) -> int:
    from hfmanager.core.text import human_size
    from hfmanager.core.transfer import exporter

    bar = _Bar(args.json)
    try:
        result = exporter.export_snapshot(_cache(args), args.repo, args.dest,
                                          repo_type=args.repo_type, revision=args.revision,
                                          mode=args.mode,
                                          progress=lambda d, t, _f: bar("exporting", d, t))
    except exporter.ExportError as exc:
        bar.end()
        return _fail("export", args.json, str(exc), EXIT_USAGE)
    except OSError as exc:
        bar.end()
        return _fail("export", args.json, f"{exc} (what was written is removed again)",
                     EXIT_WRITE)
    bar.end()
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        how = ", ".join(f"{n} {m}" for m, n in sorted(result.methods.items()))
        print(f"{args.repo}@{result.commit}: {len(result.files)} file(s), "
              f"{human_size(result.size)} exported to {result.dest} ({how})")
    return EXIT_OK
