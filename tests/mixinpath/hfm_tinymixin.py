"""A user's own PyTorchModelHubMixin package, for ``--class`` tests: the load worker
imports it from PYTHONPATH (this folder), the way it would from the user's environment."""

from __future__ import annotations

import torch
from huggingface_hub import PyTorchModelHubMixin


class TinyMixinNet(torch.nn.Module, PyTorchModelHubMixin):  # type: ignore[misc]
    """Token ids -> embeddings -> a few linear layers; every argument is required."""

    def __init__(self, vocab: int, width: int, depth: int) -> None:
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, width)
        self.layers = torch.nn.Sequential(*[torch.nn.Linear(width, width) for _ in range(depth)])

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.layers(self.embed(ids))  # type: ignore[no-any-return]


class WrongNet(torch.nn.Module, PyTorchModelHubMixin):  # type: ignore[misc]
    """Another class pointed at TinyMixinNet's config: it wants keys the config lacks."""

    def __init__(self, width: int, n_heads: int, dropout: float = 0.1) -> None:
        super().__init__()
        self.proj = torch.nn.Linear(width, width * n_heads)


def build(folder: str) -> int:
    """Save a TinyMixinNet with save_pretrained; return its parameter count."""
    torch.manual_seed(0)
    model = TinyMixinNet(vocab=64, width=16, depth=2)
    model.save_pretrained(folder)
    return sum(p.numel() for p in model.parameters())
