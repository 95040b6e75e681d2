"""The 机构信息 page: the institution profile with its checks beside the fields, and the scope."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from skilldesk.core.changes import ChangeSet
from skilldesk.services import institution
from skilldesk.ui.context import AppContext
from skilldesk.ui.pages.outside_changes import ReloadOnOutsideChanges
from skilldesk.ui.pages.page_writes import PageWrites
from skilldesk.ui.pages.profile_form import ProfileForm
from skilldesk.ui.pages.scope_panel import ScopePanel
from skilldesk.ui.widgets.panes import resizable_panes
from skilldesk.ui.workers import task_key

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.institution import InstitutionProfile


def save_profile(
    store: Store, values: dict[str, Any], expected_version: int | None
) -> InstitutionProfile:
    """The form's values saved over the stored profile (or as the first one). The version is
    the one the form loaded, not read here: a profile changed since is refused, not overwritten."""
    current = institution.get_institution(store)
    profile = institution.InstitutionProfile(id=current.id if current else None, **values)
    return institution.save_institution(store, profile, expected_version=expected_version)


def _shows(changes: ChangeSet) -> bool:
    return changes.institution or changes.scope


class InstitutionPage(QWidget):
    """The profile on the left (checked as it is typed), the certified scope on the right."""

    status_message = Signal(str)
    loaded = Signal()  # the stored profile is on screen

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.profile: InstitutionProfile | None = None
        self.dirty = False
        self.writes = PageWrites(
            ctx,
            self,
            busy_changed=lambda busy: self.save_button.setEnabled(not busy),
            show_error=self._not_saved,
            reload_stale=self.reload,
        )
        self._build()
        self.scope.status_message.connect(self.status_message)
        self.scope.changed.connect(self._scope_changed)
        self.outside_changes = ReloadOnOutsideChanges(
            self, ctx, self.reload, shows=_shows, has_edits=lambda: self.dirty
        )
        self.reload()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.form = form = ProfileForm()
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("保存机构信息（Ctrl+S）"))
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet("color: palette(placeholder-text);")
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.save_button)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(form)
        scroll.viewport().setAutoFillBackground(False)
        form.setAutoFillBackground(False)
        profile_box = QGroupBox(self.tr("机构信息"))
        profile_layout = QVBoxLayout(profile_box)
        profile_layout.addWidget(scroll, 1)
        profile_layout.addLayout(buttons)

        self.scope = ScopePanel(self._ctx, source=self)
        splitter = resizable_panes(profile_box, self.scope, sizes=(520, 600), stretch=(5, 6))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addWidget(splitter, 1)

        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        form.edited.connect(self._edited)

    # -- loading --------------------------------------------------------------------------------

    def unsaved_edits(self) -> str | None:
        """What closing the window would lose, in words; None if nothing."""
        return self.tr("机构信息") if self.dirty else None

    def reload(self) -> None:
        self._ctx.tasks.run(
            partial(institution.get_institution, self._ctx.workspace.store),
            self._show_profile,
            key=task_key(self, "profile"),
            parent=self,
        )
        self.scope.reload()

    def _show_profile(self, profile: InstitutionProfile | None) -> None:
        self.profile = profile
        self.form.show_profile(profile)
        self.dirty = False
        self.saved_label.setText("")
        self.scope.set_has_institution(profile is not None)
        if profile is None:
            self.form.banner.show_message(
                self.tr(
                    "还没有机构信息。请填写后点击「保存」；也可以先从附件13导入认定范围，"
                    "文件中的机构名称、备案号和联系人会一并读入。"
                ),
                "info",
            )
        self.loaded.emit()

    # -- live checks ----------------------------------------------------------------------------

    def _edited(self) -> None:
        self.dirty = True
        self.saved_label.setText(self.tr("有未保存的修改"))

    # -- saving ---------------------------------------------------------------------------------

    def save(self) -> None:
        if self.writes.busy:
            return
        values = self.form.values()
        problems = self.form.problems(values)
        for key, message in problems.items():
            self.form.set_message(key, message, "error")
        if problems:
            self.form.banner.show_message(
                self.tr("有 {n} 处需要修改（见各栏下方的红字），机构信息未保存。").format(
                    n=len(problems)
                ),
                "error",
            )
            self.form.editors[next(iter(problems))].setFocus()
            return
        loaded = self.profile.version if self.profile is not None else None
        self.writes.run(
            partial(save_profile, self._ctx.workspace.store, values, loaded), self._saved
        )

    def _saved(self, profile: InstitutionProfile) -> None:
        self._show_profile(profile)
        self.saved_label.setText(self.tr("已保存"))
        self.status_message.emit(self.tr("机构信息已保存。"))

    def _not_saved(self, message: str) -> None:
        self.form.show_error(message)
        self.saved_label.setText(self.tr("未保存"))

    def _scope_changed(self) -> None:
        if self.profile is None:
            self.reload()  # an import may have created the profile from the workbook
