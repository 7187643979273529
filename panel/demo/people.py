"""Departments, staff, drivers and the demo login accounts."""

from __future__ import annotations

import random

from panel.organisation.models.department import DepartmentKind
from panel.organisation.models.user import Role

DEPARTMENTS = [
    # code, name, kind
    ("KF", "客户服务部", DepartmentKind.CUSTOMER_SERVICE),
    ("XS", "销售部", DepartmentKind.SALES),
    ("SH", "售后服务部", DepartmentKind.AFTER_SALES),
    ("CW", "财务部", DepartmentKind.FINANCE),
    ("PJ", "配件部", DepartmentKind.PARTS),
    ("XZ", "行政部", DepartmentKind.ADMINISTRATION),
    ("YY", "营运部", DepartmentKind.OPERATIONS),
    ("ZJ", "质量检验部", DepartmentKind.QUALITY_INSPECTION),
]

POSITIONS = {
    "KF": ["客服专员", "回访专员", "客服主管"],
    "XS": ["销售顾问", "销售顾问", "展厅主管"],
    "SH": ["服务顾问", "机电技师", "钣喷技师", "车间主管"],
    "CW": ["收银员", "会计"],
    "PJ": ["配件专员", "库管员"],
    "XZ": ["行政专员"],
    "YY": ["营运专员", "调度员"],
    "ZJ": ["总检验员", "质检员"],
}
MANAGER_TITLES = {
    "KF": "客服总监",
    "XS": "销售经理",
    "SH": "服务经理",
    "CW": "财务经理",
    "PJ": "配件经理",
    "XZ": "行政经理",
    "YY": "营运经理",
    "ZJ": "技术总监",
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华红建国志浩宇轩晨欣怡子涵俊"
RARE_NAMES = ["刘䶮", "吉𠮷", "王喆", "李燊", "张犇"]

# (username, role, department code of the linked staff, staff position)
DEMO_USERS = [
    ("clerk", Role.CLERK, "KF", "客服专员"),
    ("advisor", Role.ADVISOR, "SH", "服务顾问"),
    ("deptmgr", Role.DEPT_MANAGER, "SH", "售后服务部经理"),
    ("svcmgr", Role.SERVICE_MANAGER, "KF", "客服总监"),
    ("gm", Role.GENERAL_MANAGER, "XZ", "总经理"),
    ("auditor", Role.AUDITOR, "ZJ", "内审专员"),
    ("admin", Role.ADMIN, "XZ", "系统管理员"),
]


DEMO_NAMES = ["陈晓雯", "王建国", "刘志强", "赵敏", "孙国平", "周静", "吴磊"]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def mobile(rng: random.Random) -> str:
    return (
        rng.choice(["138", "139", "135", "186", "159", "177", "199"])
        + f"{rng.randrange(10**8):08d}"
    )


def address(rng: random.Random) -> str:
    district = rng.choice(["武侯区", "锦江区", "青羊区", "金牛区", "成华区"])
    road = rng.choice(["人民南路", "天府大道", "蜀都大道", "一环路"])
    return f"成都市{district}{road}{rng.randrange(1, 400)}号"


def plate(rng: random.Random, new_energy: bool = False) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    city = rng.choice("AAAAABCFGHKLMQRSTUVWXYZ")
    if new_energy:
        return f"川{city}D{rng.choice(letters)}{rng.randrange(10000):04d}"
    tail = "".join(rng.choice(letters + "0123456789") for _ in range(2))
    return f"川{city}{rng.randrange(1000):03d}{tail}"
