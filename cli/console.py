"""Console output that never crashes: JSON always as UTF-8 bytes, text in the encoding its reader expects."""
from __future__ import annotations

import json
import sys
from typing import Any, Callable, TextIO

IS_WINDOWS = sys.platform == "win32"


def _console_code_page() -> int:
    """The console's output code page (936 on a Chinese Windows); 0 when the process has no console."""
    import ctypes

    return int(ctypes.windll.kernel32.GetConsoleOutputCP())  # type: ignore[attr-defined, unused-ignore]  # windll: Windows only


def _ansi_code_page() -> str:
    """Windows' ANSI code page as a codec name ("cp936"): what Notepad and WPS call 'ANSI'."""
    import locale

    return locale.getencoding()


def _is_console(stream: TextIO) -> bool:
    """True when Python writes this stream to a Windows console window, where any character shows.

    Python uses its own console writer (UTF-16 through WriteConsoleW) only for a real console; a file, a pipe
    or NUL gets bytes in the ANSI code page, which is where Chinese used to crash or come out wrong.
    """
    raw = getattr(getattr(stream, "buffer", None), "raw", None)
    return type(raw).__name__ == "_WindowsConsoleIO"


def _python_told() -> bool:
    """True when whoever started Python chose the encoding (PYTHONUTF8, PYTHONIOENCODING): keep it.

    A frozen program ignores both, so there only the code page decides."""
    if getattr(sys, "frozen", False):
        return False
    import os

    return bool(sys.flags.utf8_mode or os.environ.get("PYTHONIOENCODING"))


def redirect_encoding(console_cp: int, ansi: str) -> str:
    """The encoding for text that a batch file redirects to a file or pipes into another program.

    Whoever reads it on that PC (`type`, `findstr`, `for /f`, Notepad's ANSI, a second program) reads the
    console's code page, or the ANSI one when there is no console (a scheduled task). On a Chinese Windows that
    is 936, written here as GB18030: the same bytes for every GBK character, and it can still write the rare
    characters (䶮, 𠀾) GBK lacks instead of dropping them.
    """
    name = f"cp{console_cp}" if console_cp else ansi
    name = name.lower().replace("-", "")
    if name in ("cp936", "gbk", "gb2312", "gb18030"):
        return "gb18030"
    if name in ("cp65001", "utf8"):
        return "utf-8"
    return name


def configure(stream: TextIO | None, *, windows: bool = IS_WINDOWS,
              console_cp: Callable[[], int] = _console_code_page,
              ansi: Callable[[], str] = _ansi_code_page) -> None:
    """Make `stream` safe for any text: never an exception for a character its code page lacks.

    A frozen program ignores PYTHONIOENCODING, so this is decided here, at start-up, by what the stream is.
    """
    if stream is None or not hasattr(stream, "reconfigure"):
        return  # the windowed program has no console streams at all
    encoding = None
    if windows and not _is_console(stream) and not _python_told():
        try:
            encoding = redirect_encoding(console_cp(), ansi())
        except (OSError, AttributeError, LookupError):
            encoding = None
    try:
        if encoding:
            stream.reconfigure(encoding=encoding, errors="replace")
        else:
            stream.reconfigure(errors="replace")
    except (LookupError, ValueError, OSError):
        pass    # an unknown code page: keep Python's choice rather than fail before the command runs


def setup() -> None:
    """Configure stdout and stderr of the command line, once, before the first print."""
    configure(sys.stdout)
    configure(sys.stderr)


def write_json(data: Any, stream: TextIO | None = None) -> None:
    """Write `data` as JSON in UTF-8 bytes, whatever the console's code page: a script parses one encoding."""
    stream = stream or sys.stdout
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    buffer = getattr(stream, "buffer", None)
    if buffer is None:          # a stream without bytes underneath (a test's StringIO): text is all there is
        stream.write(text)
        return
    stream.flush()              # anything printed before must come first
    buffer.write(text.encode("utf-8"))
    buffer.flush()
