"""Document commands: export-analysis (文字分析), save-analysis, export-notices (督办单), notices, notice-response."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from cli import add_period, date_arg, open_store
from models.errors import UserError

ORDER = 40



def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-analysis", help="导出文字分析（.docx / .txt）",
                       description="按公文格式（GB/T 9704）生成某月的文字分析：总体情况、项目推进情况、存在的问题、下步工作。"
                                   "数据库中有该月修改稿时导出修改稿。")
    add_period(p)
    p.add_argument("out", metavar="输出文件", help="以 .docx 结尾生成 Word 文档，以 .txt 结尾生成纯文本")
    p.add_argument("--attachment", action="store_true", help="附上未开工及进度滞后项目情况表")
    p.add_argument("--regenerate", action="store_true", help="忽略已保存的修改稿，按当前数据重新生成")
    p.add_argument("--date", type=date_arg, metavar="日期", help="落款日期，如 2024-05-05（默认今天）")
    p.add_argument("--no-charts", action="store_true",
                   help="不附图（默认在 .docx 末尾附上完成率、进度分档和逐月累计完成三张图；.txt 从不附图）")
    p.add_argument("--group", choices=["unit", "office"], default="unit",
                   help="按哪种单位列举项目、给单位排名：unit 责任单位（默认）、office 报送单位（报表来自哪个单位）")
    p.set_defaults(func=cmd_export_analysis)

    p = sub.add_parser("save-analysis", help="保存修改后的文字分析",
                       description="把修改过的文字分析（.txt，第一行为标题，每段一行）存入数据库，"
                                   "此后 export-analysis 导出该修改稿；文件为空则删除修改稿。")
    add_period(p)
    p.add_argument("file", metavar="文本文件", help="UTF-8（可带BOM）或GBK/GB18030编码的 .txt")
    p.set_defaults(func=cmd_save_analysis)

    p = sub.add_parser("export-notices", help="生成督办单（.docx）",
                       description="为未赶上序时进度的项目和逾期未开工的项目各生成一页督办单，编号当年内不重复；"
                                   "同一月份重复导出时沿用已下发的编号。")
    add_period(p)
    p.add_argument("out", metavar="输出文件", help=".docx 文件")
    p.add_argument("--date", type=date_arg, metavar="日期", help="下发日期，如 2024-05-05（默认今天）；办结时限由此起算")
    p.set_defaults(func=cmd_export_notices)

    p = sub.add_parser("notices", help="列出督办单及办理情况",
                       description="列出某年的督办单：编号、项目、办结时限、状态；逾期未反馈的标出。")
    p.add_argument("--year", type=int, required=True, metavar="年")
    p.add_argument("--month", type=int, metavar="月", help="只列该月报表下发的督办单")
    p.set_defaults(func=cmd_notices)

    p = sub.add_parser("notice-response", help="登记督办单办理情况",
                       description="登记责任单位反馈的办理情况；--done 同时标记为已办结。")
    p.add_argument("--year", type=int, required=True, metavar="年", help="编号中的年份〔年〕")
    p.add_argument("--number", type=int, required=True, metavar="号", help="编号中的序号（第N号）")
    p.add_argument("text", metavar="办理情况")
    p.add_argument("--date", type=date_arg, metavar="日期", help="反馈日期（默认今天）")
    p.add_argument("--done", action="store_true", help="同时标记为已办结")
    p.set_defaults(func=cmd_notice_response)


def _suffix(out: str, allowed: tuple[str, ...]) -> str:
    suffix = Path(out).suffix.lower()
    if suffix not in allowed:
        raise UserError(f"输出文件应以 {' 或 '.join(allowed)} 结尾：{out}")
    return suffix


def cmd_export_analysis(args: argparse.Namespace) -> int:
    from exporters.analysis import build_analysis
    from exporters.analysis_docx import write_analysis_docx, write_analysis_txt
    from exporters.charts import report_charts
    from models.analysis_texts import load_draft
    from models.lights import recent_lights, turned_red
    from models.report import build_report
    from models.trend import year_trend

    suffix = _suffix(args.out, (".docx", ".txt"))
    store = open_store(args, create=False)
    report = build_report(store, args.year, args.month)
    if not report.lines:
        raise UserError(f"{args.year}年没有项目，无法生成文字分析")
    if args.group == "office":
        from models.report import by_office_view
        report = by_office_view(report)
    draft = None if args.regenerate else load_draft(store, args.year, args.month)
    source = draft.text if draft else build_analysis(report, today=args.date,
                                                      turned_red=turned_red(report, recent_lights(report)))
    attachment = report if args.attachment else None
    if suffix == ".docx":
        charts = [] if args.no_charts else report_charts(report, year_trend(store, args.year, args.month))
        write_analysis_docx(source, args.out, attachment=attachment, author=report.office, charts=charts)
    else:
        write_analysis_txt(source, args.out, attachment=attachment)
    where = f"（使用{draft.updated_at.replace('T', ' ')}保存的修改稿）" if draft else ""
    print(f"已生成{args.year}年{args.month}月文字分析{where}：{args.out}")
    return 0


def cmd_save_analysis(args: argparse.Namespace) -> int:
    from models.analysis_texts import save_draft

    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取「{args.file}」：{exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:   # Notepad on an older Windows saves ANSI: GBK on a Chinese system, read as its superset GB18030
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise UserError(f"「{args.file}」不是文本文件（应为UTF-8或GBK/GB18030编码）") from None
    store = open_store(args, create=False)
    save_draft(store, args.year, args.month, text)
    print(f"已保存{args.year}年{args.month}月文字分析修改稿" if text.strip() else "已删除修改稿")
    return 0


def cmd_export_notices(args: argparse.Namespace) -> int:
    from exporters.notices import export_notices
    from models.report import build_report

    _suffix(args.out, (".docx",))
    store = open_store(args, create=False)
    report = build_report(store, args.year, args.month)
    notices = export_notices(store, report, args.out, args.date or dt.date.today())
    if not notices:
        print(f"{args.year}年{args.month}月没有需要督办的项目，未生成督办单")
        return 0
    first, last = notices[0].number, notices[-1].number
    print(f"已生成督办单{len(notices)}份（{first}" + (f"至{last}" if len(notices) > 1 else "") + f"）：{args.out}")
    return 0


def cmd_notices(args: argparse.Namespace) -> int:
    from models.notices import notices

    store = open_store(args, create=False)
    rows = notices(store, args.year, args.month)
    if not rows:
        print(f"{args.year}年没有督办单")
        return 0
    today = dt.date.today()
    for n in rows:
        p = store.project(n.project_id)
        late = "（已逾期）" if n.is_overdue(today) else ""
        print(f"{n.number}\t{n.report_month}月\t{p.name if p else '（项目已删除）'}\t{p.unit if p else ''}\t"
              f"办结时限{n.deadline}\t{n.status}{late}")
    return 0


def cmd_notice_response(args: argparse.Namespace) -> int:
    from models.notices import find_notice, record_response

    store = open_store(args, create=False)
    n = find_notice(store, args.year, args.number)
    if n is None:
        raise UserError(f"没有编号为〔{args.year}〕第{args.number}号的督办单")
    n = record_response(store, n.id, args.text, args.date, closed=args.done)
    print(f"已登记{n.number}办理情况，状态：{n.status}")
    return 0
