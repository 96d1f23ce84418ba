"""The 通报 command: export-bulletin ranks the units by 完成率 and 开工率 and names the lagging and red-light projects."""
from __future__ import annotations

import argparse
from pathlib import Path

from cli import add_period, date_arg, open_store
from models.errors import UserError

ORDER = 45



def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-bulletin", help="生成通报（.docx）",
                       description="生成重点项目建设进展情况通报：各责任单位按完成率、开工率排名（点名前三位和后三位），"
                                   "列出进度滞后和亮红灯的项目。期号按年连续编排、不重复；同一月份重复导出时沿用原期号。")
    add_period(p)
    p.add_argument("out", metavar="输出文件", help=".docx 文件")
    p.add_argument("--date", type=date_arg, metavar="日期", help="落款日期，如 2024-10-08（默认今天）")
    p.set_defaults(func=cmd_export_bulletin)


def cmd_export_bulletin(args: argparse.Namespace) -> int:
    from exporters.bulletin import write_bulletin_docx
    from models.bulletin import issue_number, record_issue
    from models.report import build_report

    if Path(args.out).suffix.lower() != ".docx":
        raise UserError(f"输出文件应以 .docx 结尾：{args.out}")
    store = open_store(args, create=False)
    report = build_report(store, args.year, args.month)
    if not report.lines:
        raise UserError(f"{args.year}年没有项目，无法生成通报")
    number = issue_number(store, args.year, args.month)
    # the number is kept only once the file is written: a file open in Word uses up no 期号
    write_bulletin_docx(report, number, args.out, args.date)
    record_issue(store, args.year, args.month, number)
    print(f"已生成{args.year}年第{number}期通报（{args.year}年{args.month}月）：{args.out}")
    return 0
