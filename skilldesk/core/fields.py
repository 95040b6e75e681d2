"""The candidate's fields: attribute names in code, canonical Chinese names for users.

The union of the three seed tables (报名信息表, 学员花名册, 申报表 in seed 002). The Chinese
name is what findings, reports and exports call the column.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CandidateField:
    attr: str
    label: str


CANDIDATE_FIELDS: tuple[CandidateField, ...] = (
    CandidateField("name", "姓名"),
    CandidateField("id_type", "证件类型"),
    CandidateField("id_number", "证件号码"),
    CandidateField("gender", "性别"),
    CandidateField("birth_date", "出生日期"),
    CandidateField("ethnicity", "民族"),
    CandidateField("education", "文化程度"),
    CandidateField("phone", "手机号码"),
    CandidateField("source", "考生来源"),
    CandidateField("employer", "所在单位"),
    CandidateField("years_in_occupation", "工作年限"),
    CandidateField("original_level", "原鉴定等级"),
    CandidateField("title_level", "现职称等级"),
    CandidateField("certificate_number", "现有职业资格证书号码"),
    CandidateField("address", "通讯地址"),
    CandidateField("email", "电子邮箱"),
    CandidateField("occupation", "申报职业"),
    CandidateField("level", "申报等级"),
    CandidateField("subjects", "考核科目"),
    CandidateField("application_condition", "申报条件"),
    CandidateField("training_hours", "培训学时"),
)

LABELS: dict[str, str] = {f.attr: f.label for f in CANDIDATE_FIELDS}
ATTRS: tuple[str, ...] = tuple(f.attr for f in CANDIDATE_FIELDS)


def label(attr: str) -> str:
    return LABELS[attr]
