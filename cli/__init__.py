"""The command line: `python main.py <子命令>` runs every operation without a window; help and errors in Chinese."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from models.errors import UserError

if TYPE_CHECKING:
    from models.store import Store

# argparse's own words, in Chinese (it looks them up through its module-level gettext alias)
_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "expected one argument": "需要一个值",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "subcommands": "子命令",
}
argparse._ = lambda s: _ZH.get(s, s)  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """ArgumentParser whose messages are Chinese; wrong usage exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n")


def build_parser() -> Parser:
    parser = Parser(prog=_prog(),
                    description="重点项目台账：项目卡片、月度进展、月报、文字分析、督办单。不带子命令时打开窗口。")
    parser.add_argument("--db", metavar="路径", help="数据库文件（默认放在用户数据文件夹中）")
    sub = parser.add_subparsers(dest="command", metavar="子命令", title="子命令", parser_class=Parser)
    for mod in command_modules():
        mod.register(sub)
    return parser


def command_modules() -> list:
    """The modules that add subcommands, in ORDER. Imported by name, not discovered at run time: a frozen
    program (PyInstaller) has no package folder to list, and would silently lose every command."""
    from . import bulletin, core, documents, exports, records, returns, safety

    return sorted([bulletin, core, documents, exports, records, returns, safety], key=lambda m: getattr(m, "ORDER", 50))


def _prog() -> str:
    """How the help names the program: the bundle's `zdxm`, or `python main.py` from the source."""
    return "zdxm" if getattr(sys, "frozen", False) else "python main.py"


def add_period(p: argparse.ArgumentParser) -> None:
    """The --year and --month a month's command needs (1—M月 of that year)."""
    p.add_argument("--year", type=int, required=True, metavar="年")
    p.add_argument("--month", type=int, required=True, metavar="月")


def date_arg(text: str) -> dt.date:
    """An argparse type for dates written 2024-05-05, refused in Chinese otherwise."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 2024-05-05 的形式：{text}") from None


date_arg.__name__ = "日期"  # argparse names the type in its error message


def open_store(args: argparse.Namespace, create: bool = True) -> Store:
    """The store named by --db (or the default one), opened for this command."""
    from models.store import Store

    store = Store.open(args.db, create=create)
    for w in store.warnings:
        print(f"提示：{w}", file=sys.stderr)
    return store


def main(argv: Sequence[str] | None = None) -> int:
    from cli import console

    console.setup()     # before the first print: a code page without Chinese must not crash a command
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from models.gcpause import paused

    try:
        with paused():      # a command is one piece of bulk work (models/gcpause.py)
            return int(args.func(args) or 0)
    except UserError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        return 0
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 1
    except Exception:  # a bug: keep the details in a log, show the clerk a plain message
        log = _crash_log()
        print(f"错误：程序内部出错，操作未完成，数据未改动。详情已记录在「{log}」，请发给维护人员。", file=sys.stderr)
        return 1


def _crash_log() -> Path:
    from models.store import data_dir

    path = data_dir() / "错误日志.txt"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(traceback.format_exc() + "\n")
    except OSError:
        pass
    return path
