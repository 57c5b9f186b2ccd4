"""Cache inventory: the scan-result model, the scanner, its index and scan events.

``scan``/``Scanner`` run in-process; ``scan_events`` runs the same scan in a child
process and yields typed events, so that a GUI never stalls on it.
"""

from hfmanager.core.inventory.events import (
    RepoScanned,
    ScanEvent,
    ScanFailed,
    ScanFinished,
    ScanStarted,
    TorchScanned,
    scan_events,
)
from hfmanager.core.inventory.kinds import kind_of_name, kind_of_path
from hfmanager.core.inventory.model import (
    CachedFile,
    FileKind,
    IncompleteDownload,
    Inventory,
    Problem,
    ProblemKind,
    Repo,
    RepoSummary,
    RepoType,
    Revision,
    Severity,
    TorchEntry,
    TorchEntryKind,
)
from hfmanager.core.inventory.scanner import (
    Scanner,
    default_index_path,
    load_last_inventory,
    scan,
    scan_repo,
)
from hfmanager.core.paths import CacheRoot, RootKind

__all__ = [
    "CacheRoot", "CachedFile", "FileKind", "IncompleteDownload", "Inventory", "Problem",
    "ProblemKind", "Repo", "RepoScanned", "RepoSummary", "RepoType", "Revision", "RootKind",
    "ScanEvent", "ScanFailed", "ScanFinished", "ScanStarted", "Scanner", "Severity",
    "TorchEntry", "TorchEntryKind", "TorchScanned", "default_index_path", "kind_of_name",
    "kind_of_path", "load_last_inventory", "scan", "scan_events", "scan_repo",
]
