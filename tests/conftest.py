"""Shared test fixtures: the offscreen Qt platform, the real example return, small stores."""
from __future__ import annotations

import os
import sys
from pathlib import Path

# must be set before anything imports Qt (pytest-qt aborts without a display otherwise)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from example_files import EXAMPLE  # noqa: E402  (../shared/examples, else the copy in tests/data)


@pytest.fixture
def example_path() -> Path:
    if not EXAMPLE.exists():
        pytest.fail(f"示例文件不存在：{EXAMPLE}")
    return EXAMPLE


@pytest.fixture
def store():
    from models.store import Store

    s = Store.memory()
    yield s
    s.close()


@pytest.fixture
def example_store(tmp_path, example_path):
    """A database file with the April 2009 example imported through the real importer."""
    from importers.reader import read_return
    from models.store import Store

    s = Store.open(tmp_path / "example.db")
    result = read_return(example_path)
    s.apply_import(result.records, result.report.year, result.report.month, label="导入示例")
    yield s
    s.close()


@pytest.fixture
def example_report(example_store):
    from models.report import build_report

    return build_report(example_store, 2009, 4)


@pytest.fixture
def qt_settings(tmp_path, qapp):
    """Remembered folders and window layout go to a throw-away settings file, not the developer's.

    Window test modules use it with `pytestmark = pytest.mark.usefixtures("qt_settings")`."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName("zdxm-test")
    qapp.setApplicationName("tests")
    yield
