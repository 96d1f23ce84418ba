"""Screenshots of 报送与审核 (run under xvfb-run): a district's September with five units' returns in several
shapes — one sent back with its opinion, one accepted, one with a renamed project — the 月度填报 tab with the
units × state view, and one unit's return report.  Usage: xvfb-run -a python scripts/shots_returns.py 输出目录"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


from shots_common import shots_app  # noqa: E402


def main(out: Path) -> None:
    import fixtures_returns as fx
    from importers.batch import import_files
    from models.returns import review
    from models.store import Store
    from ui.main_window import MainWindow
    from ui.monthly.returns import ReturnDialog

    app, tmp, pump = shots_app(out, setup=True)

    s = Store.open(tmp / "台账.db")
    s.set_settings({"office": "XX区发改局", "welcomed": True, "units": fx.DISTRICT_UNITS + ["区住建局"]})
    august = fx.district_returns(tmp / "八月", month=8)
    import_files(s, august.values())
    files = fx.district_returns(tmp / "九月")
    renamed = fx._sheet(tmp / "九月" / "代王街道9月重点项目进展.xlsx", [
        ["2024年重点项目建设进展情况表（1—9月）"], ["单位：万元"],
        ["序号", "项目名称", "年度计划投资", "1-9月完成投资", "其中：9月完成"],
        [1, "代王安置小区", 3000, 2100.5, 300], [2, "代王农贸市场", 800, 500, 0], [3, "代王污水管网一期", 1200, 1050.25, 100]])
    import_files(s, [files["东镇"], renamed, files["区交通局"], files["区教育局"]])
    review(s, 2024, 9, "东镇", False, "东镇卫生院9月完成数与形象进度不符，请核实后重报")
    review(s, 2024, 9, "区教育局", True)
    w = MainWindow(s, 2024, 9)
    w.setGeometry(0, 0, 1600, 960)
    w.show()
    w.tabs.setCurrentIndex(1)
    panel = w.monthly_panel()
    panel.returns.select_unit("东镇")
    pump(600)
    w.grab().save(str(out / "报送与审核.png"))
    dlg = ReturnDialog(s, 2024, 9, "代王街道", panel.returns)
    dlg.show()
    pump(400)
    dlg.grab().save(str(out / "报送与审核_报表详情.png"))
    dlg.close()
    w.close()
    s.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
