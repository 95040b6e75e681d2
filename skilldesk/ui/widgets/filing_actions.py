"""The buttons that move a filing (a site or a scheme) through its states, each shown only where
the filing's status allows that move."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QBoxLayout, QMessageBox, QPushButton, QWidget

from skilldesk.core import filing


class FilingActions(QObject):
    """保存, 提交审核, 撤回, 平台已受理 and 录入审核结果; the page connects their clicks."""

    def __init__(self, what: str, parent: QObject | None = None) -> None:
        """`what` names the filing in the tooltips: `此考点备案`, `实施方案`."""
        super().__init__(parent)
        self.save_button = QPushButton(self.tr("保存"))
        self.submit_button = QPushButton(self.tr("提交审核"))
        self.withdraw_button = QPushButton(self.tr("撤回"))
        self.withdraw_button.setToolTip(self.tr("尚未上报省平台，撤回后成为草稿，可以修改"))
        self.received_button = QPushButton(self.tr("平台已受理"))
        self.received_button.setToolTip(
            self.tr("已在省平台上提交{what}、平台已受理时点击；之后不能再撤回").format(what=what)
        )
        self.review_button = QPushButton(self.tr("录入审核结果（代评价中心）…"))
        self.review_button.setToolTip(self.tr("与省平台同步之前，在此照实记下评价中心的审核结论"))

    def add_to(self, layout: QBoxLayout, *before_save: QWidget) -> None:
        """Add the buttons to `layout` in their order on every filing page: the moves that
        follow the submission first, then `before_save` (such as 检查), 保存 and 提交审核 last."""
        for button in (
            self.review_button,
            self.withdraw_button,
            self.received_button,
            *before_save,
            self.save_button,
            self.submit_button,
        ):
            layout.addWidget(button)

    def show_for(self, status: str | None, *, enabled: bool) -> None:
        """Show the moves `status` allows (None: a filing not saved yet, as a draft); they are
        enabled only when `enabled`, e.g. while nothing is being written."""
        status = status or filing.DRAFT
        allowed = {
            self.save_button: filing.is_editable(status),
            self.submit_button: filing.allows(status, filing.SUBMIT),
            self.withdraw_button: filing.allows(status, filing.WITHDRAW),
            self.received_button: filing.allows(status, filing.RECEIVE),
            self.review_button: filing.allows(status, filing.REVIEW),
        }
        for button, shown in allowed.items():
            button.setVisible(shown)
            button.setEnabled(shown and enabled)
        rejected = status == filing.REJECTED
        self.submit_button.setText(self.tr("修改后重新提交") if rejected else self.tr("提交审核"))

    def confirm_received(self, what: str, parent: QWidget) -> bool:
        """Ask whether the platform really has the filing: after that it cannot be withdrawn.

        `what` names it as in the core's messages: `考点“东校区考点”`, `实施方案`.
        """
        answer = QMessageBox.question(
            parent,
            self.tr("平台已受理"),
            self.tr(
                "{what}已在省平台上提交，并且平台已受理了吗？\n确认后等待评价中心审核，不能再撤回。"
            ).format(what=what),
        )
        return answer == QMessageBox.StandardButton.Yes
