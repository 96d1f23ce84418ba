"""Many units' returns at once: each file read, checked and stored as its own undoable step with its own report;
a file that is refused does not stop the others; one line per file at the end and the units not heard from."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from models.errors import Cancelled, UserError
from models.returns import ReturnOutcome, import_return, known_units, not_sent

from .reader import ImportResult, read_return

if TYPE_CHECKING:
    from models.store import Store

RETURN_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".xls", ".et"}


@dataclass
class FileOutcome:
    """One file of a batch: what was read, what was stored, or why it was refused."""

    path: Path
    result: ImportResult | None = None
    outcomes: list[ReturnOutcome] = field(default_factory=list)
    refused: str = ""
    year: int | None = None
    month: int | None = None

    @property
    def unit(self) -> str:
        if self.outcomes:
            return "、".join(o.unit for o in self.outcomes)
        rep = self.result.report if self.result else None
        return (rep.owner if rep else "") or "—"

    def count(self, what: str) -> int:
        return sum(len(getattr(o.summary, what)) for o in self.outcomes)

    @property
    def projects(self) -> int:
        return len(self.result.records) if self.result else 0

    def line(self) -> str:
        """The batch's summary line for this file (unit, projects, new, updated, 待核实, refused and why)."""
        name = self.path.name
        if self.refused:
            return f"{name}｜{self.unit}｜未导入：{self.refused.splitlines()[0]}"
        period = f"{self.year}年1—{self.month}月"
        marked = sum(len({line.split("：", 1)[0] for line in o.summary.to_verify}) for o in self.outcomes)
        missing = sum(len(o.missing) for o in self.outcomes)
        return (f"{name}｜{self.unit}｜{period}｜{self.projects}个项目，新增{self.count('new')}个，"
                f"更新{self.count('updated')}个，待核实{marked}个" + (f"，漏报{missing}个" if missing else ""))


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the returns inside folders named (not their sub-folders; Excel's ~$ lock files skipped);
    a folder with none stays as it is, for the reader to say so."""
    out: list[Path] = []
    for p in map(Path, paths):
        inside = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in RETURN_SUFFIXES
                        and not f.name.startswith("~$")) if p.is_dir() else []
        if inside:
            out += inside
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def read_one(known: list[str], path: Path, *, year: int | None = None, month: int | None = None,
             sheet: str | None = None, money_unit: str | None = None, unit: str | None = None,
             progress: Callable[[int, int], None] | None = None) -> FileOutcome:
    """Read a return and decide whether it can be stored; a refusal is kept with its reason, never raised.
    `known`: the units the 台账 knows (models.returns.known_units), to name whose return it is."""
    out = FileOutcome(path)
    try:
        out.result = read_return(path, year=year, month=month, sheet=sheet, unit_override=money_unit,
                                 responsible_unit=unit, known_units=known, progress=progress)
    except UserError as exc:
        out.refused = exc.message
        return out
    rep = out.result.report
    out.year, out.month = rep.year, rep.month
    if rep.year is None or rep.month is None:
        out.refused = "无法从文件中识别年份或月份，请用 --year 和 --month 指定"
    elif not out.result.records:
        out.refused = "文件中没有找到项目行"
    elif rep.without_unit:
        out.refused = (f"{rep.without_unit}个项目找不到责任单位（表中没有责任单位列、分组行、填报单位行，文件名也不是"
                       f"台账中的单位）；同名项目只在同一责任单位下合并，请指定这张表的单位（--unit）")
    return out


def store_one(store: Store, out: FileOutcome, progress: Callable[[int, int], None] | None = None,
              cancel: Callable[[], bool] | None = None) -> FileOutcome:
    """Store a file read by read_one as its own undoable step; a refusal (bad row, cancel) is kept, not raised."""
    if out.refused or out.result is None:
        return out
    rep = out.result.report
    assert rep.year is not None and rep.month is not None      # read_one refuses a file without them
    try:
        out.outcomes = import_return(store, out.result.records, rep.year, rep.month, owner=rep.owner,
                                     file=out.path.name, columns=rep.column_names(), mapping=rep.as_text(),
                                     label=f"导入「{out.path.name}」（{rep.year}年1—{rep.month}月）",
                                     progress=progress, cancel=cancel)
    except Cancelled:
        raise
    except UserError as exc:
        out.refused = exc.message
    return out


def import_files(store: Store, paths: Iterable[str | Path], *, year: int | None = None, month: int | None = None,
                 sheet: str | None = None, money_unit: str | None = None, unit: str | None = None,
                 each: Callable[[FileOutcome], None] | None = None) -> list[FileOutcome]:
    """Import each file as its own step, in order; `each(outcome)` after every file (to print its report)."""
    done = []
    for path in expand(paths):
        out = store_one(store, read_one(known_units(store), path, year=year, month=month, sheet=sheet, money_unit=money_unit,
                                        unit=unit))
        done.append(out)
        if each is not None:
            each(out)
    return done


def batch_text(store: Store, done: list[FileOutcome]) -> str:
    """The end of a batch: one line per file, then the units that have sent nothing for the month(s)."""
    ok = [o for o in done if not o.refused]
    out = [f"共{len(done)}个文件：导入{len(ok)}个" + (f"，未导入{len(done) - len(ok)}个" if len(ok) < len(done) else "")]
    out += [f"  {o.line()}" for o in done]
    for year, month in sorted({(o.year, o.month) for o in ok if o.year and o.month}):
        missing = not_sent(store, year, month)
        out.append(f"{year}年{month}月尚未报送的单位（{len(missing)}个）：{'、'.join(missing)}" if missing
                   else f"{year}年{month}月各单位都已报送")
    return "\n".join(out)
