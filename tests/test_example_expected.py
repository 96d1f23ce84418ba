"""The real April 2009 return through the real command line gives every figure in its EXPECTED.md (shared/examples,
copied to tests/data)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from example_files import EXAMPLE

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "台账.db"
    first = run("--db", str(db), "import", str(EXAMPLE))
    assert first.returncode == 0, first.stderr
    out = run("--db", str(db), "summary", "--year", "2009", "--month", "4", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    # importing the same return again changes nothing
    again = run("--db", str(db), "import", str(EXAMPLE))
    assert again.returncode == 0, again.stderr
    assert "新增0个项目，更新0个，未变30个" in again.stdout
    assert json.loads(run("--db", str(db), "summary", "--year", "2009", "--month", "4", "--json").stdout) == data
    return data


def test_totals(summary):
    s = summary
    assert (s["year"], s["month"], s["projects"]) == (2009, 4, 30)
    assert s["total_investment"] == "1220000.00"
    assert s["annual_plan"] == "400000.00"
    assert s["ytd"] == "77000.00"
    assert s["month_amount"] == "21265.18"
    assert s["completion_rate"] == "19.3"
    assert s["schedule_rate"] == "33.3"
    assert s["vs_schedule_pp"] == "-14.1"
    assert (s["started"], s["start_rate"], s["completed"]) == (25, "83.3", 0)


def test_nature_split(summary):
    natures = {g["name"]: g["count"] for g in summary["by_nature"]}
    assert natures == {"新建": 27, "续建": 3}


def test_flags(summary):
    city, assessed = summary["flags"]["市级重点"], summary["flags"]["考核项目"]
    assert (city["count"], city["total_investment"], city["annual_plan"], city["ytd"], city["completion_rate"]) == \
        (10, "499000.00", "137000.00", "45840.78", "33.5")
    assert (assessed["count"], assessed["total_investment"], assessed["annual_plan"], assessed["ytd"],
            assessed["completion_rate"]) == (8, "411000.00", "128000.00", "42000.00", "32.8")


def test_bands(summary):
    b = summary["bands"]
    assert b["completed"]["count"] == 0 and b["ahead"]["count"] == 0 and b["no_plan"]["count"] == 0
    assert (b["on_schedule"]["count"], b["on_schedule"]["annual_plan"], b["on_schedule"]["ytd"]) == (5, "41836.52", "22971.38")
    assert b["on_schedule"]["share"] == "5.7"
    assert (b["behind"]["count"], b["behind"]["annual_plan"], b["behind"]["ytd"]) == (20, "307424.31", "54028.62")
    assert (b["not_started"]["count"], b["not_started"]["annual_plan"], b["not_started"]["ytd"]) == (5, "50739.17", "0.00")
    assert {p["name"] for p in b["on_schedule"]["projects"]} == {
        "余家湖港区码头", "汉江堤防加固", "区人民医院门诊综合楼", "真武山片区道路改造", "襄城科技孵化园"}
    assert {p["name"] for p in b["not_started"]["projects"]} == {
        "尹集乡村公路网改造", "农村卫生院标准化建设", "尹集物流工业园基础设施", "农村初中校舍改造", "卧龙镇农田水利综合整治"}
    assert {p["problem"] for p in b["not_started"]["projects"]} == {"土地报批未完成"}


def test_categories(summary):
    cats = {g["name"]: (g["count"], g["annual_plan"], g["ytd"]) for g in summary["by_category"]}
    assert cats == {
        "基础设施": (9, "113238.33", "28241.45"), "民生": (7, "91378.67", "15553.12"),
        "产业": (7, "98648.48", "18045.76"), "农业": (4, "60137.43", "8459.79"),
        "社会事业": (3, "36597.09", "6699.88")}


def test_units_match_an_independent_sum_of_the_sheet(summary):
    """Per-unit sums recomputed straight from the sheet's cells with Decimal, as a clerk would with a calculator."""
    from collections import defaultdict
    from decimal import ROUND_HALF_UP, Decimal

    import openpyxl
    ws = openpyxl.load_workbook(EXAMPLE, data_only=True)["重点项目"]
    sums: dict = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for row in ws.iter_rows(min_row=4, values_only=True):
        if isinstance(row[0], int):
            s = sums[row[2]]
            s[0] += 1; s[1] += Decimal(str(row[8])); s[2] += Decimal(str(row[9]))
    got = {g["name"]: g for g in summary["by_unit"]}
    assert set(got) == set(sums)
    for unit, (count, plan, ytd) in sums.items():
        rate = (ytd / plan * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert (got[unit]["count"], got[unit]["annual_plan"], got[unit]["ytd"], got[unit]["completion_rate"]) == \
            (count, f"{plan:.2f}", f"{ytd:.2f}", f"{rate}")
