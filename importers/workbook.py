"""Opening a unit's file safely: sniff what it really is, refuse broken or hostile files with a clear message,
and stream its sheets' rows (xlsx straight from its XML, exactly as openpyxl read-only reads it, with openpyxl
itself for any sheet the fast reader is unsure of; csv in UTF-8 or GBK)."""
from __future__ import annotations

import contextlib
import csv
import html
import io
import re
import threading
import xml.parsers.expat
import zipfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from models.errors import ImportFileError

from . import sheetxml

MAX_FILE_BYTES = 200 * 1024 * 1024          # a return is a few MB; 200 MB is something else
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024     # an xlsx that unpacks to over 1 GB is a zip bomb
MAX_RATIO = 200                             # real sheet XML compresses ~10–30×
MAX_MEMBERS = 10_000
MAX_COLUMNS = 200                           # wider rows are cut: no return has 200 columns
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAVE_AS = "请在 Excel 或 WPS 中打开它，另存为“Excel 工作簿（*.xlsx）”后再导入"


def sniff(path: Path) -> str:
    """What the file really is: 'xlsx' or 'csv'; raises ImportFileError for everything we cannot read."""
    name = path.name
    if not path.exists():
        raise ImportFileError(f"找不到文件「{path}」")
    if path.is_dir():
        raise ImportFileError(f"「{name}」是文件夹，不是报表文件")
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(4096)
    except PermissionError:
        raise ImportFileError(f"没有权限读取「{name}」（文件可能正在被其他程序使用）") from None
    except OSError as exc:
        raise ImportFileError(f"无法读取「{name}」：{exc.strerror or exc}") from None
    if size == 0:
        raise ImportFileError(f"「{name}」是空文件（0字节），可能没有保存完整")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(f"「{name}」有{size // 1024 // 1024}MB，不像是一份报表，未导入")
    if head.startswith(OLE_MAGIC):
        with path.open("rb") as f:
            blob = f.read(min(size, 4 * 1024 * 1024))
        if "EncryptedPackage".encode("utf-16-le") in blob:
            raise ImportFileError(f"「{name}」设置了打开密码，无法读取。"
                                  "请在 Excel/WPS 中取消密码（文件→信息→保护工作簿）后另存再导入")
        kind = "WPS 表格（.et）" if path.suffix.lower() in (".et", ".ett") else "旧版 Excel（.xls）"
        raise ImportFileError(f"「{name}」是{kind}格式，本程序读取 .xlsx。{SAVE_AS}")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx"
    low = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if low.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")) or b"<html" in low[:512]:
        raise ImportFileError(f"「{name}」实际是网页格式的表格（常见于从网上系统导出的 .xls）。{SAVE_AS}")
    if low.startswith(b"<?xml"):
        raise ImportFileError(f"「{name}」是 XML 格式的表格（Excel 2003 XML）。{SAVE_AS}")
    if low.startswith(b"%pdf"):
        raise ImportFileError(f"「{name}」是 PDF 文件，无法从中读取表格。请向报送单位索要 Excel 文件")
    if path.suffix.lower() in (".csv", ".txt"):
        if b"\x00" in head:
            raise ImportFileError(f"「{name}」含有二进制内容，不是文本表格")
        return "csv"
    if path.suffix.lower() in (".xls", ".xlsx", ".xlsm", ".et"):
        raise ImportFileError(f"「{name}」不是有效的 Excel 文件（内容已损坏或只是改了扩展名）")
    raise ImportFileError(f"「{name}」不是能识别的表格文件（支持 .xlsx 和 .csv）")


def check_zip(path: Path) -> None:
    """Refuse broken zips, zip bombs, non-workbooks and XML with DTDs before openpyxl touches the file."""
    name = path.name
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ImportFileError(f"「{name}」已损坏（不是完整的 xlsx 文件，可能没有下载或复制完整）") from None
    except OSError as exc:
        raise ImportFileError(f"无法读取「{name}」：{exc.strerror or exc}") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ImportFileError(f"「{name}」内部结构异常（{len(infos)}个部件），未导入")
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                raise ImportFileError(f"「{name}」是 Word 文档，不是 Excel 表格")
            if "ppt/presentation.xml" in names:
                raise ImportFileError(f"「{name}」是 PowerPoint 文件，不是 Excel 表格")
            raise ImportFileError(f"「{name}」不是 Excel 工作簿（缺少工作簿内容）")
        total = 0
        for info in infos:
            total += info.file_size
            if info.flag_bits & 0x1:
                raise ImportFileError(f"「{name}」内容被加密，无法读取")
            if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ImportFileError(f"「{name}」解压后异常巨大（压缩比超过{MAX_RATIO}倍），疑似恶意文件，未导入")
        if total > MAX_UNPACKED_BYTES:
            raise ImportFileError(f"「{name}」解压后超过1GB，疑似恶意文件，未导入")
        for info in infos:
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with zf.open(info) as member:
                    head = member.read(16384)
            except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
                raise ImportFileError(f"「{name}」已损坏（部件 {info.filename} 无法解压）") from None
            except Exception:
                raise ImportFileError(f"「{name}」已损坏（部件 {info.filename} 无法解压）") from None
            probe = head.replace(b"\x00", b"").upper()
            if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe:
                raise ImportFileError(f"「{name}」含有 XML 实体声明（DTD），可能是恶意构造的文件，未导入")


class Workbook:
    """A return's sheets as rows of plain values; `formulas(sheet)` gives the formula text of each cell."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kind = sniff(path)
        self._csv_rows: list[tuple] | None = None
        self._wb: Any = None      # an openpyxl Workbook (untyped) for .xlsx, None for .csv or once closed
        self._strings_part: str | None = None          # the shared strings, read only when a sheet needs them
        self._strings: list[str] | None = None         # … by the fast reader
        self._openpyxl_strings: list[str] = []         # … by openpyxl, for a sheet it reads (filled in place)
        self._openpyxl_strings_read = False
        self._strings_unsure = ""
        self.fallbacks: dict[str, str] = {}            # sheet → why openpyxl read it (for tests and benchmarks)
        self._formula_cells: dict[str, list[tuple[bytes, bytes, bytes]]] = {}   # met by a whole fast reading
        if self.kind == "xlsx":
            check_zip(path)
            try:
                self._wb, self._strings_part, self._openpyxl_strings = _load_structure(path)
            except _NoStructure:
                # openpyxl's insides are not what _load_structure expects (another version): plain openpyxl
                self._wb = _load(path, data_only=True)
                self._openpyxl_strings_read = True
                self.fallbacks = {name: "openpyxl version" for name in self._wb.sheetnames}
            self.sheet_names = list(self._wb.sheetnames)
            if not self.sheet_names:
                raise ImportFileError(f"「{path.name}」里没有可读的工作表（文件可能已损坏）")
        else:
            self._csv_rows = _read_csv(path)
            self.sheet_names = [path.stem]

    def close(self) -> None:
        if self._wb is not None:
            self._wb.close()
            self._wb = None

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def size_hint(self, sheet: str) -> int:
        """Rows the sheet says it has (for progress); 0 when unknown."""
        if self._csv_rows is not None:
            return len(self._csv_rows)
        try:
            return int(self._wb[sheet].max_row or 0)
        except Exception:
            return 0

    def rows(self, sheet: str, limit: int | None = None) -> Iterator[tuple]:
        """The sheet's rows as tuples of values, row 1 first; empty rows come as ()."""
        if self._csv_rows is not None:
            yield from (self._csv_rows[:limit] if limit else self._csv_rows)
            return
        try:
            if not limit:
                yield from self._xlsx_rows(sheet)
                return
            for n, row in enumerate(self._xlsx_rows(sheet), start=1):
                if n > limit:
                    return
                yield row
        except ImportFileError:
            raise
        except Exception as exc:
            raise ImportFileError(
                f"「{self.path.name}」的工作表「{sheet}」已损坏，读到一半出错（{type(exc).__name__}）") from None

    def _xlsx_rows(self, sheet: str) -> Iterator[tuple]:
        """The fast reader's rows; where it is unsure, openpyxl's from the first row it had not given."""
        ws = self._wb[sheet]
        given = 0
        part = getattr(ws, "_worksheet_path", None)
        if part and not self.fallbacks.get(sheet) and not self._strings_unsure:
            found: list[tuple[bytes, bytes, bytes]] = []
            try:
                try:
                    style = sheetxml.SheetStyle(self._wb._date_formats, self._wb._timedelta_formats, self._wb.epoch)
                    archive = self._wb._archive
                except AttributeError:
                    raise sheetxml.Unsure("openpyxl version") from None
                with archive.open(part) as src:
                    for row in sheetxml.rows(src, self._fast_strings, style, MAX_COLUMNS, found):
                        yield row
                        given += 1
                self._formula_cells[sheet] = found      # only a reading to the end has met them all
                return
            except sheetxml.Unsure as why:
                self.fallbacks[sheet] = str(why) or "unsure"
        yield from self.openpyxl_rows(sheet, skip=given)

    def openpyxl_rows(self, sheet: str, skip: int = 0) -> Iterator[tuple]:
        """The sheet as openpyxl reads it (the fast reader's reference): rows from number skip + 1 on."""
        self._load_openpyxl_strings()
        ws = self._wb[sheet]
        ws.reset_dimensions()     # some writers store a wrong <dimension>; don't trust it
        for n, row in enumerate(ws.iter_rows(values_only=True)):
            if n < skip:
                continue
            # openpyxl gives a missing row as [] and a row without cells as (): both are ()
            yield tuple(row[:MAX_COLUMNS]) if len(row) > MAX_COLUMNS else (row or ())

    def _fast_strings(self) -> list[str]:
        if self._strings is None:
            if not self._strings_part:
                self._strings = []
            else:
                try:
                    with self._wb._archive.open(self._strings_part) as src:
                        self._strings = sheetxml.shared_strings(src)
                except sheetxml.Unsure as why:
                    self._strings_unsure = f"shared strings: {why}"
                    raise
        return self._strings

    def _load_openpyxl_strings(self) -> None:
        if self._strings_part and not self._openpyxl_strings_read:
            from openpyxl.reader.strings import read_string_table

            try:
                with self._wb._archive.open(self._strings_part) as src:
                    self._openpyxl_strings[:] = read_string_table(src)
            except Exception as exc:  # noqa: BLE001 — as load_workbook itself would have refused the file
                raise _broken(self.path, exc) from None
            self._openpyxl_strings_read = True

    def has_formulas(self, sheet: str) -> bool:
        """Whether the sheet holds any formula: a byte search, far cheaper than a second parse."""
        if self.kind != "xlsx":
            return False
        if sheet in self._formula_cells:
            return bool(self._formula_cells[sheet])
        part = getattr(self._wb[sheet], "_worksheet_path", None)
        if not part:
            return True
        try:
            with zipfile.ZipFile(self.path) as zf, zf.open(part.lstrip("/")) as member:
                tail = b""
                while chunk := member.read(1 << 20):
                    block = tail + chunk
                    if b"<f>" in block or b"<f " in block or b":f>" in block or b":f " in block:
                        return True
                    tail = block[-8:]
        except (KeyError, zipfile.BadZipFile, OSError):
            return True
        return False

    def formulas(self, sheet: str) -> dict[tuple[int, int], str]:
        """{(row, column): '=SUM(…)'} for every formula cell of the sheet.

        Only the formula cells are looked at, straight in the sheet's XML (a 10,000-row return has a few hundred):
        a second openpyxl parse of every cell cost as much as the first. A sheet whose cells do not all name
        their position (r="D5", optional in the format) is read the slow way."""
        if self.kind != "xlsx":
            return {}
        if sheet in self._formula_cells:              # the rows were read: their formula cells were kept
            return formula_map((f, col, row) for col, row, f in self._formula_cells[sheet])
        part = getattr(self._wb[sheet], "_worksheet_path", None)
        if part:
            try:
                with zipfile.ZipFile(self.path) as zf:
                    found = scan_formulas(zf.read(part.lstrip("/")))
                if found is not None:
                    return found
            except Exception:  # noqa: BLE001 — anything odd in the XML: openpyxl's own reading decides
                pass
        return self._formulas_by_openpyxl(sheet)

    def _formulas_by_openpyxl(self, sheet: str) -> dict[tuple[int, int], str]:
        wb = _load(self.path, data_only=False)
        out: dict[tuple[int, int], str] = {}
        try:
            ws = wb[sheet]
            ws.reset_dimensions()
            for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
                for c, v in enumerate(row[:MAX_COLUMNS], start=1):
                    if isinstance(v, str) and v.startswith("="):
                        out[(r, c)] = v
        except Exception:
            return out
        finally:
            wb.close()
        return out

    def hidden(self, sheet: str) -> bool:
        if self._wb is None:
            return False
        return getattr(self._wb[sheet], "sheet_state", "visible") != "visible"


def _load(path: Path, data_only: bool):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only, keep_links=False)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on broken parts
        raise _broken(path, exc) from None


def _load_structure(path: Path) -> tuple[Any, str | None, list[str]]:
    """openpyxl's read-only workbook (sheets, their states, styles, the date epoch) without its shared strings,
    which it parses one descriptor object per string: (workbook, the strings' part, the list openpyxl's sheets
    read them from, empty until _load_openpyxl_strings fills it)."""
    try:
        from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
    except ImportError:
        raise _NoStructure from None

    class StructureReader(ExcelReader):
        strings_part: str | None = None
        overridden = False

        def read_worksheets(self) -> None:
            with _sizing_without_whole_parse():
                super().read_worksheets()

        def read_strings(self) -> None:
            self.overridden = True
            try:
                ct = self.package.find(SHARED_STRINGS)
                self.strings_part = ct.PartName[1:] if ct is not None else None
            except AttributeError:
                raise _NoStructure from None

    try:
        reader = StructureReader(path, read_only=True, data_only=True, keep_links=False)
        reader.read()
    except (ImportFileError, _NoStructure):
        raise
    except Exception as exc:  # openpyxl raises many kinds on broken parts
        raise _broken(path, exc) from None
    if not reader.overridden or not isinstance(getattr(reader, "shared_strings", None), list):
        raise _NoStructure
    return reader.wb, reader.strings_part, reader.shared_strings


_SIZING = threading.RLock()
_OPENPYXL_GET_SIZE: list[Any] = []           # openpyxl's own ReadOnlyWorksheet._get_size, once looked up


@contextlib.contextmanager
def _sizing_without_whole_parse() -> Iterator[None]:
    """While openpyxl opens the file, its read-only sheets are sized by _size_quickly (same outcome, see there)."""
    try:
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    except ImportError:
        yield                                        # another openpyxl: its own sizing
        return
    with _SIZING:                                    # patched and restored by one opening at a time
        original = ReadOnlyWorksheet.__dict__.get("_get_size")
        if original is None:
            yield
            return
        if not _OPENPYXL_GET_SIZE:
            _OPENPYXL_GET_SIZE.append(original)
        ReadOnlyWorksheet._get_size = _size_quickly
        try:
            yield
        finally:
            ReadOnlyWorksheet._get_size = original


def _size_quickly(ws: Any) -> None:
    """openpyxl's ReadOnlyWorksheet._get_size, without its whole parse of a sheet that has no <dimension>.

    openpyxl reads a sheet's size from <dimension ref="A1:M10003"/> when it opens the file; a sheet without one
    (openpyxl's own write-only files) it parses up to the end of <sheetData> with ElementTree — for a 10,000-row
    sheet more time than reading it. The outcome then is: the sheet unsized, or the error the parse met. Here
    expat (namespace-aware, as ElementTree's parser is) checks the part as it streams by: a part that names no
    "dimension", has no DTD and parses whole without an error is unsized for openpyxl too; anything else — a
    dimension to read, a DTD, any error, text not in an ASCII-compatible encoding — is sized by openpyxl itself,
    so it gives the very same size or the very same error."""
    try:
        with ws._get_source() as src:
            parser = xml.parsers.expat.ParserCreate(None, "}")
            doctype: list[bool] = []
            parser.StartDoctypeDeclHandler = lambda *_: doctype.append(True)
            tail = b""
            first = True
            while chunk := src.read(1 << 16):
                if first:
                    head = chunk.removeprefix(b"\xef\xbb\xbf")
                    if not head.startswith(b"<") or b"\x00" in chunk:
                        raise _SizeByOpenpyxl
                    first = False
                if b"dimension" in tail + chunk:
                    raise _SizeByOpenpyxl
                parser.Parse(chunk, False)
                if doctype:
                    raise _SizeByOpenpyxl
                tail = chunk[-16:]
            parser.Parse(b"", True)
            if first or doctype:
                raise _SizeByOpenpyxl
    except Exception:  # noqa: BLE001 — _SizeByOpenpyxl, an XML error, a broken zip member: openpyxl decides
        _OPENPYXL_GET_SIZE[0](ws)


class _SizeByOpenpyxl(Exception):
    """The sheet is sized by openpyxl's own _get_size."""


class _NoStructure(Exception):
    """openpyxl's reader is not built as _load_structure expects: open the file with plain load_workbook."""


def _broken(path: Path, exc: Exception) -> ImportFileError:
    detail = type(exc).__name__
    if "Entit" in detail or "DTD" in detail or "Forbidden" in detail:
        return ImportFileError(f"「{path.name}」含有 XML 实体声明（DTD），可能是恶意构造的文件，未导入")
    return ImportFileError(f"「{path.name}」已损坏，无法打开（{detail}）。请用 Excel/WPS 打开检查后另存为 .xlsx")


def _read_csv(path: Path) -> list[tuple]:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(f"「{path.name}」的文字编码无法识别（应为 UTF-8 或 GBK/GB18030）")
    sample = text[:8192]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    try:
        return [tuple(r[:MAX_COLUMNS]) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFileError(f"「{path.name}」不是有效的 CSV 文件（{exc}）") from None


_F_TAG = re.compile(rb"<(?:\w+:)?f(?=[\s/>])([^>]*?)(/?)>")
_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')
_ATTR = re.compile(rb'(\w+)="([^"]*)"')


def scan_formulas(xml: bytes) -> dict[tuple[int, int], str] | None:
    """The formula cells of a sheet's XML: {(row, column): '=…'}; shared formulas are translated to each cell
    as Excel and openpyxl do. None when a formula's cell does not name its position (read it the slow way)."""
    found: list[tuple[bytes, bytes, bytes]] = []
    for m in _F_TAG.finditer(xml):
        # the cell a formula belongs to is the last <c …> (or <x:c …>) opened before it
        near = max(0, m.start() - 4096)      # a cell's own start tag is close by; never scan the whole sheet back
        c_start = max(xml.rfind(b"<c ", near, m.start()), xml.rfind(b":c ", near, m.start()))
        ref = _REF.search(xml, c_start, xml.find(b">", c_start) + 1) if c_start >= 0 else None
        if ref is None:
            return None
        if not m.group(2):                              # <f …>text</f>
            end = xml.find(b"</", m.end())
            if end < 0:
                return None
            found.append((xml[m.start():end + 4], ref.group(1), ref.group(2)))
        else:
            found.append((m.group(0), ref.group(1), ref.group(2)))
    return formula_map(found)


def formula_map(cells: Iterable[tuple[bytes, bytes, bytes]]) -> dict[tuple[int, int], str]:
    """(the <f> element, column letters, row digits) of each formula cell in sheet order → {(row, column): '=…'};
    shared formulas are translated to each cell as Excel and openpyxl do."""
    from openpyxl.formula.translate import Translator
    from openpyxl.utils.cell import column_index_from_string

    out: dict[tuple[int, int], str] = {}
    masters: dict[bytes, tuple[str, str]] = {}          # shared formula id → (text, the master's cell)
    for element, col, row in cells:
        m = _F_TAG.match(element)
        if m is None:
            continue
        col_letters, row_text = col.decode(), row.decode()
        key = (int(row_text), column_index_from_string(col_letters))
        attrs = dict(_ATTR.findall(m.group(1)))
        text = ""
        if not m.group(2):                              # <f …>text</f>
            text = html.unescape(element[m.end():element.rfind(b"</")].decode("utf-8"))
        cell = f"{col_letters}{row_text}"
        if attrs.get(b"t") == b"shared" and b"si" in attrs:
            si = attrs[b"si"]
            if text:
                masters[si] = (text, cell)
            elif si in masters:
                master, origin = masters[si]
                text = Translator("=" + master, origin=origin).translate_formula(cell)[1:]
        if text:
            out[key] = "=" + text
    return out
