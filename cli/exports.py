"""Spreadsheet and list commands: export-monthly (月报 .xlsx), export-list (项目清单 .pdf / .xlsx)."""
from __future__ import annotations

import argparse
import datetime as dt

from cli import open_store

ORDER = 30


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-monthly", help="导出月报表（.xlsx）",
                       description="生成上报用的月报表：标题、填报单位、两行表头、合计行在前、分组小计、项目编号、"
                                   "填表人等表尾；A4横向、每页重复表头。项目类别、建设性质、级别（是/否）一并写出，"
                                   "导回本程序可原样恢复。")
    p.add_argument("--year", type=int, required=True, metavar="年", help="年份，如 2024")
    p.add_argument("--month", type=int, required=True, metavar="月", help="截至月份（1—12），标题写作“1—M月”")
    p.add_argument("out", metavar="输出文件", help=".xlsx 文件")
    p.add_argument("--group", choices=["category", "unit", "office", "nature", "band", "none"], default="category",
                   help="分组方式：category 按项目类别（默认）、unit 按责任单位、office 按报送单位、nature 按建设性质、"
                        "band 按进度、none 不分组")
    p.set_defaults(func=cmd_export_monthly)

    p = sub.add_parser("export-list", help="导出项目清单（.pdf / .xlsx）",
                       description="调度会用的项目清单：A4横向，按单位、类别或进度分组，每页重复表头并有页码。")
    p.add_argument("out", metavar="输出文件", help=".pdf 或 .xlsx 文件")
    p.add_argument("--year", type=int, metavar="年", help="年份（默认今年）")
    p.add_argument("--month", type=int, metavar="月", help="月份（默认上个月）")
    p.add_argument("--group", choices=["unit", "category", "band"], default="unit",
                   help="分组方式：unit 按责任单位（默认）、category 按项目类别、band 按进度")
    p.add_argument("--approvals", action="store_true", help="加一列“前期手续”：尚未办结的手续")
    p.set_defaults(func=cmd_export_list)


def _period(args: argparse.Namespace) -> tuple[int, int]:
    today = dt.date.today()
    last = today.replace(day=1) - dt.timedelta(days=1)
    year = args.year or (last.year if not args.month else today.year)
    month = args.month or (last.month if year == last.year else 12)
    return year, month


def cmd_export_monthly(args: argparse.Namespace) -> int:
    from exporters.monthly_xlsx import write_monthly_xlsx
    from models.report import build_report
    from models.validation import check_month

    check_month(args.year, args.month)
    store = open_store(args, create=False)
    report = build_report(store, args.year, args.month)
    path = write_monthly_xlsx(report, args.out, group_by=args.group)
    print(f"已导出月报：{path}（{report.total.count}个项目）")
    return 0


def cmd_export_list(args: argparse.Namespace) -> int:
    from exporters.project_list import write_list
    from models.report import build_report
    from models.validation import check_month

    year, month = _period(args)
    check_month(year, month)
    store = open_store(args, create=False)
    report = build_report(store, year, month)
    path = write_list(report, args.out, by=args.group, approvals=args.approvals)
    print(f"已导出项目清单：{path}（{report.total.count}个项目）")
    return 0
