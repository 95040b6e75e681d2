"""The roster table model at full size: 50,000 candidates load, show, mark and filter correctly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from skilldesk.core.fields import ATTRS
from skilldesk.core.findings import ERROR, WARNING, Finding
from skilldesk.services.roster import CandidateEdit, RosterTable
from skilldesk.ui.models.roster_model import (
    ERROR_BACKGROUND,
    WARNING_BACKGROUND,
    RosterFindingsModel,
    RosterTableModel,
)

ROWS = 50_000
COL = {attr: i for i, attr in enumerate(ATTRS)}


def big_table() -> RosterTable:
    rows: list[list[Any]] = []
    findings: list[list[Finding]] = []
    for i in range(ROWS):
        values: list[Any] = [None] * len(ATTRS)
        values[COL["name"]] = f"考生{i:05d}" if i != 31_337 else "欧阳明"
        values[COL["id_number"]] = f"3308{i:014d}"
        values[COL["birth_date"]] = dt.date(1990, 1, 1) + dt.timedelta(days=i % 3000)
        values[COL["phone"]] = f"138{i:08d}"
        rows.append(values)
        row_findings = []
        if i % 100 == 0:
            row_findings.append(Finding("PHONE_FORMAT", ERROR, "手机号码应为11位。", i, "手机号码"))
        if i % 250 == 0:
            row_findings.append(
                Finding("EMAIL_FORMAT", WARNING, "电子邮箱格式不对。", i, "电子邮箱")
            )
        findings.append(row_findings)
    return RosterTable(7, ATTRS, list(range(1, ROWS + 1)), rows, findings)


def test_fifty_thousand_rows_load_and_filter(qtmodeltester: Any) -> None:
    model = RosterTableModel()
    model.set_table(big_table())

    assert model.rowCount() == ROWS
    assert model.columnCount() == len(ATTRS)
    assert model.headerData(COL["id_number"], Qt.Orientation.Horizontal) == "证件号码"
    assert model.headerData(41, Qt.Orientation.Vertical) == "42"
    assert model.data(model.index(3, COL["birth_date"])) == "1990-01-04"
    assert model.data(model.index(5, COL["email"])) == ""
    assert model.error_count == ROWS // 100
    assert model.warning_count == ROWS // 250

    phone = model.index(200, COL["phone"])
    assert model.data(phone, Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    assert "手机号码应为11位" in model.data(phone, Qt.ItemDataRole.ToolTipRole)
    email = model.index(250, COL["email"])
    assert model.data(email, Qt.ItemDataRole.BackgroundRole) == WARNING_BACKGROUND
    assert model.data(model.index(201, COL["phone"]), Qt.ItemDataRole.BackgroundRole) is None

    model.set_filter("欧阳")
    assert model.rowCount() == 1
    assert model.data(model.index(0, COL["name"])) == "欧阳明"
    assert model.headerData(0, Qt.Orientation.Vertical) == "31338"

    model.set_filter("33080000000000049")  # an ID prefix: rows 490–499
    assert model.rowCount() == 10
    assert model.table_row(0) == 490
    assert model.view_row(495) == 5
    assert model.view_row(10) is None

    model.set_filter("  ")
    assert model.rowCount() == ROWS
    qtmodeltester.check(_small_copy())


def test_findings_list_puts_errors_first_and_names_the_row() -> None:
    model = RosterTableModel()
    model.set_table(big_table())
    cells = model.cell_findings()
    assert len(cells) == ROWS // 100 + ROWS // 250
    assert all(c.is_error for c in cells[: ROWS // 100])
    assert not cells[-1].is_error

    findings = RosterFindingsModel()
    findings.set_findings(cells, model.labels)
    assert findings.data(findings.index(1)) == "第101行 手机号码：手机号码应为11位。"


def test_a_saved_edit_replaces_the_rows_findings_and_an_unsaved_one_restores() -> None:
    model = RosterTableModel()
    model.set_table(big_table())
    requested: list[tuple[int, str, str]] = []
    model.edit_requested.connect(lambda *args: requested.append(args))

    index = model.index(100, COL["phone"])
    assert model.setData(index, " 13912345678 ")
    assert requested == [(101, "phone", "13912345678")]
    values = dict(zip(ATTRS, model._rows[100], strict=True))
    model.apply_edit(101, "phone", CandidateEdit(True, values, []))
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is None
    assert model.error_count == ROWS // 100 - 1

    name = model.index(7, COL["name"])
    assert model.setData(name, "张三")
    model.apply_edit(8, "name", CandidateEdit(False, {}, [], "未保存"))
    assert model.data(name) == "考生00007"
    assert not model.setData(name, "考生00007")  # unchanged text asks for nothing


def _small_copy() -> RosterTableModel:
    table = big_table()
    small = RosterTable(
        1, table.columns, table.candidate_ids[:50], table.rows[:50], table.findings[:50]
    )
    model = RosterTableModel()
    model.set_table(small)
    return model
