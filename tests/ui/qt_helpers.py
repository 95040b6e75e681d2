"""Reaching into widgets in UI tests: what Qt types as optional, a test expects to be there."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QStackedWidget, QTableWidget, QTableWidgetItem, QWidget

W = TypeVar("W", bound=QWidget)


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item in a cell; a missing one fails the test where it was looked for."""
    item = table.item(row, column)
    assert item is not None, f"no item at row {row}, column {column}"
    return item


def child(parent: QWidget, kind: type[W]) -> W:
    """The first child widget of a kind; a missing one fails the test where it was looked for."""
    found = parent.findChild(kind)
    assert isinstance(found, kind), f"no {kind.__name__} inside {type(parent).__name__}"
    return found


def current(stack: QStackedWidget, kind: type[W]) -> W:
    """The page a stack shows, checked to be of the kind the test expects."""
    page = stack.currentWidget()
    assert isinstance(page, kind), f"the current page is {type(page).__name__}, not {kind.__name__}"
    return page
