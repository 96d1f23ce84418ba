"""Formulas saved without cached values: evaluate the simple ones (SUM, + − × ÷, cell references) ourselves.

Files written by programs that do not calculate (and by openpyxl) store '=SUM(H4:H33)' with no result; Excel
would show the number, so the importer must too. Anything fancier is reported rather than guessed.
"""
from __future__ import annotations

import re
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Callable

from openpyxl.utils.cell import column_index_from_string

from models.money import round_half_up

_TOKEN = re.compile(r"\s*(?:(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)|(\d+(?:\.\d+)?%?)|(SUM|ROUND)\(|([-+*/(),]))",
                    re.I)
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)", re.I)

Lookup = Callable[[int, int], object]   # (row, column index 1-based) → cell value (may itself be a formula)
# (column index, first row, last row) → the numbers of that column's cells in row order, blanks left out: what
# a caller holding the sheet's columns can give far cheaper than one lookup per cell
ColumnLookup = Callable[[int, int, int], list[Decimal]]


class Unsupported(ValueError):
    """A formula this evaluator does not understand."""


def _cell(ref: str) -> tuple[int, int]:
    m = _CELL.fullmatch(ref)
    if not m:
        raise Unsupported(ref)
    return int(m.group(2)), column_index_from_string(m.group(1).upper())


def evaluate(formula: str, lookup: Callable[[int, int], Decimal | None], max_cells: int = 200_000,
             column: ColumnLookup | None = None) -> Decimal:
    """Value of '=SUM(H4:H33)', '=H5+I5*2', '=ROUND(J4/10000,2)'; raises Unsupported otherwise. `column`, when
    given, reads a one-column range (the same values, in the same order, as a lookup of each of its cells)."""
    src = formula.lstrip("=").strip()
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if not m or m.end() == pos:
            raise Unsupported(formula)
        pos = m.end()
        if m.group(1):
            tokens.append(("ref", m.group(1)))
        elif m.group(2):
            tokens.append(("num", m.group(2)))
        elif m.group(3):
            tokens.append(("fn", m.group(3).upper()))
        else:
            tokens.append(("op", m.group(4)))
    if len(tokens) > 2000:
        raise Unsupported(formula)
    i = 0

    def peek() -> tuple[str, str] | None:
        return tokens[i] if i < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal i
        if i >= len(tokens):
            raise Unsupported(formula)
        i += 1
        return tokens[i - 1]

    def values_of(ref: str) -> list[Decimal]:
        if ":" not in ref:
            r, c = _cell(ref)
            v = lookup(r, c)
            return [v] if v is not None else []
        a, b = ref.split(":")
        (r1, c1), (r2, c2) = _cell(a), _cell(b)
        if (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1) > max_cells:
            raise Unsupported(formula)
        if column is not None and c1 == c2:
            return column(c1, min(r1, r2), max(r1, r2))
        out = []
        for r in range(min(r1, r2), max(r1, r2) + 1):
            for c in range(min(c1, c2), max(c1, c2) + 1):
                v = lookup(r, c)
                if v is not None:
                    out.append(v)
        return out

    def args() -> list[list[Decimal] | Decimal]:
        out: list[list[Decimal] | Decimal] = []
        while True:
            t = peek()
            if t and t[0] == "ref" and ":" in t[1] and (i + 1 >= len(tokens) or tokens[i + 1][1] in (",", ")")):
                take()
                out.append(values_of(t[1]))
            else:
                out.append(expr())
            t = take()
            if t == ("op", ")"):
                return out
            if t != ("op", ","):
                raise Unsupported(formula)

    def atom() -> Decimal:
        t = take()
        if t[0] == "num":
            return Decimal(t[1][:-1]) / 100 if t[1].endswith("%") else Decimal(t[1])
        if t[0] == "ref":
            if ":" in t[1]:
                raise Unsupported(formula)
            vals = values_of(t[1])
            return vals[0] if vals else Decimal(0)
        if t[0] == "fn":
            a = args()
            if t[1] == "SUM":
                return sum((x if isinstance(x, Decimal) else sum(x, Decimal(0)) for x in a), Decimal(0))
            if len(a) != 2 or not isinstance(a[0], Decimal) or not isinstance(a[1], Decimal):
                raise Unsupported(formula)
            # Excel's ROUND: half away from zero on the decimal value (=ROUND(1.125,2) is 1.13, not Python's 1.12)
            return round_half_up(a[0], int(a[1]))
        if t == ("op", "("):
            v = expr()
            if take() != ("op", ")"):
                raise Unsupported(formula)
            return v
        if t == ("op", "-"):
            return -atom()
        if t == ("op", "+"):
            return atom()
        raise Unsupported(formula)

    def term() -> Decimal:
        v = atom()
        while (t := peek()) and t[0] == "op" and t[1] in "*/":
            take()
            rhs = atom()
            try:
                v = v * rhs if t[1] == "*" else v / rhs
            except (DivisionByZero, InvalidOperation):
                raise Unsupported(formula) from None
        return v

    def expr() -> Decimal:
        v = term()
        while (t := peek()) and t[0] == "op" and t[1] in "+-":
            take()
            v = v + term() if t[1] == "+" else v - term()
        return v

    result = expr()
    if i != len(tokens):
        raise Unsupported(formula)
    return result
