"""A photo file (or dropped image) → a models.photos.Picture: turned upright, scaled to at most 1600 px, JPEG ~80."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageReader

from models.errors import UserError
from models.photos import JPEG_QUALITY, MAX_SIDE, THUMB_SIDE, Picture

SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff")
FILTER = "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff)"


def _jpeg(image: QImage, quality: int) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if image.hasAlphaChannel():           # JPEG has no transparency: put it on white, not black
        flat = QImage(image.size(), QImage.Format.Format_RGB32)
        flat.fill(Qt.GlobalColor.white)
        from PySide6.QtGui import QPainter
        p = QPainter(flat)
        p.drawImage(0, 0, image)
        p.end()
        image = flat
    image.save(buf, "JPEG", quality)
    buf.close()
    return bytes(data.data())


def picture_of_image(image: QImage) -> Picture:
    """Scale a decoded image into what the 台账 keeps."""
    if max(image.width(), image.height()) > MAX_SIDE:
        image = image.scaled(MAX_SIDE, MAX_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    thumb = image.scaled(THUMB_SIDE, THUMB_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)
    return Picture(_jpeg(image, JPEG_QUALITY), _jpeg(thumb, 75), image.width(), image.height())


def picture_of_file(path: str | Path) -> Picture:
    """Read a photo file; a phone's rotation (EXIF) is applied; UserError in Chinese when it is no picture."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)          # phones store portrait photos sideways with an orientation tag
    image = reader.read()
    if image.isNull():
        raise UserError(f"「{Path(path).name}」不是能读取的图片（{reader.errorString()}）")
    return picture_of_image(image)
