"""Reference vocabularies as data — 文化程度, 民族, 证件类型, 性别 — and the ways users write them."""

from __future__ import annotations

from skilldesk.core.normalize import to_half_width

# 文化程度 as the platform lists them (after GB/T 4658).
EDUCATION_LEVELS: tuple[str, ...] = (
    "博士研究生",
    "硕士研究生",
    "大学本科",
    "大学专科",
    "中等专科",
    "职业高中",
    "技工学校",
    "普通高中",
    "初中",
    "小学",
    "其他",
)

_EDUCATION_ALIASES: dict[str, str] = {
    "博士": "博士研究生",
    "博士研究生毕业": "博士研究生",
    "研究生(博士)": "博士研究生",
    "硕士": "硕士研究生",
    "研究生(硕士)": "硕士研究生",
    "本科": "大学本科",
    "大学": "大学本科",
    "大本": "大学本科",
    "学士": "大学本科",
    "大专": "大学专科",
    "专科": "大学专科",
    "高职": "大学专科",
    "高专": "大学专科",
    "高职高专": "大学专科",
    "专科学校": "大学专科",
    "大学专科和专科学校": "大学专科",
    "中专": "中等专科",
    "中等专业学校": "中等专科",
    "中等技术学校": "中等专科",
    "中等专业学校或中等技术学校": "中等专科",
    "职高": "职业高中",
    "职中": "职业高中",
    "职业中学": "职业高中",
    "职业高级中学": "职业高中",
    "技校": "技工学校",
    "技工": "技工学校",
    "技工院校": "技工学校",
    "高中": "普通高中",
    "普高": "普通高中",
    "高级中学": "普通高中",
    "初级中学": "初中",
    "其它": "其他",
    "文盲": "其他",
    "半文盲": "其他",
    "文盲或半文盲": "其他",
}
# Short forms with more than one reading: mapped to the likeliest code, and the check says so
# (EDUCATION_GUESSED) so that staff can correct it. 中技 usually means a 技工学校 diploma (the
# 中等技术学校 it also abbreviates is rare now); 研究生 alone is far more often a master's.
EDUCATION_GUESSES: dict[str, str] = {
    "中技": "技工学校",
    "研究生": "硕士研究生",
}
# "初中文化", "大专学历", "本科毕业": the suffix adds nothing.
_EDUCATION_SUFFIXES: tuple[str, ...] = ("毕业", "学历", "文化程度", "文化")

# The 56 民族 in GB/T 3304 order, then its two extra entries.
ETHNIC_GROUPS: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族", "其他", "外国血统中国籍人士",
)  # fmt: skip

_ETHNICITY_ALIASES: dict[str, str] = {
    "蒙族": "蒙古族",
    "维族": "维吾尔族",
    "畬族": "畲族",  # 畬 (U+756C) is a common mis-typing of 畲 (U+7572)
    "畬": "畲族",
    "其它": "其他",
    "其他民族": "其他",
    "未识别民族": "其他",
    "其他未识别民族": "其他",
    "外国血统": "外国血统中国籍人士",
    "入籍": "外国血统中国籍人士",
}

RESIDENT_ID = "居民身份证"
HK_MACAO_PERMIT = "港澳居民来往内地通行证"
TAIWAN_PERMIT = "台湾居民来往大陆通行证"
RESIDENCE_PERMIT = "港澳台居民居住证"
PASSPORT = "护照"
FOREIGN_PERMANENT_ID = "外国人永久居留身份证"
ID_TYPES: tuple[str, ...] = (
    RESIDENT_ID,
    HK_MACAO_PERMIT,
    TAIWAN_PERMIT,
    RESIDENCE_PERMIT,
    PASSPORT,
    FOREIGN_PERMANENT_ID,
)

_ID_TYPE_ALIASES: dict[str, str] = {
    "身份证": RESIDENT_ID,
    "二代身份证": RESIDENT_ID,
    "第二代身份证": RESIDENT_ID,
    "第二代居民身份证": RESIDENT_ID,
    "身份证号": RESIDENT_ID,
    "身份证号码": RESIDENT_ID,
    "居民身份证号码": RESIDENT_ID,
    "中华人民共和国居民身份证": RESIDENT_ID,
    "临时身份证": RESIDENT_ID,  # same 18-digit number as the card itself
    "临时居民身份证": RESIDENT_ID,
    "回乡证": HK_MACAO_PERMIT,
    "港澳居民往来内地通行证": HK_MACAO_PERMIT,
    # A mainland resident never identifies with a permit for visiting Hong Kong, so in a
    # roster "港澳通行证" can only mean the permit Hong Kong and Macao residents hold.
    "港澳通行证": HK_MACAO_PERMIT,
    "台胞证": TAIWAN_PERMIT,
    "台湾通行证": TAIWAN_PERMIT,
    "台湾居民往来大陆通行证": TAIWAN_PERMIT,
    "港澳居民居住证": RESIDENCE_PERMIT,
    "台湾居民居住证": RESIDENCE_PERMIT,
    "港澳台居住证": RESIDENCE_PERMIT,
    "中国护照": PASSPORT,
    "外国护照": PASSPORT,
    "普通护照": PASSPORT,
    "PASSPORT": PASSPORT,
    "外国人永久居留证": FOREIGN_PERMANENT_ID,
    "外国人永久居留身份证件": FOREIGN_PERMANENT_ID,
    "永久居留身份证": FOREIGN_PERMANENT_ID,
    "永久居留证": FOREIGN_PERMANENT_ID,
    "中国绿卡": FOREIGN_PERMANENT_ID,
}

GENDERS: tuple[str, ...] = ("男", "女")
_GENDER_ALIASES: dict[str, str] = {
    "男性": "男",
    "女性": "女",
    "M": "男",
    "F": "女",
    "MALE": "男",
    "FEMALE": "女",
    "1": "男",  # GB/T 2261.1 codes
    "2": "女",
}


def _table(canonical: tuple[str, ...], aliases: dict[str, str]) -> dict[str, str]:
    table = {name: name for name in canonical}
    table.update(aliases)
    return table


_EDUCATION = _table(EDUCATION_LEVELS, {**_EDUCATION_ALIASES, **EDUCATION_GUESSES})
_ETHNICITY = _table(ETHNIC_GROUPS, _ETHNICITY_ALIASES)
# "汉" → "汉族", "蒙古" → "蒙古族", "土家" → "土家族" …
_ETHNICITY.update({name[:-1]: name for name in ETHNIC_GROUPS if name.endswith("族")})
_ID_TYPE = _table(ID_TYPES, _ID_TYPE_ALIASES)
_GENDER = _table(GENDERS, _GENDER_ALIASES)


def _key(text: str) -> str:
    """The lookup form of a cell: no spaces, half-width, upper case."""
    return "".join(to_half_width(text).split()).upper()


def _lookup(table: dict[str, str], text: str) -> str | None:
    """Look up the cleaned form of a cell: no spaces, half-width, upper case, no (note)."""
    key = _key(text)
    found = table.get(key)
    if found is None and "(" in key:  # "港澳居民来往内地通行证(回乡证)"
        found = table.get(key.split("(", 1)[0])
    return found


def canonical_education(text: str) -> str | None:
    """The platform's 文化程度 for what the user wrote (`大专` → `大学专科`), or None.

    An ambiguous short form gets its likeliest code; `guessed_education` tells which those are.
    """
    found = _EDUCATION.get(text)  # the cell as typed is usually already canonical
    if found is None:
        found = _lookup(_EDUCATION, text)
    if found is None:
        key = _key(text)
        for suffix in _EDUCATION_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                return _EDUCATION.get(key[: -len(suffix)])
    return found


def guessed_education(text: str) -> bool:
    """Whether `text` is one of the ambiguous short forms (EDUCATION_GUESSES), suffix or not."""
    key = _key(text)
    if key in EDUCATION_GUESSES:
        return True
    return any(
        key.endswith(suffix) and key[: -len(suffix)] in EDUCATION_GUESSES
        for suffix in _EDUCATION_SUFFIXES
    )


def canonical_ethnicity(text: str) -> str | None:
    """The GB/T 3304 民族 name for what the user wrote (`汉` → `汉族`), or None."""
    return _ETHNICITY.get(text) or _lookup(_ETHNICITY, text)


def canonical_id_type(text: str) -> str | None:
    """The 证件类型 name for what the user wrote (`身份证` → `居民身份证`), or None."""
    return _ID_TYPE.get(text) or _lookup(_ID_TYPE, text)


def canonical_gender(text: str) -> str | None:
    """`男` or `女` for what the user wrote (`男性`, `M`, `female` …), or None."""
    return _GENDER.get(text) or _lookup(_GENDER, text)
