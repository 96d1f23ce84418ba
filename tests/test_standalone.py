"""The repository stands alone: a clone with no ../shared beside it finds the April example in tests/data and
passes the tests that read it; the copy is the same file as shared/examples when that is there."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from example_files import COPY, SHARED, ROOT


@pytest.mark.parametrize("name", ["district_2009_04.xlsx", "EXPECTED.md"])
def test_copy_matches_shared(name):
    if not (SHARED / name).exists():
        pytest.skip("../shared 不在旁边：只有仓库里的副本")
    assert (COPY / name).read_bytes() == (SHARED / name).read_bytes(), \
        f"tests/data/{name} 与 ../shared/examples/{name} 不同：把新的复制过来"


def test_clone_without_shared_passes(tmp_path):
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    clone = tmp_path / "alone" / "repo"          # nothing named shared beside it
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, clone / name)
    assert not (clone.parent / "shared").exists()
    found = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, 'tests'); "
                            "from example_files import EXAMPLE; print(EXAMPLE)"],
                           cwd=clone, capture_output=True, text=True, check=True).stdout.strip()
    assert found == str(clone / "tests" / "data" / "district_2009_04.xlsx")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/test_example_expected.py", "tests/test_analysis.py"],
                          cwd=clone, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout.splitlines()[-1]
