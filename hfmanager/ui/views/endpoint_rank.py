"""The Downloads page's "Rank endpoints": the speed probe (core/network/rank) over the
endpoints a download would try, in the background (bridge.Op), then a box with the
ranking, fastest first, and a button that makes it the download order (the first
becomes the endpoint in force, the others its fallbacks)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from hfmanager.core import network
from hfmanager.core.network.rank import EndpointRank, rank_endpoints
from hfmanager.core.settings import Settings
from hfmanager.ui.bridge import Op
from hfmanager.ui.fmt import human_size


def ranking_text(ranks: list[EndpointRank]) -> str:
    """One line per endpoint, fastest first."""
    lines = []
    for i, r in enumerate(ranks, start=1):
        if r.ok and r.report.latency_ms is not None:
            line = QCoreApplication.translate("EndpointRank", "{n}. {url}: {ms} ms").format(
                n=i, url=r.url, ms=f"{r.report.latency_ms:.0f}")
            if r.throughput:
                line += f", {human_size(r.throughput)}/s"
        else:
            line = QCoreApplication.translate("EndpointRank", "{n}. {url}: not reachable").format(
                n=i, url=r.url)
        lines.append(line)
    return "\n".join(lines)


def start(parent: QWidget, settings: Settings,
          done: Callable[[QMessageBox], None] | None = None) -> Op[list[EndpointRank]]:
    """Probe in a thread; show the ranking when it is in (``done`` gets the box)."""
    try:
        net = network.resolve(settings)
    except ValueError:
        net = network.NetConfig()
    urls = list(net.endpoints)
    proxies = net.proxies

    def show(ranks: list[EndpointRank]) -> None:
        box = QMessageBox(QMessageBox.Icon.Information,
                          QCoreApplication.translate("EndpointRank", "Endpoints, fastest first"),
                          ranking_text(ranks), QMessageBox.StandardButton.Close, parent)
        use = box.addButton(QCoreApplication.translate("EndpointRank", "Use this order"),
                            QMessageBox.ButtonRole.AcceptRole)
        use.setEnabled(any(r.ok for r in ranks))
        use.clicked.connect(lambda: use_order(settings, [r.url for r in ranks if r.ok]))
        box.open()  # never exec() (qasync)
        if done is not None:
            done(box)

    return Op(parent, lambda: rank_endpoints(urls, proxies), show).run()


def use_order(settings: Settings, urls: list[str]) -> None:
    """The first URL becomes the endpoint in force, the rest its fallbacks, in order."""
    if not urls:
        return
    settings.endpoint = urls[0]
    settings.fallback_endpoints = urls[1:]
    settings.save()
