"""Single files by URL (a torch hub checkpoint, or any http(s) file): how they are told
apart from Hub URLs, what they are called on disk and which hash their name promises.

The name and the hash follow ``torch.hub`` exactly, so that a file fetched here is the
file ``torch.hub.load_state_dict_from_url(url, check_hash=True)`` finds and accepts:
the name is the last segment of the URL's path, as is (``os.path.basename(urlparse(url)
.path)``), and the hash prefix is the first match of torch's ``HASH_REGEX`` in it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hfmanager.core import cachespec as cs
from hfmanager.core import paths
from hfmanager.core.messages import MessageError

URL_KIND = "url"  # DownloadSpec.repo_type of a job for one file by URL
# torch/hub.py: HASH_REGEX = re.compile(r'-([a-f0-9]*)\.'), used with .search().
HASH_REGEX = re.compile(r"-([a-f0-9]*)\.")
# Hosts whose URLs are always Hub URLs (a repo page or a file in a repo).
HUB_HOSTS = frozenset({"huggingface.co", "hf.co", "hf-mirror.com"})
_HUB_MARKS = ("tree", "blob", "resolve")
# A last path segment that names a file: it ends with an extension that has a letter
# ("model.pth", "x.tar.gz"), which repo names such as "phi-1.5" or "Qwen2.5-7B" do not.
_FILE_EXT = re.compile(r"\.[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$")
_NAME_MAX = 255


def is_hub_url(text: str) -> bool:
    """Whether an http(s) URL names a Hub repo or a file in one (``/tree``, ``/blob``,
    ``/resolve``; a Hub host; or a bare ``org/name`` path) rather than a plain file."""
    url = urlsplit(text.strip())
    parts = [unquote(p) for p in url.path.split("/") if p]
    if (url.hostname or "").lower() in HUB_HOSTS:
        return True
    if parts and parts[0] in ("datasets", "spaces"):
        parts = parts[1:]
    if any(p in _HUB_MARKS for p in parts[1:3]):
        return True
    if not parts or len(parts) > 3:
        return not parts
    return not _FILE_EXT.search(parts[-1])


def file_name(url: str) -> str:
    """The name torch.hub gives the download of ``url``; ValueError when it is not a
    usable file name (empty, a dot name, a separator, a control character, too long)."""
    name = os.path.basename(urlsplit(url).path)
    if not name or name in (".", "..") or "\\" in name or "\0" in name \
            or not name.isprintable() or len(name.encode("utf-8", "replace")) > _NAME_MAX \
            or cs.is_partial_name(name):
        raise MessageError("download.url_no_file", url=url[:200])
    return name


def hash_prefix(name: str) -> str | None:
    """The sha256 prefix torch.hub checks for a file called ``name`` (None: no check)."""
    match = HASH_REGEX.search(name)
    return match.group(1) if match else None


def checkpoints_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$TORCH_HOME/hub/checkpoints``: where torch.hub looks for downloaded weights."""
    return paths.torch_hub_root(env).path / "checkpoints"


def check_url(text: str) -> str:
    """``text`` as an http(s) URL with a host; ValueError otherwise."""
    url = text.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MessageError("download.not_http", url=url[:200])
    return url
