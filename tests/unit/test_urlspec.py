"""Telling a file URL from a Hub URL, and the name and hash prefix torch.hub would use."""

from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest

from hfmanager.core.downloads import urlspec
from hfmanager.core.downloads.plan import parse_source
from hfmanager.core.downloads.urlspec import URL_KIND, file_name, hash_prefix

TORCH_URL = "https://download.pytorch.org/models/resnet50-0676ba61.pth"


@pytest.mark.parametrize("url", [
    TORCH_URL,
    "https://github.com/x/y/releases/download/v1.0/weights-final.pt",
    "https://example.org/a/b/c/d/model.onnx",
    "http://127.0.0.1:8000/files/x-ab.bin",
    "https://example.org/model.safetensors?download=1",
])
def test_file_urls_become_url_jobs(url: str) -> None:
    spec = parse_source(url)
    assert (spec.repo_type, spec.url) == (URL_KIND, url)
    assert spec.repo_id == os.path.basename(urlparse(url).path)  # torch.hub's name


@pytest.mark.parametrize(("url", "repo_id"), [
    ("https://huggingface.co/org/name/resolve/main/model.pth", "org/name"),
    ("https://huggingface.co/gpt2/resolve/main/pytorch_model.bin", "gpt2"),
    ("https://hf-mirror.com/org/name", "org/name"),
    ("https://hf.co/datasets/org/data/blob/main/x.csv", "org/data"),
    ("http://127.0.0.1:8000/org/name", "org/name"),
    ("http://127.0.0.1:8000/org/name/resolve/main/weights.pth", "org/name"),
    ("https://mirror.example/microsoft/phi-1.5", "microsoft/phi-1.5"),
])
def test_hub_urls_keep_going_to_the_hub(url: str, repo_id: str) -> None:
    spec = parse_source(url)
    assert spec.url == ""
    assert spec.repo_id == repo_id


@pytest.mark.parametrize(("name", "prefix"), [
    ("resnet50-0676ba61.pth", "0676ba61"),
    ("efficientnet_b0_rwightman-7f5810bc.pth", "7f5810bc"),
    ("vit-b-16-c867db91.pth", "c867db91"),  # the first match, as re.search finds it
    ("model-final.pth", None),
    ("weights.bin", None),
    ("x-.pth", ""),  # torch checks an empty prefix: everything starts with it
])
def test_hash_prefix_as_torch_hub_reads_it(name: str, prefix: str | None) -> None:
    assert hash_prefix(name) == prefix


@pytest.mark.parametrize("url", [
    "https://example.org/", "https://example.org/dir/", "https://example.org/x.hfm-partial",
    "https://example.org/a%00b.pth/..",
])
def test_urls_without_a_usable_name_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="names no file"):
        file_name(url)


def test_checkpoints_dir_follows_torch_home(tmp_path) -> None:
    env = {"TORCH_HOME": str(tmp_path / "t")}
    assert urlspec.checkpoints_dir(env) == tmp_path / "t" / "hub" / "checkpoints"
