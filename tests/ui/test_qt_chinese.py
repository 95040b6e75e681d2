"""Qt's own dialogs speak Chinese: Qt 6's file dialog labels that its zh_CN translation lacks
("&Look in:", "Files of &type:") included; and no half-width "?" in a Chinese sentence."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QMessageBox

from skilldesk.app import install_qt_translations

HAN = re.compile(r"[\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parents[2] / "skilldesk"


@pytest.mark.parametrize(
    "accept", [QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave]
)
@pytest.mark.parametrize(
    "mode", [QFileDialog.FileMode.ExistingFile, QFileDialog.FileMode.Directory]
)
def test_the_file_dialog_has_no_english_words(
    qtbot: Any, qapp: Any, accept: QFileDialog.AcceptMode, mode: QFileDialog.FileMode
) -> None:
    assert install_qt_translations(qapp) is not None
    dialog = QFileDialog(None, "选择")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # Qt's own, as on Linux
    dialog.setFileMode(mode)
    dialog.setAcceptMode(accept)
    qtbot.addWidget(dialog)
    dialog.show()
    english = [
        widget.text()
        for widget in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
        if re.search("[A-Za-z]{2,}", widget.text()) and not HAN.search(widget.text())
    ]
    assert english == []


def test_message_box_buttons_are_chinese(qtbot: Any, qapp: Any) -> None:
    install_qt_translations(qapp)
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Question, "t", "x", buttons.Yes | buttons.No | buttons.Cancel
    )
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["是(&Y)", "否(&N)", "取消"])


def test_no_half_width_question_mark_in_a_chinese_sentence() -> None:
    # "吗?", "吗 ?", "…（进程 {pid or '?'}": a half-width mark right after Chinese text.
    sentence_with_ascii_question = re.compile(r"[\u4e00-\u9fff（），：。]\s?\?")
    found = []
    for path in ROOT.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if sentence_with_ascii_question.search(line) or re.search(
                r"[\u4e00-\u9fff（]\s*\{[^}]*'\?'", line
            ):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []
