"""hfmanager agrees with huggingface_hub on every cache huggingface_hub can produce.

Layouts are built by huggingface_hub itself (tests/hfconformance.py); each row of the
comparison must agree, or be one of the deliberate differences below, where hfmanager
says more than huggingface_hub (a corrupt repo listed with its problem instead of
dropped; an orphan found without trusting a manifest).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fakehub import FakeHub
from hfconformance import LAYOUTS, build, compare


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_layout_agrees_with_huggingface_hub(name: str, fake_hub: FakeHub,
                                            tmp_path: Path) -> None:
    case, root = build(name, fake_hub, tmp_path)
    rows = compare(case, root)
    bad = [r for r in rows if not (r.agree or r.verdict.startswith("more:"))]
    assert not bad, "\n".join(f"{r.check}: hf={r.hf!r} ours={r.ours!r}" for r in bad)


def test_our_downloads_read_offline_like_theirs(fake_hub: FakeHub, tmp_path: Path) -> None:
    from hfconformance_offline import offline_rows

    rows = offline_rows(fake_hub, tmp_path)
    bad = [r for r in rows if not r.agree]
    assert not bad, "\n".join(f"{r.layout} {r.check}: hf={r.hf!r} ours={r.ours!r}" for r in bad)
