"""Print the conformance table: each layout huggingface_hub builds, what it and hfmanager say.

    python tests/benchmarks/conformance_report.py

The same layouts and checks as tests/integration/test_hf_conformance.py (which asserts
them); this prints the table (layout, check, huggingface_hub, hfmanager, verdict).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "tests")]
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from fakehub import FakeHub  # noqa: E402
from hfconformance import LAYOUTS, build, compare  # noqa: E402
from hfconformance_offline import offline_rows  # noqa: E402


def _short(value: object, width: int = 38) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory(prefix="conformance-") as tmp, FakeHub() as hub:
        for name in LAYOUTS:
            case, root = build(name, hub, Path(tmp))
            rows += compare(case, root)
        rows += offline_rows(hub, Path(tmp) / "offline")
    print(f"| {'layout':38} | {'check':44} | {'huggingface_hub':38} | {'hfmanager':38} | verdict |")
    print(f"|{'-' * 40}|{'-' * 46}|{'-' * 40}|{'-' * 40}|---------|")
    for r in rows:
        print(f"| {_short(r.layout):38} | {_short(r.check, 44):44} | {_short(r.hf):38} | "
              f"{_short(r.ours):38} | {r.verdict} |")
    agree = sum(r.agree for r in rows)
    more = sum(r.verdict.startswith("more:") for r in rows)
    print(f"\n{len(LAYOUTS)} layouts, {len(rows)} checks: {agree} agree, {more} where "
          f"hfmanager deliberately says more, {len(rows) - agree - more} differ")
    return 0 if agree + more == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
