"""Returns of every shape DOMAIN.md describes, built by code: each builder writes a file and says what it holds."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl


@dataclass
class Shape:
    """A built return and the facts a correct importer reads from it."""

    path: Path
    projects: int
    year: int
    month: int
    plan_wan: Decimal                   # sum of 年度计划, 万元
    ytd_wan: Decimal                    # sum of 1–M月累计, 万元
    facts: dict = field(default_factory=dict)


PROJECTS = [
    # name, unit, category, total 万元, plan 万元, ytd 万元, month 万元, status, problem
    ("城南污水处理厂", "区住建局", "基础设施", "12345.67", "3000.01", "1234.56", "200.10", "在建", ""),
    ("工业园标准厂房", "区经信局", "工业", "8800.5", "2500", "0", "0", "未开工", "土地报批未完成"),
    ("第二人民医院", "区卫健委", "社会事业", "45000", "9999.99", "5000.33", "800.2", "在建", "资金缺口较大"),
    ("智慧农业示范园", "城关镇", "农业", "3210.09", "800.3", "812.03", "100", "已竣工", ""),
    ("滨江路改造", "区住建局", "基础设施", "6543.21", "1500.5", "300.07", "50.01", "在建", "征地拆迁进度慢"),
]


def _sum(i: int, rows=PROJECTS) -> Decimal:
    return sum((Decimal(r[i]) for r in rows), Decimal(0))


def simple(folder: Path) -> Shape:
    """Title, 填报单位 line, one header row in 万元, 合计 at the bottom as formulas without results."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "重点项目"
    ws.append(["XX区2024年重点项目建设进展情况表（1—9月）"])
    ws.append(["填报单位：XX区发改局", None, None, None, None, "单位：万元"])
    ws.append(["序号", "项目名称", "责任单位", "项目类别", "总投资", "2024年计划投资", "1-9月完成投资",
               "其中：9月完成投资", "项目状态", "存在问题"])
    for i, (n, u, c, t, p, y, m, s, q) in enumerate(PROJECTS, 1):
        ws.append([i, n, u, c, float(t), float(p), float(y), float(m), s, q])
    last = ws.max_row
    ws.append([None, "合计", None, None, f"=SUM(E4:E{last})", f"=SUM(F4:F{last})", f"=SUM(G4:G{last})"])
    ws.append(["填表人：张三", None, "审核人：李四", None, "联系电话：12345678"])
    path = folder / "simple.xlsx"
    wb.save(path)
    return Shape(path, 5, 2024, 9, _sum(4), _sum(5), {"completed": 1, "not_started": 1})


def two_row_header(folder: Path) -> Shape:
    """'2024年' merged over 计划投资 | 1–6月完成 | 占年计划%; 合计 at the top; section and 小计 rows by unit."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2024年重点项目推进情况（截至6月底）"])
    ws.merge_cells("A1:H1")
    ws.append(["单位：万元"])
    ws.append(["序号", "项目名称", "牵头单位", "计划总投资", "2024年", None, None, "目前进展"])
    ws.append([None, None, None, None, "计划投资", "1—6月累计完成", "占年计划%", None])
    for rng in ("A3:A4", "B3:B4", "C3:C4", "D3:D4", "H3:H4", "E3:G3"):
        ws.merge_cells(rng)
    ws.append(["", "合计（5项）", None, float(_sum(3)), float(_sum(4)), float(_sum(5)), "33.3", None])
    by_unit: dict[str, list] = {}
    for r in PROJECTS:
        by_unit.setdefault(r[1], []).append(r)
    cn = "一二三四五"
    n = 0
    for k, (unit, rows) in enumerate(by_unit.items()):
        ws.append([f"（{cn[k]}）", f"{unit}（{len(rows)}个）"])
        for r in rows:
            n += 1
            # the 牵头单位 cell is left blank under its section, as units often do
            ws.append([n, r[0], None, float(r[3]), float(r[4]), f"{Decimal(r[5]):,.2f}", None, "进展顺利"])
        ws.append([None, "小计", None, float(_sum(3, rows)), float(_sum(4, rows)), float(_sum(5, rows))])
    path = folder / "two_row_header.xlsx"
    wb.save(path)
    return Shape(path, 5, 2024, 6, _sum(4), _sum(5), {"units_from_sections": True})


def three_row_yi(folder: Path) -> Shape:
    """Three header rows, amounts in 亿元 in the header, category sections '一、工业项目', a 栏次 row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["某市重点项目完成情况表（1-9月）", None, None, None, None, None])
    ws.append(["序号", "名称", "承建单位", "投资情况（亿元）", None, None])
    ws.append([None, None, None, "总投资", "2024年度", None])
    ws.append([None, None, None, None, "计划投资", "1-9月完成"])
    ws.append(["甲", "乙", "丙", 1, 2, 3])
    cats: dict[str, list] = {}
    for r in PROJECTS:
        cats.setdefault(r[2], []).append(r)
    cn = "一二三四五"
    n = 0
    for k, (cat, rows) in enumerate(cats.items()):
        ws.append([None, f"{cn[k]}、{cat}项目"])
        for r in rows:
            n += 1
            ws.append([n, r[0], r[1], str(Decimal(r[3]) / 10000), str(Decimal(r[4]) / 10000),
                       str(Decimal(r[5]) / 10000)])
    path = folder / "three_row_yi.xlsx"
    wb.save(path)
    return Shape(path, 5, 2024, 9, _sum(4), _sum(5), {"categories_from_sections": True})


def text_numbers_and_dates(folder: Path) -> Shape:
    """Amounts typed as text (thousands separators, full-width digits, '—', '/', blank) in 元 from a 单位 line;
    no status column, only 开工时间/竣工时间 in every written form."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2024年1-3月"
    ws.append(["填报单位：城关镇人民政府", None, None, "金额单位：元"])
    ws.append(["项目名称", "责任单位", "年度计划投资", "累计完成投资", "开工时间", "竣工时间"])
    rows = [
        ("镇区道路", "城关镇", "1,234,567.89", "１２３,４５６.７８", dt.datetime(2023, 3, 15), None),
        ("农贸市场", "城关镇", "500000", "—", "2024.3", ""),
        ("小学扩建", "城关镇", "2000000.5", "/", "2025年5月", None),
        ("污水管网", "城关镇", "", None, "2023/10/8", "2024-02-28"),
        ("文化广场", "城关镇", "300,000", "120000", "2024-01-12", None),
    ]
    for r in rows:
        ws.append(list(r))
    path = folder / "text_numbers.xlsx"
    wb.save(path)
    plan = Decimal("1234567.89") + 500000 + Decimal("2000000.5") + 0 + 300000
    ytd = Decimal("123456.78") + 120000
    return Shape(path, 5, 2024, 3, plan / 10000, ytd / 10000,
                 {"statuses": {"镇区道路": "在建", "农贸市场": "在建", "小学扩建": "未开工", "污水管网": "已竣工",
                               "文化广场": "在建"},
                  "actual_start": {"镇区道路": "2023-03-15", "农贸市场": "2024-03", "小学扩建": "2025-05"},
                  "to_verify": {"小学扩建": "实际开工日期2025-05晚于报告期2024年3月"}})


def formulas_in_rows(folder: Path) -> Shape:
    """累计 cells are formulas (上月累计 + 本月) saved without results; 总投资 = two parts."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2024年重点项目进展（1-5月）"])
    ws.append(["项目名称", "责任单位", "建安投资", "设备投资", "总投资（万元）", "年度计划（万元）",
               "上月累计（万元）", "本月完成（万元）", "1-5月累计（万元）"])
    for i, r in enumerate(PROJECTS, start=3):
        ws.append([r[0], r[1], float(Decimal(r[3]) - 1000), 1000, f"=C{i}+D{i}", float(r[4]),
                   float(Decimal(r[5]) - Decimal(r[6])), float(r[6]), f"=G{i}+H{i}"])
    path = folder / "formulas.xlsx"
    wb.save(path)
    return Shape(path, 5, 2024, 5, _sum(4), _sum(5), {"total_investment_wan": _sum(3)})


def several_sheets(folder: Path) -> Shape:
    """A 说明 sheet first, then one sheet per unit with the same header."""
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "填报说明"
    info.append(["请各单位于每月25日前报送。"])
    for unit in ("区住建局", "其他单位"):
        ws = wb.create_sheet(unit)
        ws.append([f"{unit}2024年重点项目（1-9月）"])
        ws.append(["项目名称", "责任单位", "计划投资（万元）", "累计完成投资（万元）", "进展情况", "问题及困难"])
        for r in PROJECTS:
            if (r[1] == "区住建局") == (unit == "区住建局"):
                ws.append([r[0], r[1], float(r[4]), float(r[5]), "正在施工", r[8]])
    path = folder / "sheets.xlsx"
    wb.save(path)
    return Shape(path, 5, 2024, 9, _sum(4), _sum(5))


def csv_gbk(folder: Path) -> Shape:
    """A CSV saved by Excel on a Chinese Windows: GBK, with a title line."""
    lines = ["2024年重点项目（1-9月）", "项目名称,责任单位,年度计划投资(万元),1-9月完成投资(万元),项目状态"]
    for r in PROJECTS:
        lines.append(f'{r[0]},{r[1]},"{Decimal(r[4]):,}",{r[5]},{r[7]}')
    path = folder / "gbk.csv"
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    return Shape(path, 5, 2024, 9, _sum(4), _sum(5))


SHAPES = [simple, two_row_header, three_row_yi, text_numbers_and_dates, formulas_in_rows, several_sheets, csv_gbk]


# ---- hostile and broken files ------------------------------------------------------------------------------
def _zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _xlsx_bytes() -> dict[str, bytes]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "总投资（万元）"])
    ws.append(["甲项目", 100])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        return {n: z.read(n) for n in z.namelist()}


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
          b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>')


def hostile(folder: Path) -> dict[str, tuple[Path, str]]:
    """{label: (file, a word the error message must contain)} — ≥30 files a clerk may meet or an attacker send."""
    f = folder
    out: dict[str, tuple[Path, str]] = {}

    def add(label: str, name: str, data: bytes | None, word: str) -> None:
        p = f / name
        if data is not None:
            p.write_bytes(data)
        out[label] = (p, word)

    good = _xlsx_bytes()
    add("空文件", "empty.xlsx", b"", "空文件")
    add("空 csv", "empty.csv", b"", "空文件")
    add("文本改名", "notes.xlsx", "这只是一段文字".encode(), "不是有效的 Excel")
    add("随机字节", "random.xlsx", bytes(range(256)) * 40, "不是有效的 Excel")
    add("旧版xls", "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, ".xls")
    add("WPS et", "wps.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "WPS")
    add("加密xlsx", "locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
        + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100, "密码")
    add("网页xls", "web.xls", "<html><body><table><tr><td>项目名称</td></tr></table></body></html>".encode(), "网页")
    add("网页带BOM", "web2.xls", b"\xef\xbb\xbf<table><tr><td>1</td></tr></table>", "网页")
    add("2003xml", "x2003.xls", b'<?xml version="1.0"?><Workbook></Workbook>', "XML")
    add("pdf", "scan.xlsx", b"%PDF-1.4 ...", "PDF")
    add("不认识的扩展名", "data.bin", b"\x01\x02\x03", "不是能识别")
    whole = io.BytesIO()
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in good.items():
            z.writestr(name, data)
    add("截断zip", "truncated.xlsx", whole.getvalue()[: len(whole.getvalue()) // 2], "损坏")
    add("坏zip目录", "badzip.xlsx", b"PK\x03\x04" + bytes(500), "损坏")
    _zip(f / "noworkbook.xlsx", {"hello.txt": b"hi"})
    out["zip里没有工作簿"] = (f / "noworkbook.xlsx", "不是 Excel 工作簿")
    _zip(f / "word.xlsx", {"word/document.xml": b"<w/>", "[Content_Types].xml": b"<Types/>"})
    out["Word改名"] = (f / "word.xlsx", "Word")
    _zip(f / "ppt.xlsx", {"ppt/presentation.xml": b"<p/>"})
    out["PPT改名"] = (f / "ppt.xlsx", "PowerPoint")
    _zip(f / "bomb.xlsx", {**good, "xl/worksheets/sheet1.xml": b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>"})
    out["压缩炸弹"] = (f / "bomb.xlsx", "恶意")
    _zip(f / "laughs.xlsx", {**good, "xl/worksheets/sheet1.xml": LAUGHS})
    out["十亿笑声"] = (f / "laughs.xlsx", "DTD")
    _zip(f / "xxe.xlsx", {**good, "xl/sharedStrings.xml": XXE})
    out["外部实体"] = (f / "xxe.xlsx", "DTD")
    _zip(f / "dtd_utf16.xlsx", {**good, "xl/workbook.xml": LAUGHS.decode().encode("utf-16")})
    out["UTF-16 DTD"] = (f / "dtd_utf16.xlsx", "DTD")
    _zip(f / "many.xlsx", {**good, **{f"x/{i}.bin": b"" for i in range(10_050)}}, zipfile.ZIP_STORED)
    out["部件过多"] = (f / "many.xlsx", "结构异常")
    _zip(f / "broken_sheet.xlsx", {**good, "xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row><c"})
    out["工作表XML损坏"] = (f / "broken_sheet.xlsx", "损坏")
    _zip(f / "no_sheet_part.xlsx", {k: v for k, v in good.items() if k != "xl/worksheets/sheet1.xml"})
    out["缺工作表部件"] = (f / "no_sheet_part.xlsx", "损坏")

    def book(name: str, rows: list[list], sheet: str = "Sheet") -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = sheet
        for r in rows:
            ws.append(r)
        wb.save(f / name)
        return f / name

    out["空工作簿"] = (book("blank.xlsx", []), "找不到表头")
    out["只有标题"] = (book("title_only.xlsx", [["2024年重点项目表"]]), "找不到表头")
    out["表头无金额列"] = (book("no_money.xlsx", [["项目名称", "责任单位"], ["甲", "乙"]]), "找不到表头")
    out["金额写了汉字"] = (book("words.xlsx", [["项目名称", "总投资（万元）"], ["甲项目", "约5亿"]]), "不是数字")
    out["日期写错"] = (book("baddate.xlsx", [["项目名称", "总投资", "开工时间"], ["甲项目", 1, "去年春天"]]),
                   "不是日期")
    out["工作表不存在"] = (book("wrongsheet.xlsx", [["项目名称", "总投资"], ["甲", 1]]), "没有名为")
    (f / "binary.csv").write_bytes(b"\x00\x01\x02" + "项目".encode())
    out["二进制csv"] = (f / "binary.csv", "二进制")
    (f / "latin.csv").write_bytes(b"\xff\xfe\xfa\xfb" * 10)
    out["乱码csv"] = (f / "latin.csv", "编码")
    (f / "folder.xlsx").mkdir(exist_ok=True)
    out["文件夹"] = (f / "folder.xlsx", "文件夹")
    out["不存在"] = (f / "missing.xlsx", "找不到文件")
    return out


# ---- returns for 待核实, 责任单位 and unknown 本月 (issue 14) ----------------------------------------------------
def _sheet(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def district_120_with_one_bad_date(folder: Path) -> Shape:
    """A unit's 1—4月 return of 120 projects; the project on row 38 says it was 竣工 before its 开工."""
    head = [["XX区2024年重点项目建设进展情况表（1—4月）"], ["填报单位：XX区发改局", None, None, None, None, None, None, "单位：万元"],
            ["序号", "项目名称", "责任单位", "总投资", "2024年计划投资", "1-4月完成投资", "其中：4月完成", "开工时间", "竣工时间"]]
    rows = []
    for i in range(1, 121):
        rows.append([i, f"第{i}号项目", "区住建局" if i % 2 else "区交通局", 1000 + i, 300, 100, 25,
                     "2023-03-01", None])
    bad = rows[38 - len(head) - 1]                 # sheet row 38
    bad[7], bad[8] = "2024-03-10", "2023-11-30"
    path = _sheet(folder / "district_120.xlsx", head + rows)
    return Shape(path, 120, 2024, 4, Decimal(300 * 120), Decimal(100 * 120),
                 {"bad_row": 38, "bad_name": bad[1], "bad_unit": bad[2]})


def doubtful_rows(folder: Path) -> Shape:
    """One row for each kind of doubt a return can hold, in 1—4月 of 2024, besides one clean row; 总投资 and
    自开工累计 columns so the 累计 can be compared with both. facts["doubts"]: name → a word its reason contains."""
    head = [["2024年重点项目进展（1—4月）"], ["单位：万元"],
            ["项目名称", "责任单位", "总投资", "年度计划投资", "1-4月累计完成", "其中：4月完成", "自开工累计完成",
             "开工时间", "竣工时间"]]
    rows = [
        ["正常项目", "城关镇", 5000, 1000, 400, 100, 900, "2023-05-01", None],
        ["开工在后", "城关镇", 5000, 1000, 0, 0, 0, "2024-06-01", None],
        ["竣工在后", "城关镇", 5000, 1000, 400, 100, 900, "2023-05-01", "2024-08-30"],
        ["超总投资", "城关镇", 300, 1000, 400, 100, 900, "2023-05-01", None],
        ["超开工累计", "城关镇", 5000, 1000, 400, 100, 300, "2023-05-01", None],
        ["本月超累计", "城关镇", 5000, 1000, 400, 500, 900, "2023-05-01", None],
        ["负数金额", "城关镇", 5000, 1000, 400, -20, 900, "2023-05-01", None],
    ]
    path = _sheet(folder / "doubtful.xlsx", head + rows)
    return Shape(path, len(rows), 2024, 4, Decimal(1000 * len(rows)), Decimal(400 * 6),
                 {"doubts": {"开工在后": "实际开工日期2024-06-01晚于报告期2024年4月",
                             "竣工在后": "实际竣工日期2024-08-30晚于报告期2024年4月",
                             "超总投资": "超过总投资300.00万元",
                             "超开工累计": "超过自开工累计300.00万元",
                             "本月超累计": "本月完成500.00万元超过1—4月累计400.00万元",
                             "负数金额": "本月完成投资为负数（-20.00万元）"}})


def ytd_only(folder: Path, name: str, month: int, ytd: dict[str, str], unit: str | None = "城关镇") -> Path:
    """A 1—M月 return with 累计 but no 本月 column (the unit's own shape); `unit` None leaves out the unit column."""
    header = ["项目名称"] + (["责任单位"] if unit else []) + ["年度计划投资", f"1-{month}月累计完成投资"]
    rows = [[n] + ([unit] if unit else []) + [50000, float(v)] for n, v in ytd.items()]
    return _sheet(folder / name, [[f"2024年重点项目进展情况（1—{month}月）"], ["单位：万元"], header, *rows])


def unitless(folder: Path, name: str, projects: dict[str, str]) -> Path:
    """A return with no 责任单位 anywhere: no column, no section rows, no 填报单位 line."""
    rows = [[n, 1000, float(v)] for n, v in projects.items()]
    return _sheet(folder / name, [["2024年重点项目进展情况（1—4月）"], ["项目名称", "年度计划投资", "1-4月累计完成投资"],
                                  *rows])


# ---- a district's month: units' returns in several shapes, each naming its unit once (issue 16) ------------------
DISTRICT = {
    # unit → [(project, 年度计划 万元, 1—9月累计 万元, 其中9月 万元)]
    "代王街道": [("代王安置小区", "3000", "2100.5", "300"), ("代王农贸市场", "800", "500", "0"),
               ("代王污水管网", "1200", "950.25", "100.25")],
    "东镇": [("东镇标准厂房", "5000", "3900", "450"), ("东镇卫生院", "900", "610.1", "60.1")],
    "西乡": [("西乡茶叶园", "600", "420", "35"), ("西乡村道硬化", "450", "460", "20")],
    "区交通局": [("环城北路", "20000", "15000.75", "1800.75"), ("汽车客运站", "6000", "2000", "500")],
    "区教育局": [("第三中学", "7000", "5200", "640"), ("城南幼儿园", "1500", "1300.3", "100.3")],
}
DISTRICT_UNITS = list(DISTRICT)


def _wan_sum(rows, i: int) -> Decimal:
    return sum((Decimal(r[i]) for r in rows), Decimal(0))


def district_returns(folder: Path, month: int = 9) -> dict[str, Path]:
    """One return per unit, each naming its unit only once and each in its own shape; {unit: file}. For a month
    before September, 1—M月累计 is September's less September's 本月 for each month between.

    代王街道: only the file's name ("代王街道9月重点项目进展.xlsx"); 东镇: "填报单位（盖章）：东镇人民政府";
    西乡: a section row "1.西乡人民政府（2个）" under a 填报单位 line of the office that forwarded it;
    区交通局: the file's name ("区交通局2024年9月报.xlsx"), amounts in 元; 区教育局: a 责任单位 column."""
    folder.mkdir(parents=True, exist_ok=True)
    title = [f"2024年重点项目建设进展情况表（1—{month}月）"]
    head = ["序号", "项目名称", "年度计划投资", f"1-{month}月完成投资", f"其中：{month}月完成"]
    out = {}

    def rows(unit: str, scale: int = 1, unit_col: bool = False) -> list[list]:
        # an earlier month: 累计 less September's amount for each month between, so the months add up
        return [[i, n, *([unit] if unit_col else []), float(Decimal(p) * scale),
                 float((Decimal(y) - Decimal(m) * (9 - month)) * scale), float(Decimal(m) * scale)]
                for i, (n, p, y, m) in enumerate(DISTRICT[unit], 1)]

    out["代王街道"] = _sheet(folder / f"代王街道{month}月重点项目进展.xlsx", [title, ["单位：万元"], head, *rows("代王街道")])
    out["东镇"] = _sheet(folder / "东镇报表.xlsx",
                       [title, ["填报单位（盖章）：东镇人民政府", None, None, "单位：万元"], head, *rows("东镇"),
                        ["填表人：王五", None, "联系电话：1234567"]])
    out["西乡"] = _sheet(folder / "转报表.xlsx",
                       [title, ["填报单位：北片区办事处", None, None, "单位：万元"], head,
                        ["1.西乡人民政府（2个）"], *rows("西乡")])
    out["区交通局"] = _sheet(folder / f"区交通局2024年{month}月报.xlsx",
                         [title, ["金额单位：元"], head, *rows("区交通局", 10000)])
    out["区教育局"] = _sheet(folder / "教育.xlsx",
                         [title, ["单位：万元"], head[:2] + ["责任单位"] + head[2:], *rows("区教育局", unit_col=True)])
    return out


def district_totals(unit: str) -> tuple[Decimal, Decimal, Decimal]:
    """(年度计划, 累计, 本月) in 万元 of a unit's return as built above."""
    rows = DISTRICT[unit]
    return _wan_sum(rows, 1), _wan_sum(rows, 2), _wan_sum(rows, 3)


def named_in_title(folder: Path, unit: str, month: int = 9) -> Path:
    """A unit's return whose title alone names it ("东镇2024年重点项目…"); the file's name says nothing."""
    rows = [[i, n, float(p), float(y), float(m)] for i, (n, p, y, m) in enumerate(DISTRICT[unit], 1)]
    return _sheet(folder / f"报表{len(unit)}.xlsx", [[f"{unit}2024年重点项目建设进展情况表（1—{month}月）"], ["单位：万元"],
                                                   ["序号", "项目名称", "年度计划投资", f"1-{month}月完成投资",
                                                    f"其中：{month}月完成"], *rows])


def named_in_sheet(folder: Path, unit: str, month: int = 9) -> Path:
    """A unit's return whose one sheet is named after it; title and file's name say nothing of the unit."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = unit
    for r in [[f"2024年重点项目建设进展情况表（1—{month}月）"], ["项目名称", "年度计划投资（万元）", f"1-{month}月完成投资（万元）"],
              *[[n, float(p), float(y)] for n, p, y, _ in DISTRICT[unit]]]:
        ws.append(r)
    path = folder / "sheet_named.xlsx"
    wb.save(path)
    return path
