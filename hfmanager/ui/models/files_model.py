"""A revision's files as a tree: grouped by kind, weight shards under their index."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from hfmanager.core.inventory.model import CachedFile, FileKind, Problem, ProblemKind, Revision
from hfmanager.ui import icons, theme
from hfmanager.ui.fmt import human_size
from hfmanager.ui.messages import problem_text
from hfmanager.ui.models.roles import ObjectRole, SortRole

_Index = QModelIndex | QPersistentModelIndex
# Weights first: that is what people look for in a model repo.
GROUP_ORDER = (FileKind.WEIGHTS, FileKind.SHARD_INDEX, FileKind.CONFIG, FileKind.TOKENIZER,
               FileKind.CUSTOM_CODE, FileKind.DOCS, FileKind.OTHER)
_FILE_PROBLEMS = frozenset({ProblemKind.CORRUPT_BLOB, ProblemKind.BROKEN_LINK})
_INDEX_RX = re.compile(r"^(?P<base>.+)\.(?P<ext>[A-Za-z0-9]+)\.index\.json$")


@dataclass(eq=False)
class Node:
    """A tree node: a kind group, a file, or a shard under its index file."""

    label: str
    kind: FileKind
    size: int = 0
    file: CachedFile | None = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    pos: int = 0  # row under the parent, kept so parent() is O(1) in big folders
    total: int = 0  # own size plus the subtree's, computed once when the tree is built

    def add(self, child: Node) -> Node:
        child.parent = self
        child.pos = len(self.children)
        self.children.append(child)
        return child


def shards_of(index_file: CachedFile, files: list[CachedFile]) -> list[CachedFile]:
    """The shards an index names by the transformers convention: ``base-00001-of-00003.ext``.

    Matched by name, without opening the index, so building the tree costs no I/O.
    """
    folder, _, name = index_file.path.rpartition("/")
    m = _INDEX_RX.match(name)
    if not m:
        return []
    rx = re.compile(rf"^{re.escape(m['base'])}-\d+-of-\d+\.{re.escape(m['ext'])}$")
    prefix = f"{folder}/" if folder else ""
    return [f for f in files if f.path.startswith(prefix)
            and "/" not in f.path[len(prefix):] and rx.match(f.path[len(prefix):])]


def build_tree(revision: Revision | None, group_names: dict[FileKind, str]) -> Node:
    root = Node("", FileKind.OTHER)
    if revision is None:
        return root
    files = sorted(revision.files, key=lambda f: f.path.lower())
    placed: set[str] = set()
    index_nodes: list[tuple[Node, list[CachedFile]]] = []
    for f in files:
        if f.kind == FileKind.SHARD_INDEX:
            shards = shards_of(f, files)
            if shards:
                index_nodes.append((Node(f.path, f.kind, f.size, f), shards))
                placed.update(s.path for s in shards)
                placed.add(f.path)
    groups: dict[FileKind, Node] = {k: Node(group_names[k], k) for k in GROUP_ORDER}
    for node, shards in index_nodes:  # a sharded checkpoint is one weights entry
        for s in shards:
            node.add(Node(s.path.rpartition("/")[2], s.kind, s.size, s))
        groups[FileKind.WEIGHTS].add(node)
    for f in files:
        if f.path not in placed:
            groups[f.kind].add(Node(f.path, f.kind, f.size, f))
    for kind in GROUP_ORDER:
        group = groups[kind]
        if group.children:
            root.add(group)
    _fill_totals(root)
    return root


def _fill_totals(node: Node) -> int:
    node.total = node.size + sum(_fill_totals(c) for c in node.children)
    return node.total


class FilesModel(QAbstractItemModel):
    """Name / Size / Kind columns over :func:`build_tree`; reset when the revision changes."""

    COL_NAME, COL_SIZE, COL_KIND = range(3)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind_names = {
            FileKind.WEIGHTS: self.tr("Weights"), FileKind.SHARD_INDEX: self.tr("Shard index"),
            FileKind.CONFIG: self.tr("Config"), FileKind.TOKENIZER: self.tr("Tokenizer"),
            FileKind.CUSTOM_CODE: self.tr("Custom code"), FileKind.DOCS: self.tr("Docs"),
            FileKind.OTHER: self.tr("Other")}
        self._headers = (self.tr("Name"), self.tr("Size"), self.tr("Kind"))
        self._root = Node("", FileKind.OTHER)
        self._revision: Revision | None = None
        self._bad: dict[str, Problem] = {}

    def set_revision(self, revision: Revision | None) -> None:
        if revision is self._revision:
            return
        self.beginResetModel()
        self._revision = revision
        self._root = build_tree(revision, self._kind_names)
        self._bad = {p.path: p for p in (revision.problems if revision else ())
                     if p.kind in _FILE_PROBLEMS and p.path}
        self.endResetModel()

    def file_problem(self, file: CachedFile | None) -> Problem | None:
        """The corrupt-content or broken-link problem of this file, if any."""
        if file is None or not self._bad:
            return None
        return self._bad.get(file.blob_path or "") or self._bad.get(file.file_path)

    def revision(self) -> Revision | None:
        return self._revision

    def node(self, index: _Index) -> Node:
        return index.internalPointer() if index.isValid() else self._root  # type: ignore[no-any-return]

    # -- Qt API ------------------------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self.node(parent).children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        p = self.node(index).parent
        if p is None or p is self._root:
            return QModelIndex()
        return self.createIndex(p.pos, 0, p)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        n = self.node(index)
        col = index.column()
        total = n.total
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_NAME:
                if n.file is None:
                    return self.tr("{group} ({n})").format(group=n.label, n=len(n.children))
                return n.label
            if col == self.COL_SIZE:
                return human_size(total)
            return self._kind_names[n.kind] if n.file is not None else None
        if role == SortRole:
            return (n.label.lower(), float(total), n.kind.value)[col]
        if role == ObjectRole:
            return n.file
        problem = self.file_problem(n.file)
        if problem is not None and col == self.COL_NAME:
            if role == Qt.ItemDataRole.DecorationRole:
                return icons.icon("health-error")
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(theme.color(theme.Role.ERROR))
            if role == Qt.ItemDataRole.ToolTipRole:
                return problem_text(problem)
        if role == Qt.ItemDataRole.DecorationRole and col == self.COL_NAME:
            return icons.kind_icon(n.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and n.file is not None:
            tip = n.file.file_path
            if n.file.blob:
                tip += "\n" + self.tr("blob {blob}").format(blob=n.file.blob)
            return tip
        return None
