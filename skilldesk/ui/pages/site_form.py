"""The exam-site filing form (考点备案) on the 考点与考场 page: fields, status, and what may be done."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core import filing
from skilldesk.ui.widgets.field_findings import FieldForm
from skilldesk.ui.widgets.filing_widgets import StatusBadge

if TYPE_CHECKING:
    from skilldesk.services.sites import SiteInfo

TEXTS = ("name", "region", "accepting_department", "contact_name", "contact_phone", "address")
# What a filing must have before it goes to the center (as services/sites.py requires).
REQUIRED_FOR_SUBMIT = ("level", "accepting_department", "contact_name", "contact_phone", "address")


class SiteForm(QWidget):
    """One site filing: editable while a draft or sent back, read-only otherwise."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.site: SiteInfo | None = None
        self.dirty = False
        self._filling = False
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.badge = StatusBadge()
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addStretch(1)

        self.form = form = FieldForm()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("如：衢州市示范技师学院考点"))
        self.in_region = QRadioButton(self.tr("备案地考点"))
        self.outside_region = QRadioButton(self.tr("备案地以外考点"))
        self.in_region.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.in_region)
        group.addButton(self.outside_region)
        where = QWidget()
        where_layout = QHBoxLayout(where)
        where_layout.setContentsMargins(0, 0, 0, 0)
        where_layout.addWidget(self.in_region)
        where_layout.addWidget(self.outside_region)
        where_layout.addStretch(1)
        self.where = where
        self.level = QComboBox()
        self.level.addItem(self.tr("（请选择）"), None)
        self.level.addItem(self.tr("省级"), "省")
        self.level.addItem(self.tr("市级"), "市")
        self.level.addItem(self.tr("区县级"), "区县")
        self.region = QLineEdit()
        self.region.setPlaceholderText(self.tr("考点所在县（市、区），如：柯城区"))
        self.accepting_department = QLineEdit()
        self.accepting_department.setPlaceholderText(self.tr("如：衢州市技能人才评价管理服务中心"))
        self.contact_name = QLineEdit()
        self.contact_phone = QLineEdit()
        self.contact_phone.setPlaceholderText(self.tr("11 位手机号或带区号的固定电话"))
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("写到门牌号和楼幢，准考证上的考试地址即此地址"))

        form.add_field(
            "name", self.tr("考点名称"), self.name, span=2, aliases=[self.tr("已有名为")]
        )
        form.add_field(
            "where",
            self.tr("考点类型"),
            where,
            span=2,
            hint=self.tr("在备案层级内其他县（市、区）开展认定，请先申请该县（市、区）的考点"),
        )
        form.add_field("level", self.tr("层级"), self.level)
        form.add_field("region", self.tr("所在地区"), self.region, column=1)
        form.add_field(
            "accepting_department", self.tr("受理部门"), self.accepting_department, span=2
        )
        form.add_field("contact_name", self.tr("联系人"), self.contact_name)
        form.add_field("contact_phone", self.tr("联系电话"), self.contact_phone, column=1)
        form.add_field(
            "address",
            self.tr("详细地址"),
            self.address,
            span=2,
            hint=self.tr("考场的联系人、联系电话和地址随考点备案信息，设置考场后不能在考场中修改"),
            aliases=[self.tr("地址")],
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(form, 1)
        for key in TEXTS:
            getattr(self, key).textEdited.connect(self._edited)
        self.level.currentIndexChanged.connect(self._edited)
        self.in_region.toggled.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        if not self._filling:
            self.dirty = True
            self.edited.emit()

    # -- showing --------------------------------------------------------------------------------

    def show_site(self, site: SiteInfo | None) -> None:
        """Fill the form from `site`; `None` starts a new, empty filing."""
        self.site = site
        self._filling = True
        fields = site.fields if site else None
        for key in TEXTS:
            getattr(self, key).setText(getattr(fields, key, None) or "")
        in_region = fields.in_filing_region if fields else True
        (self.in_region if in_region else self.outside_region).setChecked(True)
        self.level.setCurrentIndex(max(0, self.level.findData(fields.level if fields else None)))
        self._filling = False
        self.dirty = False
        self.form.clear_messages()
        self.title.setText(site.name if site else self.tr("新考点"))
        self.badge.set_status(site.status if site else filing.DRAFT)
        self._set_editable(site is None or site.editable)
        self._show_state()

    def _set_editable(self, editable: bool) -> None:
        self.form.set_read_only([getattr(self, key) for key in TEXTS], not editable)
        for widget in (self.level, self.in_region, self.outside_region):
            widget.setEnabled(editable)

    def _show_state(self) -> None:
        site, banner = self.site, self.form.banner
        if site is None:
            banner.show_message(
                self.tr("新考点：填写后点击「保存」存为草稿，或直接「提交审核」。"), "info"
            )
        elif site.status == filing.DRAFT:
            banner.show_message(
                self.tr("草稿：尚未提交。填写完整后点击「提交审核」，由受理部门逐级审核。"), "info"
            )
        elif site.status == filing.SUBMITTED:
            banner.show_message(
                self.tr(
                    "已提交，尚未上报省平台，备案信息已锁定。请在省平台上提交此考点备案，"
                    "受理后点「平台已受理」；要修改可先「撤回」。"
                ),
                "warning",
            )
        elif site.status == filing.PENDING:
            banner.show_message(
                self.tr(
                    "省平台已受理，等待评价中心审核；审核结果出来之前不能修改。"
                    "评价中心的结论可用「录入审核结果」记下。"
                ),
                "warning",
            )
        elif site.status == filing.APPROVED:
            text = self.tr("备案已通过，可以在此考点下设置考场。备案信息不能再修改。")
            if site.auto_confirmed:
                text = self.tr(
                    "用人单位在已备案层级增加的考点，无需审核，已自动确认。"
                    "可以在此考点下设置考场；备案信息不能再修改。"
                )
            banner.show_message(text, "ok")
        else:
            banner.show_message(
                self.tr(
                    "评价中心审核不通过：{reason}\n请按意见修改后点击「修改后重新提交」。"
                ).format(reason=site.reject_reason or self.tr("（未写原因）")),
                "error",
            )

    def clear_findings(self) -> None:
        """Drop the messages of an earlier attempt; the status banner shows again."""
        self.form.clear_messages()
        self._show_state()

    # -- values ---------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form as `SiteFields` keyword arguments (built in the worker, with the services)."""
        values: dict[str, Any] = {key: getattr(self, key).text().strip() or None for key in TEXTS}
        values["name"] = values["name"] or ""
        values["in_filing_region"] = self.in_region.isChecked()
        values["level"] = self.level.currentData()
        return values

    def missing_for_submit(self) -> list[str]:
        """Mark the fields a submission still needs; return their keys."""
        values = self.values()
        missing = [key for key in REQUIRED_FOR_SUBMIT if not values[key]]
        if not values["name"]:
            missing.insert(0, "name")
        for key in missing:
            self.form.set_message(key, self.tr("提交审核前请填写此项。"), "error")
        return missing
