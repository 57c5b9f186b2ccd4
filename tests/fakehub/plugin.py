"""pytest fixtures for the fake Hub (registered by tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from fakehub.server import FakeHub


@pytest.fixture
def fake_hub() -> Iterator[FakeHub]:
    """A running fake Hub + CDN on loopback for one test; closed afterwards."""
    hub = FakeHub()
    try:
        yield hub
    finally:
        hub.close()


@pytest.fixture
def fake_hub_factory() -> Iterator[Callable[..., FakeHub]]:
    """Make extra hubs (e.g. a second 'mirror', or a small ``tree_page_size``)."""
    hubs: list[FakeHub] = []

    def make(**kwargs: Any) -> FakeHub:
        hub = FakeHub(**kwargs)
        hubs.append(hub)
        return hub

    yield make
    for hub in hubs:
        hub.close()
