"""Render the program icon: resources/zdxm.svg (and zdxm-small.svg for 16/24 px) → resources/icons/zdxm-N.png and
resources/zdxm.ico. Run after changing an SVG: `.venv/bin/python scripts/make_icons.py` (needs a CJK font)."""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL = 24          # this size and below come from the simplified drawing


def render(svg: Path, size: int) -> bytes:
    """One PNG of the SVG at size × size pixels, transparent around the card."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        sys.exit(f"无法读取 {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data)


def ico(pngs: dict[int, bytes]) -> bytes:
    """An .ico container holding PNG images (read by Windows Vista and later, and by Qt's ico plugin)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        # width/height 0 means 256; no palette; 1 plane; 32 bits per pixel
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841  (text needs a font database)
    out = RESOURCES / "icons"
    out.mkdir(exist_ok=True)
    pngs = {}
    for size in SIZES:
        svg = RESOURCES / ("zdxm-small.svg" if size <= SMALL else "zdxm.svg")
        pngs[size] = render(svg, size)
        (out / f"zdxm-{size}.png").write_bytes(pngs[size])
    (RESOURCES / "zdxm.ico").write_bytes(ico(pngs))
    print(f"已生成 {len(SIZES)} 个 PNG 和 zdxm.ico：{out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
