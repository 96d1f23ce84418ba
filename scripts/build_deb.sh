#!/usr/bin/env bash
# Wrap the program folder into a .deb for 统信UOS / 银河麒麟 / Debian / Ubuntu:
#   /opt/zdxm/                      the folder of scripts/build.sh (zdxm, 重点项目台账, _internal/) and zdxm-window
#   /usr/bin/zdxm                   the command line on PATH
#   /usr/share/applications/, /usr/share/icons/hicolor/   the menu entry with its icon
# Data never goes under /opt: each user's 台账 stays in ~/.local/share/重点项目台账, kept when the package is removed.
# Usage: bash scripts/build_deb.sh [程序文件夹 [输出文件夹]]   (default: dist/重点项目台账, built first if missing; dist/)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
APP="${1:-dist/重点项目台账}"
OUT="${2:-dist}"
if [ ! -x "$APP/zdxm" ]; then
  [ $# -ge 1 ] && { echo "错误：$APP 里没有 zdxm（先运行 bash scripts/build.sh）" >&2; exit 1; }
  bash scripts/build.sh
fi
APP="$(cd "$APP" && pwd)"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

VERSION="$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)"
ARCH="$(dpkg --print-architecture)"
# the C library the bundle needs: the newest GLIBC_ symbol version any file in the folder asks for
GLIBC="$(find "$APP" -type f \( -name '*.so*' -o -perm -u+x \) -exec objdump -T {} + 2>/dev/null \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -t. -k1,1n -k2,2n -k3,3n -u | tail -1)"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
PKG="$STAGE/pkg"
mkdir -p "$PKG/DEBIAN" "$PKG/opt/zdxm" "$PKG/usr/bin" "$PKG/usr/share/applications" "$PKG/usr/share/doc/zdxm"
cp -a "$APP/." "$PKG/opt/zdxm/"

# the menu entry starts the window through this: the bundled Qt speaks ibus (and compose) but has no fcitx plugin,
# so where fcitx5 is the input method (UOS and Kylin by default) it is reached through fcitx5's ibus frontend.
# Qt's ibus plugin gives up unless an ibus-daemon program exists, or it is told to use the ibus portal on the
# session bus, which fcitx5 provides (org.freedesktop.portal.IBus): checked here with fcitx5 5.0.21 and pinyin.
cat > "$PKG/opt/zdxm/zdxm-window" <<'EOF'
#!/bin/sh
# 重点项目台账 (the window). Chinese input: the bundled Qt has the ibus input-method plugin, not fcitx's.
here="$(dirname "$(readlink -f "$0")")"
fcitx_plugin="$(ls "$here"/_internal/PySide6/Qt/plugins/platforminputcontexts/*fcitx* 2>/dev/null | head -1)"
if [ -z "$fcitx_plugin" ]; then
  case "${QT_IM_MODULE:-}" in
    fcitx*) export QT_IM_MODULE=ibus IBUS_USE_PORTAL=1 ;;
    "") if pgrep -u "$(id -u)" -x 'fcitx5|fcitx' >/dev/null 2>&1; then export QT_IM_MODULE=ibus IBUS_USE_PORTAL=1; fi ;;
  esac
fi
exec "$here/重点项目台账" "$@"
EOF
chmod 755 "$PKG/opt/zdxm/zdxm-window"
ln -s /opt/zdxm/zdxm "$PKG/usr/bin/zdxm"
cp resources/zdxm.desktop "$PKG/usr/share/applications/zdxm.desktop"
for png in resources/icons/zdxm-*.png; do
  size="$(basename "$png" .png | sed 's/zdxm-//')"
  mkdir -p "$PKG/usr/share/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$PKG/usr/share/icons/hicolor/${size}x${size}/apps/zdxm.png"
done
cat > "$PKG/usr/share/doc/zdxm/README" <<EOF
重点项目台账 $VERSION
菜单：办公 → 重点项目台账；命令行：zdxm --help
台账和备份在每个用户自己的文件夹：~/.local/share/重点项目台账（卸载程序不会删除它们）。
EOF

SIZE="$(du -sk "$PKG" | cut -f1)"
cat > "$PKG/DEBIAN/control" <<EOF
Package: zdxm
Version: $VERSION
Architecture: $ARCH
Maintainer: 重点项目台账 <zdxm@localhost>
Installed-Size: $SIZE
Depends: libc6 (>= $GLIBC), zlib1g, libgl1, libegl1, libxcb1
Recommends: fonts-wqy-microhei | fonts-noto-cjk | fonts-wqy-zenhei
Section: misc
Priority: optional
Description: 重点项目台账 — key construction project ledger
 项目卡片、月度进展、月报表、文字分析、项目清单和督办单，导入各单位报来的表格。
 Self-contained: carries its own Python and Qt; needs only the C library, OpenGL and a CJK font.
EOF
# refresh the menu and icon caches when the tools are there (dpkg triggers do it on most desktops anyway)
cat > "$PKG/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q /usr/share/icons/hicolor || true
exit 0
EOF
cp "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm"
chmod 755 "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm"

DEB="$OUT/zdxm_${VERSION}_${ARCH}.deb"
# xz: the compression every dpkg reads (UOS V20's dpkg 1.19 has no zstd)
# shellcheck disable=SC2086  (ZDXM_DEB_Z: e.g. "-Zgzip -z1" for a quick package in the tests)
dpkg-deb --root-owner-group ${ZDXM_DEB_Z:--Zxz -z6} --build "$PKG" "$DEB" >/dev/null
echo "已生成：$DEB（$(du -m "$DEB" | cut -f1) MB，需要 glibc ≥ $GLIBC）"
