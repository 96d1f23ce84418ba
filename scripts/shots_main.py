"""Screenshots of the main window, a card and the import wizard (run under xvfb-run) into a folder."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


from shots_common import shots_app  # noqa: E402


def main(out: Path, example: Path, demo_projects: int) -> None:
    from importers.reader import read_return
    from models.demo import make_demo
    from models.store import Store
    from ui.card_dialog import CardDialog
    from ui.import_dialog import ImportDialog
    from ui.main_window import MainWindow

    app, tmp, pump = shots_app(out)

    # the example return, imported, in the window
    s = Store.open(tmp / "example.db")
    s.set_settings({"office": "襄城区发改局", "welcomed": True})
    res = read_return(example)
    s.apply_import(res.records, res.report.year, res.report.month, label="导入示例")
    w = MainWindow(s, res.report.year, res.report.month)
    w.resize(1400, 820)
    w.show()
    pump()
    w.grab().save(str(out / "main_example.png"))
    w.table.selectRow(2)
    card = CardDialog(s, w.year, s.project(w.selected_id()), w)
    card.show()
    pump()
    card.grab().save(str(out / "card.png"))
    card.tabs.setCurrentIndex(2)
    pump()
    card.grab().save(str(out / "card_history.png"))
    card.close()
    dlg = ImportDialog(s, str(example), w)
    dlg.show()
    for _ in range(50):
        pump(100)
        if dlg.ok.isEnabled():
            break
    dlg.grab().save(str(out / "wizard.png"))
    dlg.close()
    w.close()
    s.close()

    big = Store.open(tmp / "big.db")
    make_demo(big, projects=demo_projects, year=2024, through_month=10)
    w = MainWindow(big, 2024, 10)
    w.resize(1400, 820)
    w.show()
    pump()
    w.grab().save(str(out / "main_10000.png"))
    w.search.setText("xc")
    pump()
    w.grab().save(str(out / "main_search.png"))
    w.close()
    big.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 10_000)
