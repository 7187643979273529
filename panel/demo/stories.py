"""Complaint stories of the kind the seed documents describe."""

from __future__ import annotations

from typing import NamedTuple

from panel.complaints.enums import Category


class Story(NamedTuple):
    department: str
    category: Category
    content: str
    demand: str
    amount: str


STORIES = [
    Story(
        "SH",
        Category.REPAIR_QUALITY,
        "上周在贵店更换刹车片，取车后第三天刹车仍有异响，返修一次未解决。",
        "免费返修并检查刹车系统，给出书面说明。",
        "0",
    ),
    Story(
        "SH",
        Category.PRICING,
        "保养结算单工时费比预约时报价高出 300 元，服务顾问事先未告知。",
        "退还多收的工时费。",
        "300",
    ),
    Story(
        "SH",
        Category.DELAY,
        "钣喷维修承诺三天交车，实际拖了八天，影响上班出行。",
        "减免部分工时费并提供代步补贴。",
        "800",
    ),
    Story(
        "XS",
        Category.SERVICE_ATTITUDE,
        "提车时销售顾问态度冷淡，合同中的赠品至今未兑现。",
        "兑现赠品并道歉。",
        "0",
    ),
    Story(
        "PJ",
        Category.PARTS_SUPPLY,
        "订购的原厂大灯总成等了一个月还没到货，车辆无法上路。",
        "尽快到货，并补偿打车费用。",
        "600",
    ),
    Story(
        "SH",
        Category.PRODUCT_QUALITY,
        "新车行驶三千公里变速箱顿挫明显，怀疑质量问题。",
        "按三包规定更换变速箱。",
        "15000",
    ),
    Story(
        "ZJ",
        Category.SAFETY,
        "维修后高速行驶时方向跑偏，险些发生事故，怀疑四轮定位未做。",
        "立即检查，承担拖车费和检测费。",
        "1200",
    ),
    Story(
        "YY",
        Category.DRIVER_SERVICE,
        "出租车司机拒载，说不顺路，态度恶劣。",
        "对司机进行处理并道歉。",
        "0",
    ),
    Story(
        "YY",
        Category.DRIVER_SERVICE,
        "司机故意绕路，原本 25 元的路程收了 48 元，没有给发票。",
        "退还多收车费，处罚司机。",
        "23",
    ),
    Story(
        "YY",
        Category.SAFETY,
        "司机边开车边打电话并抽烟，多次急刹车，乘客感到不安全。",
        "严肃处理司机。",
        "0",
    ),
    Story(
        "YY",
        Category.LOST_PROPERTY,
        "乘车时把笔记本电脑遗落在后座，联系司机未回复。",
        "尽快找回电脑。",
        "0",
    ),
    Story(
        "CW", Category.PRICING, "发票金额与结算单不一致，财务拒绝重开。", "重新开具正确发票。", "0"
    ),
    Story(
        "KF",
        Category.SERVICE_ATTITUDE,
        "打了三次客服电话都说会回电，一直没人联系。",
        "有专人跟进并给出答复。",
        "0",
    ),
    Story(
        "SH",
        Category.REPAIR_QUALITY,
        "空调维修后漏氟，第二次返修又收了检测费，属于重复维修。",
        "退还检测费，彻底修好空调，赔偿损失。",
        "2500",
    ),
    Story(
        "XS",
        Category.OTHER,
        "置换补贴迟迟未到账，销售顾问推说厂家原因。",
        "书面说明到账时间。",
        "5000",
    ),
]
