"""A sheet's cell values straight from its XML, exactly as openpyxl's read-only `iter_rows(values_only=True)`
gives them, at a fraction of the cost: openpyxl builds an element and a dict per cell and a descriptor object per
string, which is most of the time an import takes. Anything this reader is not sure of raises Unsure, and the
caller reads the sheet with openpyxl instead; it never guesses a value.

How it stays exact: expat (the parser openpyxl's own iterparse uses) checks every byte as it streams by, so the
XML is well-formed before a row is read; the rows are then cut out with compiled patterns that accept only the
shapes Excel, WPS, LibreOffice and openpyxl write (`<c r="B7" s="3" t="s"><v>12</v></c>` and kin). A cell in any
other shape (no r="…", a namespace prefix, an unknown type, a comment inside the data) is Unsure. Each value is
converted by openpyxl's own functions (number casting, from_excel, from_ISO8601), and any string that is more
than a plain `<t>` (rich text, phonetic runs) is handed to openpyxl's own Text parser."""
from __future__ import annotations

import re
import xml.parsers.expat
from typing import IO, Any, Callable, Iterator
from xml.etree.ElementTree import fromstring

MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CHUNK = 1 << 20            # bytes of sheet XML read at a time; rows are cut at a </row>, so memory stays ~2 MB
FIRST_CHUNK = 1 << 15


class Unsure(Exception):
    """The XML holds something the fast reader does not read exactly: let openpyxl read the sheet."""


# One token of <sheetData>: a cell in a shape we know, a row's start or end, or anything else (group `junk`).
# A cell: r="COLUMN ROW" first (the rest of its attributes in `rest`), then optionally <f>, <v>, <is> in the
# order the format prescribes; a plain inline string <is><t>…</t></is> is cut out here, any other <is> whole.
# No attribute holds a "/" in the files writers make: one that does is junk (Unsure). The possessive runs (*+)
# match what the plain ones would (what follows each starts with a character the run cannot hold), faster.
_TOKEN = re.compile(
    rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"([^>/]*+)(?:/>|>\s*+'
    rb'(?:(<f\b[^>]*?(?:/>|>[^<]*+</f>))\s*+)?'
    rb'(?:<v>([^<]*+)</v>\s*+|<v/>\s*+)?'
    rb'(?:<is>\s*+(<t(?: xml:space="preserve")?>)([^<]*+)</t>\s*+</is>\s*+|(<is>.*?</is>|<is/>)\s*+)?'
    rb'</c>)'
    rb'|<row\b([^>]*?)(/?)>|(</row>)|(\S)', re.S)
_ATTRS = re.compile(rb'(?:\s+([\w:]+)="([^"&<]*)")*\s*')
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_ROW_R = re.compile(rb'\sr="([^"]*)"')
_SI = re.compile(rb'<si>\s*(<t(?: xml:space="preserve")?>)([^<]*)</t>\s*</si>|(<si>.*?</si>|<si/>)|(\S)', re.S)
_SEQ = list(range(1, 16385))
_XMLNS = re.compile(rb'\sxmlns(?::[\w.-]+)?="[^"]*"')
_DECL_ENCODING = re.compile(rb'^\s*<\?xml[^>]*encoding=["\']([^"\']+)["\']')


def texts_of(raws: list[bytes]) -> list[str]:
    """XML character data (already checked well-formed) as expat reports it: line ends normalised, entity and
    character references resolved. All in one expat pass, which costs a fraction of resolving each in Python."""
    out: list[str] = []
    part: list[str] = []
    p = xml.parsers.expat.ParserCreate()
    p.buffer_text = True
    p.buffer_size = 1 << 16
    p.CharacterDataHandler = part.append

    def end(_: str) -> None:
        out.append("".join(part))
        part.clear()
    p.EndElementHandler = end
    try:
        p.Parse(b"<r><t>" + b"</t><t>".join(raws) + b"</t></r>", True)
    except xml.parsers.expat.ExpatError as exc:
        raise Unsure(f"text: {exc}") from None
    out.pop()                                           # </r>
    return out


def text_of(raw: bytes) -> str:
    """One piece of character data, as texts_of reads it (plain UTF-8 needs no parser)."""
    if b"&" in raw or b"\r" in raw:
        return texts_of([raw])[0]
    return raw.decode("utf-8")


def _cast_number(value: str | bytes) -> int | float:
    # openpyxl.worksheet._reader._cast_number, for the bytes of a <v> as well as for text
    if isinstance(value, bytes):
        if b"." in value or b"E" in value or b"e" in value:
            return float(value)
        return int(value)
    if "." in value or "E" in value or "e" in value:
        return float(value)
    return int(value)


class _Checker:
    """expat over the same bytes, no handlers: raises Unsure where openpyxl's parser would stop on malformed XML,
    and on any DTD (check_zip refuses those in a part's head; one further in is left to openpyxl to judge)."""

    def __init__(self) -> None:
        self.p = xml.parsers.expat.ParserCreate()
        self.p.StartDoctypeDeclHandler = self._doctype

    @staticmethod
    def _doctype(*_: object) -> None:
        raise Unsure("DTD")

    def feed(self, data: bytes, final: bool = False) -> None:
        try:
            self.p.Parse(data, final)
        except xml.parsers.expat.ExpatError as exc:
            raise Unsure(f"XML: {exc}") from None


def _check_head(head: bytes, root: bytes) -> bytes:
    """The document's start: UTF-8 and the root element in the main namespace, unprefixed; returns the root's
    namespace declarations (to parse a rich-text fragment with)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4] in (b"\x00<\x00?", b"<\x00?\x00"):
        raise Unsure("UTF-16")
    head = head.removeprefix(b"\xef\xbb\xbf")
    enc = _DECL_ENCODING.match(head)
    if enc and enc.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        raise Unsure("encoding")
    m = re.search(rb"<(?!\?|!)([\w:.-]+)([^>]*)>", head)
    if m is None or m.group(1) != root:
        raise Unsure("root element")
    decls = b"".join(_XMLNS.findall(m.group(2)))
    if b' xmlns="' + MAIN_NS + b'"' not in decls:
        raise Unsure("namespace")
    return decls


# Rich text as Excel, WPS and LibreOffice write it (LibreOffice splits every string that mixes Chinese and digits
# into runs, one per font): runs <r>, each an optional <rPr> then one <t>, and nothing else. Its text is the runs'
# texts joined, as openpyxl's Text.content makes it; each distinct <rPr> is still given to openpyxl's InlineFont
# once, so a font openpyxl would refuse is refused here too.
_RUN = rb'<r>\s*(?:(<rPr>.*?</rPr>|<rPr/>)\s*)?<t(?: xml:space="preserve")?>([^<]*)</t>\s*</r>'
_RUNS = re.compile(_RUN, re.S)
_RICH = re.compile(rb"\s*(?:" + _RUN + rb"\s*)+", re.S)


class _Strings:
    """Rich text and other unusual strings: plain runs read here, anything else by openpyxl's own Text (so its
    quirks are kept)."""

    def __init__(self, decls: bytes) -> None:
        self.decls = decls
        self.fonts: set[bytes] = set()                  # <rPr> blocks openpyxl has accepted

    def text(self, fragment: bytes, tag: bytes) -> str:
        inner = fragment[len(tag) + 2: -(len(tag) + 3)] if not fragment.endswith(b"/>") else b""
        if _RICH.fullmatch(inner):
            parts = []
            for font, piece in _RUNS.findall(inner):
                if font and font not in self.fonts:
                    self._check_font(font)
                parts.append(piece)
            if any(b"&" in p or b"\r" in p for p in parts):
                return "".join(text_of(p) for p in parts)
            return b"".join(parts).decode("utf-8")
        return self._by_openpyxl(inner, tag)

    def _check_font(self, font: bytes) -> None:
        from openpyxl.cell.text import InlineFont

        try:
            InlineFont.from_tree(fromstring(b"<rPr" + self.decls + font[4:]))
        except Exception as exc:  # noqa: BLE001 — openpyxl refuses this font: let it read the sheet and say so
            raise Unsure(f"font: {exc}") from None
        self.fonts.add(font)

    def _by_openpyxl(self, inner: bytes, tag: bytes) -> str:
        from openpyxl.cell.text import Text

        try:
            node = fromstring(b"<" + tag + self.decls + b">" + inner + b"</" + tag + b">")
            return Text.from_tree(node).content
        except Exception as exc:  # noqa: BLE001 — a prefix declared elsewhere, anything odd: openpyxl decides
            raise Unsure(f"string: {exc}") from None


def shared_strings(src: IO[bytes]) -> list[str]:
    """The shared-string table as openpyxl's read_string_table gives it (plain text of each <si>)."""
    check = _Checker()
    data = src.read()
    check.feed(data, True)
    decls = _check_head(data[:4096], b"sst")
    start = data.find(b">", data.find(b"<sst")) + 1
    end = data.rfind(b"</sst>")
    if start <= 0 or end < start:
        if re.search(rb"<sst\b[^>]*/>", data):
            return []
        raise Unsure("sst")
    body = data[start:end]
    rich = _Strings(decls)
    out: list[str] = []
    append = out.append
    refs: list[bytes] = []                  # texts with references or CRs, resolved together below
    at: list[int] = []
    for t_open, plain, other, junk in _SI.findall(body):
        if junk:
            raise Unsure("sst element")
        if not t_open:
            append(rich.text(other, b"si"))
        elif b"&" in plain or b"\r" in plain:
            at.append(len(out))
            refs.append(plain)
            append("")
        else:
            append(plain.decode("utf-8"))
    if refs:
        for i, text in zip(at, texts_of(refs)):
            out[i] = text
    # openpyxl's read_string_table drops every "x005F_" (its reading of the _x005F_ escape)
    return [t.replace("x005F_", "") if "x005F_" in t else t for t in out]


class SheetStyle:
    """What a cell's style index says about its number: a date, a duration, or neither (from openpyxl's wb)."""

    def __init__(self, date_formats: set[int], timedelta_formats: set[int], epoch: Any) -> None:
        self.date_formats = date_formats
        self.timedelta_formats = timedelta_formats
        self.epoch = epoch


def rows(src: IO[bytes], strings: Callable[[], list[str]], style: SheetStyle, max_columns: int,
         formulas: list[tuple[bytes, bytes, bytes]] | None = None) -> Iterator[tuple]:
    """The sheet's rows from row 1: each a tuple as long as its last cell's column (cut at max_columns), None
    where no cell is; a missing row as (). Raises Unsure for anything not read exactly. Each formula cell met is
    added to `formulas` as (column letters, row digits, its <f> element), so the formulas need no second pass."""
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    check = _Checker()
    size = FIRST_CHUNK                   # the header scan wants 30 rows: start small, then read CHUNK at a time
    buf = src.read(size)
    check.feed(buf)
    while b"<sheetData" not in buf:
        more = src.read(CHUNK)
        if not more:
            raise Unsure("no sheetData")
        check.feed(more)
        buf += more
    decls = _check_head(buf[:8192], b"worksheet")
    at = buf.find(b"<sheetData")
    if b"<row" in buf[:at]:
        raise Unsure("row before sheetData")
    close = buf.find(b">", at)
    while close < 0:
        more = src.read(CHUNK)
        if not more:
            raise Unsure("truncated")
        check.feed(more)
        buf += more
        close = buf.find(b">", at)
    opening = buf[at:close + 1]
    if opening.endswith(b"/>"):                       # <sheetData/>: no rows
        _drain(src, check, buf[close + 1:])
        return
    if opening not in (b"<sheetData>",):
        raise Unsure("sheetData attributes")
    buf = buf[close + 1:]

    rich = _Strings(decls)
    date_formats, td_formats, epoch = style.date_formats, style.timedelta_formats, style.epoch
    col_index: dict[bytes, int] = {}
    kinds: dict[bytes, tuple[Any, bytes, bool]] = {}  # a cell's attributes → style, type, whether a date format
    sst: list[str] | None = None                       # the shared strings, once a cell needs them
    resolved: dict[bytes, str] = {}                    # character data with references → its text
    row_rests: set[bytes] = set()                      # a row's attributes after r="N" that _ATTRS accepts
    counter = 1                  # the next row number to yield, as openpyxl's _cells_by_row counts
    row_n = 0                    # the row being read (openpyxl's row_counter)
    cols: list[int] = []
    vals: list[object] = []
    in_row = False
    done = False
    tail = b""
    while not done:
        end = buf.find(b"</sheetData>")
        if end >= 0:
            part, tail = buf[:end], buf[end:]
            done = True
        else:
            cut = buf.rfind(b"</row>")
            if cut < 0:                                 # not one whole row yet
                more = src.read(CHUNK)
                if not more:
                    raise Unsure("truncated")
                check.feed(more)
                buf += more
                continue
            cut += 6
            part, buf = buf[:cut], buf[cut:]
        if b"xmlns" in part or b"<!" in part or b"<?" in part:
            raise Unsure("namespace, comment or CDATA in the data")
        finished: list[tuple[list[int], list[object]] | None] = []    # None: an empty row
        refs: list[bytes] = []               # texts with references or CRs, resolved together below
        where: list[tuple[list[object], int]] = []
        for col, digits, rest, f, v, t_open, t_text, is_other, row_attrs, row_self, row_end, junk in \
                _TOKEN.findall(part):
            if col:
                if not in_row:
                    raise Unsure("cell outside a row")
                if f and formulas is not None:
                    formulas.append((col, digits, f))
                ci = col_index.get(col)
                if ci is None:
                    ci = col_index[col] = column_index_from_string(col.decode())
                kind = kinds.get(rest)
                if kind is None:
                    sid, typ = _kind(rest)
                    kind = kinds[rest] = (sid, typ, sid in date_formats)
                sid, typ, is_date = kind
                value: object = None
                if typ is _N:
                    if v:
                        # openpyxl's _cast_number on the bytes (a CR is whitespace to int() and float() as the
                        # "\n" expat makes of it is); a character reference is resolved first, anything else Unsure
                        try:
                            value = float(v) if b"." in v or b"E" in v or b"e" in v else int(v)
                        except ValueError:
                            if b"&" not in v:
                                raise Unsure("number") from None
                            try:
                                value = _cast_number(text_of(v))
                            except ValueError:
                                raise Unsure("number") from None
                        if is_date:
                            try:
                                value = from_excel(value, epoch, timedelta=sid in td_formats)
                            except (OverflowError, ValueError):
                                value = "#VALUE!"
                elif typ is _S:
                    if v:
                        if sst is None:
                            sst = strings()
                        try:
                            value = sst[int(v)]
                        except (ValueError, IndexError):
                            raise Unsure("shared string index") from None
                elif typ is _INLINE:
                    if t_open:
                        if b"&" in t_text or b"\r" in t_text:
                            # openpyxl writes every Chinese character as &#NNNNN;, and a return repeats its
                            # status, nature and date texts on every row: each distinct one resolved once
                            value = resolved.get(t_text)
                            if value is None:
                                where.append((vals, len(vals)))
                                refs.append(t_text)
                        else:
                            value = t_text.decode("utf-8")
                    elif is_other:
                        value = rich.text(is_other, b"is")
                elif typ == b"str" or typ == b"e":
                    if v:
                        if b"&" in v or b"\r" in v:
                            where.append((vals, len(vals)))
                            refs.append(v)
                        else:
                            value = v.decode("utf-8")
                elif typ == b"b":
                    if v:
                        try:
                            value = bool(int(v))
                        except ValueError:
                            raise Unsure("boolean") from None
                elif typ == b"d":
                    if v:
                        try:
                            value = from_ISO8601(text_of(v))
                        except Exception:  # noqa: BLE001 — openpyxl's own reading decides what a bad date does
                            raise Unsure("ISO date") from None
                else:
                    raise Unsure(f"cell type {typ!r}")
                cols.append(ci)
                vals.append(value)
            elif row_end:
                if not in_row:
                    raise Unsure("</row> without <row>")
                in_row = False
                if row_n >= counter:
                    while counter < row_n:
                        counter += 1
                        finished.append(None)
                    counter += 1
                    finished.append((cols, vals))
                cols, vals = [], []
            elif junk:
                raise Unsure("an element of unknown shape in the data")
            else:                                       # <row …> or <row …/>
                if in_row:
                    raise Unsure("nested row")
                # most rows: r="N" first, then attributes every row repeats (spans="1:12" …), checked once
                q = row_attrs.find(b'"', 4) if row_attrs.startswith(b' r="') else -1
                if q > 4 and row_attrs[4:q].isdigit() and (row_attrs[q + 1:] in row_rests
                                                            or _rest_ok(row_attrs[q + 1:], row_rests)):
                    row_n = int(row_attrs[4:q])
                else:
                    if row_attrs and not _ATTRS.fullmatch(row_attrs):
                        raise Unsure("row attributes")
                    row_n = _row_number(row_attrs, row_n)
                if row_self:
                    if row_n >= counter:
                        while counter < row_n:
                            counter += 1
                            finished.append(None)
                        counter += 1
                        finished.append(None)
                else:
                    in_row = True
        if refs:
            for (lst, i), raw, text in zip(where, refs, texts_of(refs)):
                lst[i] = text
                if len(raw) < 256:
                    resolved[raw] = text
        for item in finished:
            yield () if item is None else _row(item[0], item[1], max_columns)
        if not done:
            size = min(size * 4, CHUNK)
            more = src.read(size)
            if more:
                check.feed(more)
                buf += more
    if in_row:
        raise Unsure("unclosed row")
    _drain(src, check, tail)


def _drain(src: IO[bytes], check: _Checker, tail: bytes) -> None:
    """Feed the rest of the part to expat: openpyxl parses to the end, and a broken end is a broken sheet."""
    while True:
        if b"<row" in tail or b":row" in tail:
            raise Unsure("a row outside sheetData")
        more = src.read(CHUNK)
        if not more:
            break
        check.feed(more)
        tail = tail[-8:] + more
    check.feed(b"", True)


_N, _S, _INLINE = b"n", b"s", b"inlineStr"
_TYPES = {t: t for t in (_N, _S, _INLINE)}


def _kind(rest: bytes) -> tuple[Any, bytes]:
    """A cell's attributes after r="…" → (style index as openpyxl keeps it, type; the common types as the very
    objects _N, _S, _INLINE, so that the reader tells them by identity)."""
    if not _ATTRS.fullmatch(rest):
        raise Unsure("cell attributes")
    attrs = dict(_ATTR.findall(rest))
    s = attrs.get(b"s")
    sid: Any = 0
    if s == b"":
        sid = ""                                        # as openpyxl keeps it: never a date format
    elif s is not None:
        try:
            sid = int(s)
        except ValueError:
            raise Unsure("style") from None
    typ = attrs.get(b"t", _N)
    return sid, _TYPES.get(typ) or typ


def _rest_ok(rest: bytes, known: set[bytes]) -> bool:
    """Whether a row's attributes after r="N" are well-formed ones (_ATTRS); a good one is remembered."""
    if _ATTRS.fullmatch(rest):
        known.add(rest)
        return True
    return False


def _row_number(attrs: bytes, previous: int) -> int:
    m = _ROW_R.search(attrs)
    if m is None:
        return previous + 1
    text = m.group(1).decode()
    try:
        return int(text)
    except ValueError:
        try:
            val = float(text)
        except ValueError:
            raise Unsure("row number") from None
        if not val.is_integer():
            raise Unsure("row number") from None
        return int(val)


def _row(cols: list[int], vals: list[object], max_columns: int) -> tuple:
    """openpyxl's _get_row: as wide as the LAST cell's column; a later cell of the same column wins."""
    if not cols:
        return ()
    width = cols[-1]
    out: list[object]
    if width > max_columns:
        out = [None] * max_columns
        for c, v in zip(cols, vals):
            if c <= max_columns:
                out[c - 1] = v
        return tuple(out)
    if width == len(cols) and cols == _SEQ[:width]:    # every column once, in order: the common case
        return tuple(vals)
    out = [None] * width
    for c, v in zip(cols, vals):
        if c <= width:
            out[c - 1] = v
    return tuple(out)
