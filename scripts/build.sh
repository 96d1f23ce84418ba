#!/usr/bin/env bash
# Build the program folder dist/重点项目台账/ (the window 重点项目台账 and the command line zdxm over one shared
# _internal folder) with PyInstaller and resources/zdxm.spec. Copy the folder anywhere and run it: no Python needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v objdump >/dev/null || ! command -v strip >/dev/null; then   # PyInstaller reads and strips ELF files
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y -q --no-install-recommends binutils
fi
if ! .venv/bin/python -c "import PyInstaller" 2>/dev/null; then
  echo "安装 PyInstaller（pyproject.toml 的 build 附加依赖）"
  .venv/bin/python -m pip install -q -e ".[build]"
fi
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller resources/zdxm.spec
out="dist/重点项目台账"
echo "已生成：$out（$(du -sm "$out" | cut -f1) MB）"
