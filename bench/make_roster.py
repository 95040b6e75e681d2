"""Write a fictional 报名信息表 workbook of N rows × 15 columns for benchmarks.

.venv/bin/python -m bench.make_roster 10000 bench/data/roster-10000.xlsx
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import openpyxl

from skilldesk.services.sample_data import make_candidates

COLUMNS = (
    ("姓名", "name"), ("证件类型", "id_type"), ("证件号码", "id_number"), ("性别", "gender"),
    ("出生日期", "birth_date"), ("民族", "ethnicity"), ("文化程度", "education"),
    ("手机号码", "phone"), ("考生来源", "source"), ("所在单位", "employer"),
    ("工作年限", "years_in_occupation"), ("原鉴定等级", "original_level"),
    ("通讯地址", "address"), ("电子邮箱", "email"), ("申报条件", "application_condition"),
)  # fmt: skip


def write_roster(path: Path, count: int, *, seed: int = 1, error_rate: float = 0.02) -> Path:
    """A realistic roster: title rows, the seed's header, and a few typical mistakes."""
    people = make_candidates(count, seed=seed)
    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("报名信息表")
    sheet.append(["职业技能等级认定报名信息表"])
    sheet.append(["备案机构名称：衢州市示范技师学院", None, None, None, None, None, "计划编号："])
    sheet.append(["鉴定工种：电工", None, None, None, None, None, "考试时间：2026-12-20"])
    sheet.append([label for label, _attr in COLUMNS])
    for person in people:
        if rng.random() < error_rate:
            person["phone"] = person["phone"][:10]
        if rng.random() < error_rate:
            person["education"] = "大专"
        person["birth_date"] = person["birth_date"].isoformat()
        person["email"] = f"user{rng.randrange(10**6)}@example.com" if rng.random() < 0.3 else None
        sheet.append([person.get(attr) for _label, attr in COLUMNS])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


if __name__ == "__main__":
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"bench/data/roster-{rows}.xlsx")
    print(write_roster(out, rows))
