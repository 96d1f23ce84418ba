"""Believable demo data: units, categories, plans and month-by-month figures with a real mix of bands and problems."""
from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from .money import FEN_PER_WAN

if TYPE_CHECKING:
    from .store import Store

UNITS = ["区发改局", "区住建局", "区交通运输局", "区水利局", "区教育局", "区卫健局", "区农业农村局", "区文旅局",
         "经济开发区管委会", "高新区管委会", "城关镇", "柳河镇", "石桥镇", "青山乡", "白沙乡", "东城街道",
         "西城街道", "南湖街道", "区城投公司", "区自然资源局"]
LEADERS = ["王建国", "李明", "张卫东", "刘芳", "陈志强", "杨洪", "赵勇", "黄海涛", "周敏", "吴立新"]
PLACES = ["城东", "城西", "南湖", "柳河", "石桥", "青山", "白沙", "东城", "高新区", "开发区", "北岸", "滨江",
          "金山", "凤凰", "龙泉", "桃园", "新港", "花园", "学府", "临江"]
THINGS = {
    "工业": ["新材料产业园", "智能装备制造基地", "汽车零部件生产线", "电子信息产业园", "精细化工技改", "食品加工厂",
             "光伏组件生产线", "标准化厂房"],
    "农业": ["高标准农田建设", "特色养殖基地", "农产品冷链物流中心", "蔬菜产业园", "农田水利综合整治", "茶叶加工基地"],
    "基础设施": ["道路改造工程", "污水处理厂", "供水管网改造", "堤防加固工程", "综合管廊", "大桥建设",
               "停车场建设", "燃气管网工程"],
    "社会事业": ["中学新建工程", "人民医院综合楼", "文化中心", "体育馆", "养老服务中心", "幼儿园建设"],
    "服务业": ["商贸综合体", "物流园", "旅游景区提升", "星级酒店", "农贸市场改造", "电商产业园"],
    "民生": ["棚户区改造", "老旧小区改造", "安置房建设", "农村安全饮水", "保障性住房"],
}
PROBLEMS = ["土地报批未完成", "征地拆迁进度慢", "项目资金未到位", "融资未落实", "施工许可证尚未办理", "环评批复未取得",
            "设计方案调整", "规划方案需重新审批", "投资方资金链紧张", "施工单位力量不足", "雨季影响施工进度"]
PROGRESS = ["主体结构施工中", "基础施工已完成", "完成场地平整", "钢结构安装中", "设备安装调试中", "路基施工完成60%",
            "管网铺设完成过半", "装饰装修施工中", "完成主体封顶", "正在进行附属工程"]
NATURES_WEIGHTED = ["新建"] * 6 + ["续建"] * 3 + ["扩建", "改建"]


def make_demo(store: Store, projects: int = 60, year: int | None = None, seed: int = 2024,
              through_month: int | None = None) -> int:
    """Fill the store with `projects` demo projects for `year` and figures up to this month; returns the count."""
    rnd = random.Random(seed)
    today = dt.date.today()
    year = year or today.year
    last = through_month or (12 if year < today.year else max(1, today.month - 1 if today.day < 10 else today.month))
    names: set[str] = set()
    rows: list[dict[str, Any]] = []
    for i in range(projects):
        category = rnd.choice(list(THINGS))
        while True:
            name = rnd.choice(PLACES) + rnd.choice(THINGS[category])
            if projects > 300:
                name += f"（{i + 1}期）" if name in names else ""
            if name not in names:
                break
        names.add(name)
        total_wan = rnd.choice([800, 1500, 3000, 5000, 8000, 12000, 20000, 35000, 60000, 120000])
        total = total_wan * FEN_PER_WAN + rnd.randrange(0, 100) * 10_000
        plan = int(total * rnd.uniform(0.15, 0.6)) // 10_000 * 10_000
        nature = rnd.choice(NATURES_WEIGHTED)
        kind = rnd.random()
        # the mix real reports show: most under way, some ahead, some lagging, a few not started or done
        if kind < 0.08:
            status, start_month, pace = "未开工", None, 0.0
        elif kind < 0.15:
            status, start_month, pace = "已竣工", 1, rnd.uniform(1.0, 1.15)
        else:
            status = "在建"
            start_month = 1 if nature == "续建" else rnd.randint(1, max(1, min(last, 6)))
            pace = rnd.choice([rnd.uniform(0.3, 0.8), rnd.uniform(0.85, 1.3), rnd.uniform(1.0, 1.6)])
        planned = rnd.randint(1, 10)
        unit = rnd.choice(UNITS)
        card = {
            "name": name, "unit": unit, "leader": rnd.choice(LEADERS), "category": category, "nature": nature,
            "is_city_key": rnd.random() < 0.3, "is_district_key": rnd.random() < 0.7,
            "is_assessed": rnd.random() < 0.25, "total_investment": total, "location": unit,
            "scale": f"总建筑面积约{rnd.randint(1, 30) * 1000}平方米",
            "period": f"{year - (nature == '续建')}-{year + rnd.randint(0, 2)}",
            "planned_start": f"{year - (nature == '续建'):04d}-{planned:02d}", "status": status,
            "funding_source": rnd.choice(["企业自筹", "财政资金", "地方政府专项债券", "中央预算内投资、企业自筹"]),
            "contact": rnd.choice(LEADERS)[:1] + "工", "phone": f"0710-{rnd.randint(3000000, 3999999)}",
        }
        if status != "未开工":
            card["actual_start"] = f"{year - (nature == '续建'):04d}-{(start_month or 1):02d}-{rnd.randint(1, 28):02d}"
        if status == "已竣工":
            card["actual_finish"] = f"{year:04d}-{rnd.randint(min(3, last), last):02d}-{rnd.randint(1, 28):02d}"
        problem = rnd.choice(PROBLEMS) if (status == "未开工" or pace < 0.85) else ""
        rows.append({"card": card, "plan": plan, "pace": pace, "start": start_month, "problem": problem})
    with store.operation(f"生成演示数据（{projects}个项目）") as op:
        for r in rows:
            pid = store._insert_project(op, r["card"])
            store._set_plan(op, pid, year, {"plan": r["plan"], "target": "完成年度投资计划"})
            project = store.project(pid)
            assert project is not None      # inserted just above
            ytd = 0
            for m in range(1, last + 1):
                if r["start"] is None or m < r["start"]:
                    continue
                expected = r["plan"] * min(1.0, r["pace"] * m / 12)
                ytd = max(ytd, int(expected) // 10_000 * 10_000)
                fig = {"ytd": ytd, "progress": rnd.choice(PROGRESS), "problem": r["problem"],
                       "next_plan": "加快施工进度，确保完成年度目标"}
                store._set_figure(op, project, year, m, fig)
    return projects

