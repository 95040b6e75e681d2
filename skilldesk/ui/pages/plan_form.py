"""The evaluation-plan form (seed 000): every field, with a finding marker beside each one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.findings import Finding
from skilldesk.core.levels import LEVEL_NAMES
from skilldesk.core.plan_data import TIMELINE_KEYS, TIMELINE_LABELS
from skilldesk.services.plan_state import PlanEdits, PlanState
from skilldesk.services.plans import PlanFields
from skilldesk.ui.widgets.choice_fields import ExaminerChecklist, YesNo
from skilldesk.ui.widgets.date_fields import OptionalDateTimeEdit
from skilldesk.ui.widgets.finding_marker import FindingMarker
from skilldesk.ui.widgets.sessions_editor import SessionsEditor

# The fields store-level findings (scope, site, examiners) concern, besides the timeline's.
STORE_FIELDS = frozenset({"level", "site", "examiners"})
_DAY_END = dt.time(23, 59, 59)


def field_key(finding: Finding) -> str | None:
    """The form field a finding concerns: a timeline key, `sessions[0]`, `site` …; None if none."""
    name = finding.field
    if name is None:
        return None
    if name in TIMELINE_KEYS or name in STORE_FIELDS or name.startswith("sessions["):
        return name
    return None


class PlanForm(QWidget):
    """Loads a PlanState, hands back PlanEdits, and shows findings beside the fields."""

    changed = Signal()

    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._loading = False
        self._state: PlanState | None = None
        self.markers: dict[str, FindingMarker] = {}
        self.editors: dict[str, QWidget] = {}
        self.dates: dict[str, OptionalDateTimeEdit] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.addWidget(self._basics(), 0, 0)
        grid.addWidget(self._timeline(), 0, 1)
        grid.addWidget(self._sessions(), 1, 0, 1, 2)
        grid.addWidget(self._examiners(), 2, 0, 1, 2)
        grid.setColumnStretch(0, 4)
        grid.setColumnStretch(1, 5)  # dates carry a weekday hint: a little wider

    # -- building -------------------------------------------------------------------------------

    def _field(self, form: QFormLayout, label: str, key: str, editor: QWidget) -> None:
        marker = FindingMarker()
        self.markers[key] = marker
        self.editors.setdefault(key, editor)
        if isinstance(editor, OptionalDateTimeEdit):
            editor.place_marker(marker)  # between the date and its weekday hint
            form.addRow(label, editor)
            return
        row = QHBoxLayout()
        row.setSpacing(4)
        # Text fields fill the row; 是/否 keeps its size with the mark right after it.
        compact = isinstance(editor, YesNo)
        row.addWidget(editor, 0 if compact else 1)
        row.addWidget(marker)
        if compact:
            row.addStretch(1)
        form.addRow(label, row)

    def _basics(self) -> QGroupBox:
        box = QGroupBox(self.tr("基本信息"))
        form = QFormLayout(box)
        self.occupation = QLineEdit()
        self.occupation_code = QLineEdit()
        self.occupation_code.setPlaceholderText(self.tr("如 6-31-01-03"))
        self.work_type = QLineEdit()
        self.work_type.setPlaceholderText(self.tr("没有工种可不填"))
        self.level = QComboBox()
        for level in sorted(LEVEL_NAMES, reverse=True):
            self.level.addItem(LEVEL_NAMES[level], level)
        self.condition = QPlainTextEdit()
        self.condition.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.dual = YesNo()
        self.other_county = YesNo()
        self.other_county.setToolTip(
            self.tr("选“是”时，考点应为该县市区的考点，并由该县市区的评价中心审核计划。")
        )
        self.site = QComboBox()
        self.site.setToolTip(self.tr("只能选择备案已通过的考点"))
        self.application_mode = QComboBox()  # the choices arrive with the plan (services)
        self.registration_mode = QComboBox()
        self.batch_note = QLabel(self.tr("此报名方式可由机构批量导入考生及照片。"))
        self.batch_note.setStyleSheet("color: palette(placeholder-text);")
        self.batch_note.setVisible(False)
        self._field(form, self.tr("职业（工种）名称"), "occupation", self.occupation)
        self._field(form, self.tr("职业编码"), "occupation_code", self.occupation_code)
        self._field(form, self.tr("工种"), "work_type", self.work_type)
        self._field(form, self.tr("等级"), "level", self.level)
        self._field(form, self.tr("申报条件"), "application_condition", self.condition)
        self._field(form, self.tr("一证双证试点计划"), "dual_certificate", self.dual)
        self._field(form, self.tr("备案层级内其他县市区"), "other_county", self.other_county)
        self._field(form, self.tr("考点"), "site", self.site)
        self._field(form, self.tr("申报方式"), "application_mode", self.application_mode)
        self._field(form, self.tr("报名方式"), "registration_mode", self.registration_mode)
        form.addRow("", self.batch_note)
        for signal in (
            self.occupation.textEdited,
            self.occupation_code.textEdited,
            self.work_type.textEdited,
            self.level.currentIndexChanged,
            self.condition.textChanged,
            self.dual.changed,
            self.other_county.changed,
            self.application_mode.currentIndexChanged,
            self.registration_mode.currentIndexChanged,
        ):
            signal.connect(self._edited)
        self.site.currentIndexChanged.connect(self._site_changed)
        self.registration_mode.currentTextChanged.connect(
            lambda mode: self.batch_note.setVisible(
                self._state is not None and mode in self._state.batch_import_modes
            )
        )
        return box

    def _timeline(self) -> QGroupBox:
        box = QGroupBox(self.tr("时间安排"))
        form = QFormLayout(box)
        for key in (*TIMELINE_KEYS, "submitted_on"):
            date_only = key in ("evaluation_date", "submitted_on")
            ends = key.endswith("_end") or key == "review_deadline"
            edit = OptionalDateTimeEdit(
                date_only=date_only,
                default_time=_DAY_END if ends else dt.time(0, 0),
                suggest=partial(self._suggest, key),
            )
            edit.changed.connect(self._edited)
            self.dates[key] = edit
            label = TIMELINE_LABELS.get(key) or self.tr("已推送评价中心日期")
            self._field(form, label, key, edit)
        self.dates["submitted_on"].setToolTip(
            self.tr("计划推送评价中心的日期；填写后，“提前推送”按这一天核对。")
        )
        return box

    def _sessions(self) -> QGroupBox:
        box = QGroupBox(self.tr("考试场次"))
        layout = QVBoxLayout(box)
        top = QHBoxLayout()
        note = QLabel(
            self.tr(
                "每场考试应在认定日期当天；考场只能选择备案已通过的考点（及本计划考点）下的考场。"
            )
        )
        note.setStyleSheet("color: palette(placeholder-text);")
        note.setWordWrap(True)
        self.markers["sessions"] = FindingMarker()
        top.addWidget(note, 1)
        top.addWidget(self.markers["sessions"])
        self.sessions = SessionsEditor(self._exam_day)
        self.sessions.changed.connect(self._edited)
        self.editors["sessions"] = self.sessions.table
        layout.addLayout(top)
        layout.addWidget(self.sessions)
        return box

    def _examiners(self) -> QGroupBox:
        box = QGroupBox(self.tr("考评员（勾选本计划安排的考评员，不少于 3 人）"))
        layout = QHBoxLayout(box)
        self.examiners = ExaminerChecklist()
        self.examiners.setFixedHeight(self.fontMetrics().height() * 6 + 12)
        self.examiners.changed.connect(self._edited)
        self.markers["examiners"] = FindingMarker()
        self.editors["examiners"] = self.examiners
        layout.addWidget(self.examiners, 1)
        layout.addWidget(self.markers["examiners"], 0, Qt.AlignmentFlag.AlignTop)
        return box

    # -- values ---------------------------------------------------------------------------------

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _exam_day(self) -> dt.date | None:
        value = self.dates["evaluation_date"].value()
        return value.date() if isinstance(value, dt.datetime) else value

    def _suggest(self, key: str) -> dt.date:
        """A tick on an empty date starts from the nearest earlier date already filled in."""
        if key == "submitted_on":
            return self._today()  # it records a day that has come, not one of the plan's
        keys = list(TIMELINE_KEYS)
        for earlier in reversed(keys[: keys.index(key)]):
            value = self.dates[earlier].value()
            if value is not None:
                return value.date() if isinstance(value, dt.datetime) else value
        return self._today()

    def _site_changed(self) -> None:
        if self._state is not None:
            self.sessions.set_rooms(self._state.rooms_by_site.get(self.site.currentData(), ()))
        self._edited()

    def load(self, state: PlanState) -> None:
        self._loading = True
        try:
            self._state = state
            fields = state.details.fields
            self.occupation.setText(fields.occupation)
            self.occupation_code.setText(fields.occupation_code or "")
            self.work_type.setText(fields.work_type or "")
            self.level.setCurrentIndex(max(0, self.level.findData(fields.level)))
            self.condition.setPlainText(fields.application_condition or "")
            self.dual.set_value(fields.dual_certificate)
            self.other_county.set_value(fields.other_county)
            self._load_sites(state)
            _choose(self.application_mode, state.application_modes, fields.application_mode)
            _choose(self.registration_mode, state.registration_modes, fields.registration_mode)
            for key in TIMELINE_KEYS:
                self.dates[key].set_value(state.details.timeline.get(key))
            self.dates["submitted_on"].set_value(state.details.submitted_on)
            self.sessions.set_sessions(state.sessions, state.room_labels)
            self.sessions.set_rooms(state.rooms_by_site.get(fields.site_id, ()))
            self._load_examiners(state)
        finally:
            self._loading = False

    def _load_sites(self, state: PlanState) -> None:
        self.site.clear()
        self.site.addItem(self.tr("（未选择）"), None)
        for site_id, name in state.sites:
            self.site.addItem(name, site_id)
        current = state.details.fields.site_id
        if current is not None and self.site.findData(current) < 0:
            # Chosen while approved, since withdrawn: shown so that saving never drops it unseen.
            name = state.details.site_name or str(current)
            self.site.addItem(self.tr("{site}（未通过备案）").format(site=name), current)
        self.site.setCurrentIndex(max(0, self.site.findData(current)))

    def _load_examiners(self, state: PlanState) -> None:
        fields = state.details.fields
        self.examiners.load(
            state.examiners, state.details.examiner_ids, fields.occupation, fields.work_type
        )

    def edits(self) -> PlanEdits:
        fields = PlanFields(
            occupation=self.occupation.text(),
            level=int(self.level.currentData()),
            occupation_code=self.occupation_code.text(),
            work_type=self.work_type.text(),
            application_condition=self.condition.toPlainText(),
            dual_certificate=self.dual.value(),
            other_county=self.other_county.value(),
            site_id=self.site.currentData(),
            application_mode=self.application_mode.currentText(),
            registration_mode=self.registration_mode.currentText(),
        )
        submitted = self.dates["submitted_on"].value()
        return PlanEdits(
            fields=fields,
            timeline={key: self.dates[key].value() for key in TIMELINE_KEYS},
            submitted_on=submitted if not isinstance(submitted, dt.datetime) else submitted.date(),
            examiner_ids=self.examiners.checked_ids(),
            sessions=tuple(self.sessions.rows()),
        )

    # -- findings -------------------------------------------------------------------------------

    def show_findings(self, findings: Sequence[Finding]) -> None:
        by_key: dict[str, list[Finding]] = {}
        rows: dict[int, list[Finding]] = {}
        for finding in findings:
            key = field_key(finding)
            if key is None:
                continue
            if key.startswith("sessions["):
                rows.setdefault(int(key[9:-1]), []).append(finding)
                key = "sessions"
            by_key.setdefault(key, []).append(finding)
        for key, marker in self.markers.items():
            marker.set_findings(by_key.get(key, []))
        self.sessions.set_row_findings(rows)

    def focus_field(self, key: str) -> QWidget | None:
        """Put the cursor in the field `key` names; returns the widget, or None if none fits."""
        if key.startswith("sessions["):
            self.sessions.focus_row(int(key[9:-1]))
            return self.sessions.table
        if key in self.dates:
            target = self.dates[key].focus_target()
        else:
            target = self.editors.get(key)  # type: ignore[assignment]
        if target is None:
            return None
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return target


def _choose(combo: QComboBox, choices: Sequence[str], current: str) -> None:
    combo.clear()
    combo.addItems(list(choices))
    if current not in choices:
        combo.addItem(current)
    combo.setCurrentText(current)
