"""The institution profile form (机构信息): fields checked as they are typed, the filing watched."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from skilldesk.core.profiles import profile_for_region
from skilldesk.core.rules import institution as rules
from skilldesk.ui.widgets.field_findings import FieldForm, Tone
from skilldesk.ui.widgets.filing_widgets import OptionalDateEdit

if TYPE_CHECKING:
    from skilldesk.services.institution import InstitutionProfile

TEXT_FIELDS = (
    "name short_name credit_code filing_number region contact_name contact_phone email "
    "website address"
).split()


class ProfileForm(FieldForm):
    """The profile's fields; the credit code, filing number and validity are checked live."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self.name = QLineEdit()
        self.short_name = QLineEdit()
        self.credit_code = QLineEdit()
        self.credit_code.setMaxLength(24)
        self.credit_code.setPlaceholderText(self.tr("18 位，见营业执照或事业单位法人证书"))
        self.filing_number = QLineEdit()
        self.filing_number.setPlaceholderText(self.tr("用人单位 Y…，技工院校 S…"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("（请选择）"), None)
        self.kind.addItem(self.tr("用人单位（企业）"), "enterprise")
        self.kind.addItem(self.tr("技工院校"), "school")
        self.level = QComboBox()
        self.level.addItem(self.tr("（请选择）"), None)
        for level, label in (("省", self.tr("省级")), ("市", self.tr("市级"))):
            self.level.addItem(label, level)
        self.level.addItem(self.tr("区县级"), "区县")
        self.region = QLineEdit()
        self.region.setPlaceholderText(self.tr("如：浙江省衢州市"))
        self.contact_name = QLineEdit()
        self.contact_phone = QLineEdit()
        self.contact_phone.setPlaceholderText(self.tr("手机或带区号的固定电话"))
        self.email = QLineEdit()
        self.website = QLineEdit()
        self.address = QLineEdit()
        self.filed_on = OptionalDateEdit()
        self.filing_valid_until = OptionalDateEdit(empty_text=self.tr("按备案日期推算"))

        self.add_field("name", self.tr("机构名称"), self.name)
        self.add_field("short_name", self.tr("机构简称"), self.short_name)
        self.add_field("kind", self.tr("机构类型"), self.kind)
        self.add_field(
            "credit_code",
            self.tr("统一社会信用代码"),
            self.credit_code,
            hint=self.tr("18 位数字或大写字母，输入时即核对校验位"),
            aliases=[self.tr("信用代码")],
        )
        self.add_field("filing_number", self.tr("备案号"), self.filing_number)
        self.add_field("level", self.tr("机构层级"), self.level, aliases=[self.tr("层级")])
        self.add_field("region", self.tr("所在地区"), self.region)
        self.add_field("contact_name", self.tr("联系人"), self.contact_name)
        self.add_field("contact_phone", self.tr("联系电话"), self.contact_phone)
        self.add_field("email", self.tr("电子邮箱"), self.email, aliases=[self.tr("邮箱")])
        self.add_field("website", self.tr("网址"), self.website)
        self.add_field("address", self.tr("地址"), self.address)
        self.add_field("filed_on", self.tr("备案日期"), self.filed_on)
        self.add_field(
            "filing_valid_until",
            self.tr("有效期至"),
            self.filing_valid_until,
            hint=self.tr("备案有效期 2 年，按备案日期自动推算，可按备案文件修改"),
        )

        for key in TEXT_FIELDS:
            getattr(self, key).textEdited.connect(self._edited)
        self.credit_code.textChanged.connect(self._check_credit_code)
        self.region.textChanged.connect(self._show_rules)
        self.filing_number.textChanged.connect(self._check_filing_number)
        self.kind.currentIndexChanged.connect(self._check_filing_number)
        self.filed_on.dateChanged.connect(self._filed_on_changed)
        self.filing_valid_until.dateChanged.connect(self._check_validity)
        for widget in (self.kind, self.level):
            widget.currentIndexChanged.connect(self._edited)
        for date_edit in (self.filed_on, self.filing_valid_until):
            date_edit.dateChanged.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        if not self._filling:
            self.edited.emit()

    def show_profile(self, profile: InstitutionProfile | None) -> None:
        """Fill the fields from `profile` (empty for None) and run the live checks on them."""
        self._filling = True
        for key in TEXT_FIELDS:
            getattr(self, key).setText(getattr(profile, key, None) or "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(profile.kind if profile else None)))
        self.level.setCurrentIndex(max(0, self.level.findData(profile.level if profile else None)))
        self.filed_on.set_value(profile.filed_on if profile else None)
        self.filing_valid_until.set_value(profile.filing_valid_until if profile else None)
        self._filling = False
        self.clear_messages()
        self._check_credit_code()
        self._check_filing_number()
        self._check_validity()
        self._show_rules()

    # -- live checks ----------------------------------------------------------------------------

    def _show_rules(self) -> None:
        """Which rule profile the region brings: plans and photos are checked by it."""
        profile = profile_for_region(self.region.text())
        notices = profile.notices
        self.set_hint(
            "region",
            self.tr("计划按“{title}”的规则核对：评前公示不少于{pre}，成绩公示不少于{score}").format(
                title=profile.title,
                pre=notices.pre_notice.describe(),
                score=notices.score_notice.describe(),
            ),
        )

    def _check_credit_code(self) -> None:
        code = rules.normalize_credit_code(self.credit_code.text())
        if not code:
            self.clear_message("credit_code")
        elif len(code) < 18:
            self.set_message("credit_code", self.tr("已输入 {n}/18 位").format(n=len(code)), "info")
        else:
            problem = rules.credit_code_problem(code)
            if problem:
                self.set_message("credit_code", problem, "error")
            else:
                self.set_message("credit_code", self.tr("代码有效"), "ok")

    def _check_filing_number(self) -> None:
        number = self.filing_number.text().strip().upper()
        problem = rules.filing_number_problem(number, self.kind.currentData()) if number else None
        self.set_message("filing_number", problem or "", "error")

    def _filed_on_changed(self) -> None:
        filed_on = self.filed_on.value()
        if not self._filling and filed_on is not None:
            self.filing_valid_until.set_value(rules.filing_valid_until(filed_on))
        self._check_validity()

    def _check_validity(self) -> None:
        until = self.filing_valid_until.value()
        findings = rules.check_filing(until, dt.date.today())
        if findings:
            tone: Tone = "error" if findings[0].severity == "error" else "warning"
            self.banner.show_message(findings[0].message, tone)
            self.set_message("filing_valid_until", findings[0].message, tone, findings[0].code)
        else:
            if self.banner.tone in ("error", "warning"):
                self.banner.clear_message()
            self.clear_message("filing_valid_until")

    # -- values ---------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {k: getattr(self, k).text().strip() or None for k in TEXT_FIELDS}
        values.update(
            kind=self.kind.currentData(),
            level=self.level.currentData(),
            filed_on=self.filed_on.value(),
            filing_valid_until=self.filing_valid_until.value(),
        )
        return values

    def problems(self, values: dict[str, Any]) -> dict[str, str]:
        """What keeps the profile from being saved, per field (the same rules the service uses)."""
        problems: dict[str, str] = {}
        if not values["name"]:
            problems["name"] = self.tr("请填写机构名称。")
        if values["credit_code"]:
            code = rules.normalize_credit_code(values["credit_code"])
            problem = rules.credit_code_problem(code)
            if problem:
                problems["credit_code"] = problem
        if values["filing_number"]:
            problem = rules.filing_number_problem(values["filing_number"].upper(), values["kind"])
            if problem:
                problems["filing_number"] = problem
        return problems
