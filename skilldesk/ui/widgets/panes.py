"""Two panes side by side (or one above the other) that the user can resize but never collapse."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget


def resizable_panes(
    first: QWidget,
    second: QWidget,
    *,
    sizes: tuple[int, int],
    stretch: tuple[int, int],
    vertical: bool = False,
) -> QSplitter:
    """`sizes`: the panes' first sizes in pixels; `stretch`: how they share the room the window
    gains or loses (a pane with 0 keeps its size beside one with more)."""
    splitter = QSplitter(Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal)
    splitter.addWidget(first)
    splitter.addWidget(second)
    for index, factor in enumerate(stretch):
        splitter.setStretchFactor(index, factor)
    splitter.setSizes(list(sizes))
    splitter.setChildrenCollapsible(False)
    return splitter
