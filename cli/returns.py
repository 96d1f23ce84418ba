"""报送与审核 commands: import many returns at once, the units × state of a month, 审核 and the 退回说明."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli import add_period, open_store
from cli.console import write_json
from models.errors import UserError

ORDER = 15
MONEY_UNITS = ["元", "万元", "亿元"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("returns", help="本月各单位报送与审核情况",
                       description="列出某月各单位的报表：未报 / 待审 / 已审核 / 退回，文件、导入时间、项目数、待核实数；"
                                   "--unit 显示这个单位报表的详细情况（各版本、漏报的项目、与上一版相比的变化）。")
    add_period(p)
    p.add_argument("--unit", metavar="单位", help="只看这个单位的报表")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_returns)

    p = sub.add_parser("review", help="审核单位报表：通过或退回",
                       description="审核某单位某月的报表：--accept 审核通过；--send-back 意见 退回（可同时用 --note 写出"
                                   "退回说明 .docx 或 .txt）。可撤销。")
    p.add_argument("unit", metavar="单位")
    add_period(p)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--accept", action="store_true", help="审核通过")
    g.add_argument("--send-back", metavar="审核意见", help="退回，并写明审核意见")
    p.add_argument("--note", metavar="文件", help="写出退回说明（.docx 或 .txt）")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("merge-renamed", help="新项目其实是原项目改名：并入原项目",
                       description="导入时标为待核实的新项目，如果是台账中原有项目改了名，把它并入原项目（原项目改用新名称，"
                                   "数字随之合并）。可撤销。")
    p.add_argument("new", metavar="新名称")
    p.add_argument("old", metavar="原名称")
    p.add_argument("--unit", required=True, metavar="责任单位")
    p.set_defaults(func=cmd_merge_renamed)


def import_many(args: argparse.Namespace) -> int:
    """`import F1 F2 … | FOLDER`: each file its own undoable step and report; a summary line per file at the end.
    Exit 0 when every file was imported, 1 when any was refused (the others are stored all the same)."""
    from importers.batch import batch_text, expand, read_one, store_one
    from models.returns import known_units

    # `--unit 元` meant the amount unit before --money-unit existed: scripts written then keep working
    money_unit, unit = args.money_unit, args.unit
    if unit in MONEY_UNITS and not money_unit:
        money_unit, unit = unit, None
    paths = expand(args.file)
    if not paths:
        raise UserError(f"「{'、'.join(args.file)}」中没有可导入的报表（.xlsx / .csv）")
    single = len(paths) == 1

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r已读取 {done} 行…", end="", file=sys.stderr)

    store = None
    done = []
    for i, path in enumerate(paths, 1):
        if not single:
            print(f"===== [{i}/{len(paths)}] {path.name} =====")
        # the file is read before the 台账 is opened for writing: a bad file is refused even while a window has it
        known = known_units(store) if store is not None else peek_units(args.db)
        out = read_one(known, path, year=args.year, month=args.month, sheet=args.sheet, money_unit=money_unit,
                       unit=unit, progress=progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        if out.result is not None:
            print(out.result.report.as_text())
        if not out.refused and args.dry_run:
            assert out.result is not None       # read_one refuses a file it could not read
            print(f"共识别{len(out.result.records)}个项目（试运行，未写入）")
            done.append(out)
            continue
        if not out.refused:
            if store is None:
                store = open_store(args)
            if not done or all(o.refused for o in done):
                from models.backup import backup_before
                backup_before(store, "导入前")
            store_one(store, out)
        done.append(out)
        if out.refused:
            if single:
                raise UserError(_single_refusal(out))
            print(f"未导入：{out.refused}")
        else:
            print("导入完成：" + "\n".join(o.as_text() if not single or o.version != 1 or o.same or o.missing or o.unknown
                                       else o.summary.as_text() for o in out.outcomes))
    if not single and store is not None and not args.dry_run:
        print()
        print(batch_text(store, done))
    if store is not None and not args.dry_run:
        print_vanished(store, done)
    return 1 if any(o.refused for o in done) else 0


def print_vanished(store, done: list) -> None:
    """The open problems the imported months' returns no longer mention: the window asks whether they are solved,
    the command line says how to answer (a batch file has nobody to ask)."""
    from models import records

    for year, month in sorted({(o.year, o.month) for o in done if not o.refused and o.year and o.month}):
        gone = records.vanished(store, year, month)
        if gone:
            print(records.vanished_text(store, gone, month))
            print(f"仍按未解决跟踪。已解决的：运行 problems --year {year} --month {month} --solve-vanished 一并标为已解决，"
                  "或在窗口的项目卡片“问题台账”里逐个处理。")


def peek_units(db: str | None) -> list[str]:
    """The units a 台账 knows, read without opening it for writing (it may be open in a window); [] when none."""
    import sqlite3

    from models.store import default_db_path

    path = Path(db) if db else default_db_path()
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            import json
            r = conn.execute("SELECT value FROM settings WHERE key='units'").fetchone()
            units = list(json.loads(r[0]) if r else [])
            for sql in ("SELECT DISTINCT unit FROM projects WHERE unit <> '' ORDER BY unit",
                        "SELECT DISTINCT unit FROM returns ORDER BY unit"):
                try:
                    units += [u for (u,) in conn.execute(sql) if u not in units]
                except sqlite3.Error:          # an older structure without the returns table
                    pass
            return units
        finally:
            conn.close()
    except (sqlite3.Error, ValueError, OSError):
        return []


def _single_refusal(out) -> str:
    if "找不到责任单位" in out.refused:
        rep = out.result.report
        return (f"{rep.without_unit}个项目找不到责任单位，未导入任何数据。同名项目只在同一责任单位下合并，"
                f"请用 --unit 指定这张表的责任单位，如：python main.py import --unit 尹集乡 {out.path.name}")
    if "没有找到项目行" in out.refused:
        return "文件中没有找到项目行，未导入任何数据"
    return out.refused


def cmd_returns(args: argparse.Namespace) -> int:
    from models.returns import returns_of, versions

    store = open_store(args, create=False)
    rows = returns_of(store, args.year, args.month)
    if args.unit:
        vs = versions(store, args.year, args.month, args.unit)
        if not vs:
            raise UserError(f"「{args.unit}」还没有报送{args.year}年{args.month}月的报表")
        if args.json:
            write_json([{k: v[k] for k in ("version", "file", "imported_at", "state", "opinion", "report")}
                        for v in vs])
            return 0
        row = next(r for r in rows if r.unit == args.unit)
        print(f"「{args.unit}」{args.year}年{args.month}月报表：{row.state}"
              + (f"（审核意见：{row.opinion}）" if row.opinion else ""))
        for v in vs:
            rep = v["report"]
            print(f"第{v['version']}版：{v['file']}，{v['imported_at'].replace('T', ' ')}导入，{rep.get('projects', 0)}个项目，"
                  f"新增{len(rep.get('new', []))}个，更新{len(rep.get('updated', []))}个，{v['state']}"
                  + (f"（{v['opinion']}）" if v["opinion"] else ""))
            for line in rep.get("to_verify", []):
                print(f"  待核实：{line}")
            if rep.get("missing"):
                print(f"  未报：{'、'.join(rep['missing'])}")
            for line in rep.get("changes", []) + rep.get("cleared", []):
                print(f"  变化：{line}")
        return 0
    if args.json:
        write_json([r.as_json() for r in rows])
        return 0
    print(f"{args.year}年{args.month}月报送与审核（{len(rows)}个单位）：")
    for r in rows:
        extra = f"，{r.file}，{r.projects}个项目，待核实{r.to_verify}个" if r.file else ""
        print(f"  {r.unit}：{r.state}{extra}" + (f"（{r.opinion}）" if r.opinion else ""))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from models.returns import review, send_back_note

    store = open_store(args, create=False)
    if args.accept or args.send_back is not None:
        state = review(store, args.year, args.month, args.unit, accept=bool(args.accept), opinion=args.send_back or "")
        print(f"「{args.unit}」{args.year}年{args.month}月报表：{state}（可撤销）")
    elif not args.note:
        raise UserError("请写 --accept（审核通过）或 --send-back 意见（退回），或用 --note 写出退回说明")
    if args.note:
        path = write_note(send_back_note(store, args.year, args.month, args.unit), args.note)
        print(f"退回说明已写出：{path}")
    return 0


def write_note(note, path: str | Path) -> Path:
    """The 退回说明 as .docx (house style) or .txt, by the file's suffix."""
    from exporters.send_back import write_send_back_docx, write_send_back_txt

    path = Path(path)
    if path.suffix.lower() == ".txt":
        return write_send_back_txt(note, path)
    if path.suffix.lower() != ".docx":
        path = path.with_suffix(".docx")
    return write_send_back_docx(note, path)


def cmd_merge_renamed(args: argparse.Namespace) -> int:
    from models.returns import merge_renamed

    store = open_store(args, create=False)
    new, old = store.find_project(args.new, args.unit), store.find_project(args.old, args.unit)
    for name, p in ((args.new, new), (args.old, old)):
        if p is None:
            raise UserError(f"责任单位「{args.unit}」下没有项目「{name}」")
    assert new is not None and old is not None and new.id is not None and old.id is not None   # checked above
    merge_renamed(store, new.id, old.id)
    print(f"已把「{args.new}」并入「{args.old}」，项目名称改为「{args.new}」（可撤销）")
    return 0
