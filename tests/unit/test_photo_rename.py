"""Matching badly named photos to roster candidates: what is proposed, and what is refused why."""

from __future__ import annotations

import pytest

from skilldesk.core.profiles import load_profile
from skilldesk.core.rules.identity import resident_id_check_digit
from skilldesk.core.rules.photo_names import RosterCandidate
from skilldesk.core.rules.photo_rename import RenamePlan, identify, propose_renames
from skilldesk.core.rules.photos import PhotoFacts

RULES = load_profile().photo


def valid_id(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


ZHANG = RosterCandidate(1, "张三", valid_id("33082219901215342"))
LI = RosterCandidate(2, "李四", valid_id("33010219850304123"))
WANG = RosterCandidate(3, "王五", valid_id("33080219780611004"))
ROSTER = [ZHANG, LI, WANG]


def jpeg(name: str) -> PhotoFacts:
    return PhotoFacts(name, 50_000, "JPEG", 390, 567)


def plan_for(*files: PhotoFacts, roster: list[RosterCandidate] = ROSTER) -> RenamePlan:
    return propose_renames(list(files), roster, RULES)


def renames(plan: RenamePlan) -> dict[str, str]:
    return {p.file: p.new_file for p in plan.proposals}


def refusals(plan: RenamePlan) -> dict[str, str]:
    return {r.file: r.reason for r in plan.refused}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("张三.jpg", f"{ZHANG.id_number}张三.jpg"),
        ("zhangsan 张三.jpeg", f"{ZHANG.id_number}张三.jpeg"),
        ("张三 - 副本.jpg", f"{ZHANG.id_number}张三.jpg"),
        ("张三证件照.JPG", f"{ZHANG.id_number}张三.JPG"),
        (f"{ZHANG.id_number}.jpg", f"{ZHANG.id_number}张三.jpg"),
        (f"{ZHANG.id_number}(1).jpg", f"{ZHANG.id_number}张三.jpg"),
        (f"{ZHANG.id_number}zhangsan.jpg", f"{ZHANG.id_number}张三.jpg"),
        (f"{ZHANG.id_number}张山.jpg", f"{ZHANG.id_number}张三.jpg"),  # a typo in the name
        (f"张三{ZHANG.id_number}.jpg", f"{ZHANG.id_number}张三.jpg"),  # the order reversed
        (f"{ZHANG.id_number} 张三.jpg", f"{ZHANG.id_number}张三.jpg"),  # a space inside
        (f"{ZHANG.id_number}张三.jfif", f"{ZHANG.id_number}张三.jpg"),  # an extension not allowed
        (f"{ZHANG.id_number}张三", f"{ZHANG.id_number}张三.jpg"),
        ("二班/张三.jpg", f"二班/{ZHANG.id_number}张三.jpg"),  # stays in its folder
    ],
)
def test_a_name_pointing_at_one_candidate_gets_the_right_name(old: str, new: str) -> None:
    plan = plan_for(jpeg(old))
    assert renames(plan) == {old: new}
    assert plan.refused == []


def test_the_reason_says_what_identified_the_candidate() -> None:
    by_name = plan_for(jpeg("张三.jpg")).proposals[0]
    by_id = plan_for(jpeg(f"{LI.id_number}.jpg")).proposals[0]
    assert (by_name.basis, by_name.reason) == ("name", "文件名中的姓名只对应名单第1行“张三”")
    assert (by_id.basis, by_id.reason) == ("id", "文件名中的证件号码属于名单第2行“李四”")
    assert by_id.to_json()["id_number"] == LI.id_number


def test_a_lower_case_x_is_only_a_letter_case_change() -> None:
    first17 = next(
        f"33082219900101{n:03d}"
        for n in range(1000)
        if resident_id_check_digit(f"33082219900101{n:03d}") == "X"
    )
    person = RosterCandidate(1, "赵六", first17 + "X")
    old = f"{first17}x赵六.jpg"
    plan = plan_for(jpeg(old), roster=[person])
    assert renames(plan) == {old: f"{first17}X赵六.jpg"}


def test_a_picture_that_is_not_jpeg_keeps_its_extension() -> None:
    png = PhotoFacts("张三.png", 80_000, "PNG", 390, 567)
    assert renames(plan_for(png)) == {"张三.png": f"{ZHANG.id_number}张三.png"}


def test_correct_names_and_other_files_are_left_alone() -> None:
    plan = plan_for(
        jpeg(f"{ZHANG.id_number}张三.jpg"),
        jpeg(f"{LI.id_number}李四.JPEG"),
        PhotoFacts("报名须知.docx", 100),
        PhotoFacts("../evil.jpg", 0, unsafe="parent"),
    )
    assert plan.proposals == [] and plan.refused == []


def test_namesakes_are_never_guessed() -> None:
    twin = RosterCandidate(4, "张三", valid_id("33082519950228005"))
    plan = plan_for(jpeg("张三.jpg"), roster=[*ROSTER, twin])
    assert plan.proposals == []
    assert refusals(plan)["张三.jpg"] == "名单中有2位考生叫“张三”，无法确定是哪一位"


def test_an_id_not_on_the_roster_is_not_overruled_by_the_name() -> None:
    stranger = valid_id("11010519491231002")
    plan = plan_for(jpeg(f"{stranger}张三.jpg"))
    assert plan.proposals == []
    assert "名单中没有证件号码为" in refusals(plan)[f"{stranger}张三.jpg"]
    assert "未按姓名猜测" in refusals(plan)[f"{stranger}张三.jpg"]


def test_an_id_and_a_name_of_two_different_candidates_is_refused() -> None:
    name = f"{ZHANG.id_number}李四.jpg"
    plan = plan_for(jpeg(name))
    assert plan.proposals == []
    assert "证件号码属于“张三”，姓名却是名单中另一位考生“李四”" in refusals(plan)[name]


def test_nobody_recognisable() -> None:
    plan = plan_for(jpeg("IMG_20240301.jpg"), jpeg("赵六.jpg"))
    assert plan.proposals == []
    assert set(refusals(plan)) == {"IMG_20240301.jpg", "赵六.jpg"}
    assert refusals(plan)["赵六.jpg"] == "文件名中没有名单上的证件号码或姓名，无法确定是谁的照片"


def test_a_candidate_who_already_has_a_right_photo_gets_no_second_one() -> None:
    plan = plan_for(jpeg(f"{ZHANG.id_number}张三.jpg"), jpeg("张三(2).jpg"))
    assert plan.proposals == []
    assert "已有名为「" in refusals(plan)["张三(2).jpg"]


def test_two_files_for_one_candidate_are_both_refused() -> None:
    plan = plan_for(jpeg("张三.jpg"), jpeg(f"{ZHANG.id_number}.jpg"), jpeg("李四.jpg"))
    assert renames(plan) == {"李四.jpg": f"{LI.id_number}李四.jpg"}
    assert set(refusals(plan)) == {"张三.jpg", f"{ZHANG.id_number}.jpg"}
    assert "都像是考生“张三”的照片" in refusals(plan)["张三.jpg"]


def test_a_new_name_already_taken_is_never_overwritten() -> None:
    # A file of that name exists but is no picture (a text file renamed .jpg).
    taken = PhotoFacts(f"{ZHANG.id_number}张三.jpg", 12)
    plan = plan_for(taken, jpeg("张三.jpg"))
    assert plan.proposals == []
    assert (
        refusals(plan)["张三.jpg"] == f"同一文件夹中已有「{ZHANG.id_number}张三.jpg」，不会覆盖它"
    )


def test_identify_alone() -> None:
    assert identify("李四的照片.jpg", ROSTER)[:2] == (LI, "name")
    candidate, basis, why = identify("照片.jpg", ROSTER)
    assert candidate is None and basis is None and why
