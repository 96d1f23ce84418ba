"""Core commands: init, import, summary, demo."""
from __future__ import annotations

import argparse

from cli import add_period, open_store
from cli.console import write_json

ORDER = 10
MONEY_UNITS = ["元", "万元", "亿元"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="新建（或升级）数据库", description="新建数据库；已存在时检查并升级其结构。")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("import", help="导入报表（.xlsx / .csv）",
                       description="导入各单位报送的报表：自动识别表头、列、金额单位、年份月份；同名同单位的项目更新而不重复。")
    p.add_argument("file", metavar="文件", nargs="+",
                   help="要导入的 .xlsx 或 .csv 文件；可以写多个文件或文件夹（每个文件单独导入、可单独撤销）")
    p.add_argument("--year", type=int, metavar="年", help="年份（默认从标题或表头识别）")
    p.add_argument("--month", type=int, metavar="月", help="月份（默认从标题或表头识别，如“1-4月”）")
    p.add_argument("--sheet", metavar="工作表", help="工作表名称（默认自动选择）")
    p.add_argument("--unit", metavar="责任单位",
                   help="表中找不到责任单位（没有责任单位列、分组行或填报单位行）时，这张表各项目的责任单位")
    p.add_argument("--money-unit", choices=MONEY_UNITS, help="表中未注明单位的金额列的单位")
    p.add_argument("--dry-run", action="store_true", help="只显示识别结果，不写入数据库")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("summary", help="显示某月汇总数字",
                       description="按年份月份计算总体情况、进度分档、分组汇总；--json 输出供脚本使用。")
    add_period(p)
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("demo", help="生成演示数据", description="生成逼真的演示数据（单位、类别、计划、逐月进展、问题）。")
    p.add_argument("--projects", type=int, default=60, metavar="个数", help="项目个数（默认60）")
    p.add_argument("--year", type=int, metavar="年", help="年份（默认今年）")
    p.add_argument("--seed", type=int, default=2024, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    store = open_store(args)
    print(f"数据库已就绪：{store.path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from cli.returns import import_many

    return import_many(args)


def cmd_summary(args: argparse.Namespace) -> int:
    from models.report import build_report
    from models.summary_text import summary_text

    store = open_store(args, create=False)
    report = build_report(store, args.year, args.month)
    if args.json:
        from models.lights import recent_lights, turned_red_json

        data = report.as_json()
        data["turned_red"] = turned_red_json(report, recent_lights(report))
        from models.returns import returns_of
        data["returns"] = [r.as_json() for r in returns_of(store, args.year, args.month)]
        write_json(data)
    else:
        print(summary_text(report))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from models.demo import make_demo

    store = open_store(args)
    n = make_demo(store, projects=args.projects, year=args.year, seed=args.seed)
    print(f"已生成{n}个演示项目：{store.path}")
    return 0
