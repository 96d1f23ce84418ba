#!/usr/bin/env bash
# Set up everything the program (and, with --test, the test suite) needs on Debian/Ubuntu:
# system libraries for Qt, a CJK font, a Python venv in .venv with the project's packages.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-run}"
RUN_PKGS="python3-venv python3-pip libgl1 libegl1 libxkbcommon0 libx11-6 libglib2.0-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
  libxcb-shape0 libxcb-util1 libxcb-xkb1 fonts-wqy-microhei"
# binutils (objdump, strip) for PyInstaller and the glibc check; strace for the bundle test
TEST_PKGS="xvfb xauth libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils binutils strace"
PKGS="$RUN_PKGS"
[ "$MODE" = "--test" ] && PKGS="$RUN_PKGS $TEST_PKGS"

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=""
  for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "安装系统软件包：$missing"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
  fi
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# a stamp keeps a second run fast: reinstall only when pyproject.toml changed
stamp=".venv/.installed-$MODE"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  if [ "$MODE" = "--test" ]; then
    .venv/bin/python -m pip install -q -e ".[test,build]"
  else
    .venv/bin/python -m pip install -q -e .
  fi
  touch "$stamp"
fi
