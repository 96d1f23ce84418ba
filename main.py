"""重点项目台账 start-up: no arguments opens the window, a subcommand runs the command line."""
from __future__ import annotations

import os
import sys


def run(argv: list[str]) -> int:
    # Wine hands no QT_* variable to a Windows program: the Windows bundle test names Qt's platform this way
    if os.environ.get("ZDXM_QT_QPA_PLATFORM"):
        os.environ.setdefault("QT_QPA_PLATFORM", os.environ["ZDXM_QT_QPA_PLATFORM"])
    if not argv or (len(argv) == 2 and argv[0] == "--db"):
        from ui.app import run_window
        return run_window(argv[1] if argv else None)
    from cli import main
    return main(argv)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
