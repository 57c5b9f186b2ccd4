"""The speed probe ranks endpoints: a fake Hub whose API answers late comes after a prompt
one, whatever order they were given in; an unreachable one comes last. Only the ORDER is
asserted (the delay is large next to a loopback answer), never a time."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable

import pytest
from fakehub import FakeHub, Fault

from hfmanager.core.network.rank import rank_endpoints

DELAY = 1.5  # seconds before the slow hub answers its API: loopback answers take ms


def _dead_url() -> str:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def _hubs(factory: Callable[..., FakeHub]) -> tuple[FakeHub, FakeHub]:
    fast, slow = factory(), factory()
    slow.faults.set(Fault(delay=DELAY, route="info"))
    return fast, slow


def test_the_slow_endpoint_ranks_after_the_fast_one(
        fake_hub_factory: Callable[..., FakeHub]) -> None:
    fast, slow = _hubs(fake_hub_factory)
    dead = _dead_url()
    ranks = rank_endpoints([dead, slow.url, fast.url], timeout=30)
    assert [r.url for r in ranks] == [fast.url, slow.url, dead]
    assert [r.ok for r in ranks] == [True, True, False]
    assert ranks[0].throughput
    assert ranks[1].throughput
    assert ranks[2].throughput is None
    # Nothing of the probe carries a token.
    assert fast.tokens_seen() == {}
    assert slow.tokens_seen() == {}


def test_cli_endpoints_probe_json(fake_hub_factory: Callable[..., FakeHub],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    from hfmanager.cli import main

    fast, slow = _hubs(fake_hub_factory)
    assert main(["endpoints", "--endpoint", slow.url, "--endpoint", fast.url]) == 0
    assert capsys.readouterr().out.splitlines() == [f"1. {slow.url}", f"2. {fast.url}"]
    assert main(["endpoints", "--probe", "--json", "--endpoint", slow.url,
                 "--endpoint", fast.url]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["probed"] is True
    assert [(e["url"], e["ok"]) for e in out["endpoints"]] == [(fast.url, True),
                                                                (slow.url, True)]
    assert main(["endpoints", "--probe", "--endpoint", _dead_url(), "--timeout", "5"]) == 1
