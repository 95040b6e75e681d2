"""Fictional but realistic candidates and portrait photos, for the demo, benchmarks and tests.

Every person made here is invented: names are drawn from common surnames and given-name
characters, ID numbers are built with valid check digits from Zhejiang area codes, phones are
well-formed. Nothing here is anyone's real data.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from skilldesk.core.rules.identity import resident_id_check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰志强海燕晓东文博子涵雨婷浩然思远佳怡梓轩欣怡宇航俊杰诗琪一鸣嘉豪晨曦梦瑶天佑紫萱家乐昊天若曦"
# Quzhou and Hangzhou districts (GB/T 2260 codes).
AREAS = ("330802", "330803", "330822", "330824", "330825", "330881", "330102", "330106", "330110")
EDUCATION = (
    ("初中", 18),
    ("普通高中", 14),
    ("中等专科", 12),
    ("职业高中", 8),
    ("技工学校", 16),
    ("大学专科", 20),
    ("大学本科", 10),
    ("硕士研究生", 1),
    ("小学", 1),
)
ETHNICITY = (("汉族", 96), ("畲族", 3), ("回族", 1))
SOURCES = ("企业职工", "院校学生", "社会人员")
EMPLOYERS = (
    "衢州市示范技师学院",
    "浙西精工机械有限公司",
    "衢江新材料科技有限公司",
    "常山县某电气设备厂",
    "龙游县示范食品有限公司",
    "江山市示范门业有限公司",
    "开化县示范水电站",
    "柯城区示范家政服务中心",
)
STREETS = (
    "荷花中路",
    "衢化路",
    "三衢路",
    "新桥街",
    "县学街",
    "花园东大道",
    "世纪大道",
    "九华北大道",
)
PREFIXES = (
    "138",
    "139",
    "137",
    "135",
    "136",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "187",
    "188",
    "133",
    "153",
    "180",
    "189",
    "177",
    "199",
)


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    names, weights = zip(*table, strict=True)
    return str(rng.choices(names, weights=weights)[0])


def make_resident_id(rng: random.Random, birth: dt.date, male: bool) -> str:
    sequence = rng.randrange(0, 100) * 10 + (
        rng.choice((1, 3, 5, 7, 9)) if male else rng.choice((0, 2, 4, 6, 8))
    )
    first17 = f"{rng.choice(AREAS)}{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_digit(first17)


def make_candidate(rng: random.Random, occupation: str, level: str) -> dict[str, Any]:
    male = rng.random() < 0.62
    birth = dt.date(1968, 1, 1) + dt.timedelta(days=rng.randrange(0, 38 * 365))
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    employer = rng.choice(EMPLOYERS)
    return {
        "name": rng.choice(SURNAMES) + given,
        "id_type": "居民身份证",
        "id_number": make_resident_id(rng, birth, male),
        "gender": "男" if male else "女",
        "birth_date": birth,
        "ethnicity": _weighted(rng, ETHNICITY),
        "education": _weighted(rng, EDUCATION),
        "phone": rng.choice(PREFIXES) + f"{rng.randrange(0, 10**8):08d}",
        "source": "院校学生" if employer.endswith("学院") else rng.choice(SOURCES),
        "employer": employer,
        "years_in_occupation": str(rng.randrange(1, 20)),
        "original_level": rng.choice((None, None, "五级/初级工", "四级/中级工")),
        "title_level": None,
        "certificate_number": None,
        "address": f"浙江省衢州市{rng.choice(STREETS)}{rng.randrange(1, 300)}号",
        "email": None,
        "occupation": occupation,
        "level": level,
        "subjects": "理论,实操",
        "application_condition": "取得本职业或相关职业五级/初级工证书后，累计从事本职业工作4年（含）以上",
        "training_hours": str(rng.choice((80, 120, 160))),
    }


def make_candidates(
    count: int, *, seed: int = 1, occupation: str = "电工", level: str = "四级/中级工"
) -> list[dict[str, Any]]:
    """`count` fictional candidates with unique ID numbers, reproducible from `seed`."""
    rng = random.Random(seed)
    people: list[dict[str, Any]] = []
    seen: set[str] = set()
    while len(people) < count:
        person = make_candidate(rng, occupation, level)
        if person["id_number"] not in seen:
            seen.add(person["id_number"])
            people.append(person)
    return people


def make_portrait_jpeg(seed: int, size: tuple[int, int] = (390, 567), quality: int = 93) -> bytes:
    """A fictional ID-style portrait: white background, head and shoulders, some texture."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    shirt = rng.choice(((30, 40, 70), (60, 60, 60), (20, 70, 120), (240, 240, 235)))
    skin = (rng.randrange(215, 245), rng.randrange(180, 210), rng.randrange(150, 185))
    hair = (rng.randrange(10, 50),) * 3
    cx = width // 2 + rng.randrange(-8, 9)
    draw.ellipse((cx - width * 0.48, height * 0.72, cx + width * 0.48, height * 1.35), fill=shirt)
    draw.rectangle((cx - width * 0.09, height * 0.55, cx + width * 0.09, height * 0.78), fill=skin)
    head = (cx - width * 0.2, height * 0.2, cx + width * 0.2, height * 0.64)
    draw.ellipse((head[0] - 6, head[1] - 14, head[2] + 6, head[3] - 40), fill=hair)
    draw.ellipse(head, fill=skin)
    for dx in (-0.08, 0.08):
        draw.ellipse(
            (cx + width * dx - 7, height * 0.39, cx + width * dx + 7, height * 0.41 + 6),
            fill=(40, 30, 30),
        )
    draw.arc((cx - 22, height * 0.5, cx + 22, height * 0.56), 20, 160, fill=(150, 70, 70), width=3)
    # Camera noise on the subject keeps the file size in the range real photos have.
    # Noise from the seeded generator (Pillow's effect_noise is not reproducible).
    noise = Image.frombytes("L", size, rng.randbytes(width * height)).convert("RGB")
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse(
        (cx - width * 0.5, height * 0.15, cx + width * 0.5, height * 1.4), fill=60
    )
    image = Image.composite(
        Image.blend(image, noise, 0.35), image, mask.filter(ImageFilter.GaussianBlur(8))
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
