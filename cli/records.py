"""问题台账 and photo commands: export-problems (问题清单 for a 调度会), problems (the open ones on the console),
export-photo-list (图片版项目清单)."""
from __future__ import annotations

import argparse

from cli import add_period, open_store
from models.errors import UserError

ORDER = 45


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-problems", help="导出问题清单（.xlsx / .docx）",
                       description="按问题类型或责任单位分组，列出截至某月底未解决的问题（挂账时间长的在前）和当月已解决的问题："
                                   "责任单位、包保领导、已挂账月数、最新协调情况。供调度会使用。")
    add_period(p)
    p.add_argument("out", metavar="输出文件", help="以 .xlsx 结尾生成表格，以 .docx 结尾生成 Word 文档")
    p.add_argument("--by", choices=("cause", "unit"), default="cause",
                   help="分组：cause 按问题类型（默认），unit 按责任单位")
    p.set_defaults(func=cmd_export_problems)

    p = sub.add_parser("problems", help="列出未解决的问题",
                       description="列出截至某月底未解决的问题：项目、问题、责任单位、已挂账月数。")
    add_period(p)
    p.add_argument("--solve-vanished", action="store_true",
                   help="这个月报表里没有再填写的问题标为已解决（今天；可在窗口撤销）")
    p.set_defaults(func=cmd_problems)
    register_photos(sub)


def cmd_export_problems(args: argparse.Namespace) -> int:
    from exporters.problem_list import write_problem_list
    from models.problem_list import build_problem_list

    if not args.out.lower().endswith((".xlsx", ".docx")):
        raise UserError(f"输出文件应以 .xlsx 或 .docx 结尾：{args.out}")
    store = open_store(args, create=False)
    pl = build_problem_list(store, args.year, args.month, args.by)
    write_problem_list(pl, args.out)
    print(f"已生成{args.year}年{args.month}月问题清单（未解决{pl.open_count}个，本月已解决{pl.solved_count}个）：{args.out}")
    return 0


def cmd_problems(args: argparse.Namespace) -> int:
    from models.problem_list import build_problem_list

    store = open_store(args, create=False)
    if args.solve_vanished:
        import datetime as dt

        from models import records

        gone = records.vanished(store, args.year, args.month)
        n = records.solve(store, [p.id for p in gone if p.id is not None], dt.date.today(),
                          label=f"{args.month}月报表不再填写的{len(gone)}个问题标为已解决") if gone else 0
        print(f"已将{n}个{args.month}月报表不再填写的问题标为已解决" if n else f"{args.month}月报表没有不再填写的问题")
    pl = build_problem_list(store, args.year, args.month)
    for g in pl.groups:
        print(f"【{g.name}】")
        for i in g.items:
            if i.state != "已解决":
                print(f"  {i.project}（{i.unit or '未填责任单位'}）：{i.text}，{i.state}，已挂账{i.months_open}个月")
    print(f"共{pl.open_count}个未解决")
    return 0


def register_photos(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-photo-list", help="导出图片版项目清单（.docx）",
                       description="每个项目半页：截至某月最新的一张形象进度照片和主要数字，供调度会使用。只列有照片的项目。")
    add_period(p)
    p.add_argument("out", metavar="输出文件", help=".docx 文件")
    p.set_defaults(func=cmd_export_photo_list)

    p = sub.add_parser("purge-photos", help="清理已删除照片占用的空间",
                       description="删除照片后，图片仍留在台账文件里以便撤销。这个命令先备份，再把不再使用的图片清掉并压缩文件。"
                                   "清理后，撤销以前的照片删除只能恢复记录，不能恢复图片。")
    p.set_defaults(func=cmd_purge_photos)


def cmd_export_photo_list(args: argparse.Namespace) -> int:
    from exporters.photo_list import write_photo_list
    from models.report import build_report

    if not args.out.lower().endswith(".docx"):
        raise UserError(f"输出文件应以 .docx 结尾：{args.out}")
    store = open_store(args, create=False)
    report = build_report(store, args.year, args.month)
    pictures = list_photos(store, args.year, args.month)
    write_photo_list(report, pictures, args.out)
    shown = sum(1 for l in report.lines if l.project.id in pictures)
    print(f"已生成{args.year}年{args.month}月图片版项目清单（{shown}个项目）：{args.out}")
    return 0


def list_photos(store, year: int, month: int) -> dict:
    """Per project, its latest photo up to the month, as the exporter takes it."""
    from exporters.photo_list import ListPhoto
    from models.photos import latest_photos

    return {pid: ListPhoto(data, p.width, p.height, f"{p.year}年{p.month}月")
            for pid, (p, data) in latest_photos(store, year, month).items()}


def cmd_purge_photos(args: argparse.Namespace) -> int:
    from models.photos import purge_unused

    store = open_store(args, create=False)
    n, size = purge_unused(store)
    print(f"已清理{n}张不再使用的图片，释放约{size / 2**20:.1f} MB" if n else "没有不再使用的图片，无需清理")
    return 0
