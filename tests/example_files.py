"""Where the example returns are: ../shared/examples beside the repository when it is there, else the copy kept in
tests/data, so that a fresh clone on its own passes its tests."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "examples"
COPY = Path(__file__).resolve().parent / "data"


def example(name: str = "district_2009_04.xlsx") -> Path:
    """The example file `name` (EXPECTED.md tells what a correct program reads from it)."""
    shared = SHARED / name
    return shared if shared.exists() else COPY / name


EXAMPLE = example()
