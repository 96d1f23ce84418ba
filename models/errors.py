"""Errors a clerk can act on: each carries a Chinese message naming the row/project and field, never a traceback."""
from __future__ import annotations


class UserError(Exception):
    """An error to show the user as is; the command line prints it and exits 1."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """A value that may not be stored; the message names the project (or row) and the field."""

    def __init__(self, message: str, field: str = "", row: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.row = row


class ImportFileError(UserError):
    """A file that cannot be read as a return (not a spreadsheet, broken, hostile, no header…)."""


class ExportError(UserError):
    """An export that could not be written (disk full, file open in Excel…); nothing half-written is left."""


class StoreError(UserError):
    """The database cannot be used (locked by another copy, damaged, newer schema…)."""


class Cancelled(UserError):
    """Long work stopped by the user."""

    def __init__(self, message: str = "已取消") -> None:
        super().__init__(message)
