"""The Windows installer, installed and used as a clerk would: on Linux under Wine with a Chinese locale
(code page 936), on a Windows runner natively (ZDXM_WINDOWS_SETUP names the installer the workflow built).

Linux: `bash scripts/build_windows.sh` builds the bundle and the installer (about 3–5 minutes; downloads are
cached in ~/.cache/zdxm-windows), then a fresh Wine prefix with nothing but a CJK font gets the installer run
silently, and the installed zdxm.exe answers every command; the window opens offscreen; the uninstaller leaves
the data. The build is reused while nothing it is made from has changed (build/windows.stamp).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_run import ROOT

IS_WINDOWS = sys.platform == "win32"
WINE = "/usr/lib/wine/wine64"
APP = "重点项目台账"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
STAMP = ROOT / "build" / "windows.stamp"


def _have_wine() -> str | None:
    """None when wine64 and makensis are there (installed now if we are root), else why not."""
    if Path(WINE).exists() and shutil.which("makensis"):
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "wine64/nsis 未安装，且不是 root，无法安装"
    done = subprocess.run(["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-q",
                           "--no-install-recommends", "wine64", "nsis"], capture_output=True, text=True)
    if done.returncode != 0 or not Path(WINE).exists():
        return f"无法安装 wine64/nsis：{done.stderr[-500:]}"
    return None


def _setup_exe() -> Path:
    """The installer: the one the workflow names, or a fresh build under Wine."""
    given = os.environ.get("ZDXM_WINDOWS_SETUP")
    if given:
        return Path(given)
    if IS_WINDOWS:
        pytest.skip("在 Windows 上由工作流先构建安装程序，再用 ZDXM_WINDOWS_SETUP 指明")
    if sys.platform != "linux":
        pytest.skip("Windows 安装程序只在 Linux（Wine）或 Windows 上测试")
    if not (os.environ.get("CI") or os.environ.get("ZDXM_WINDOWS_TEST")):
        # 3–5 minutes of both cores: CI (CI=true) always runs it; a developer asks for it with ZDXM_WINDOWS_TEST=1
        pytest.skip("Windows 构建较慢，只在 CI（CI=true）或设置 ZDXM_WINDOWS_TEST=1 时运行")
    why = _have_wine()
    if why:
        pytest.skip(why)
    from bundle_check import source_hash

    # reused while nothing it is made from has changed (the program, resources/, this build script)
    wanted = source_hash() + (ROOT / "scripts" / "build_windows.sh").read_text(encoding="utf-8")
    found = sorted((ROOT / "dist" / "windows").glob(f"{APP}-setup-*.exe"))
    if not (found and STAMP.exists() and STAMP.read_text(encoding="utf-8") == wanted):
        STAMP.unlink(missing_ok=True)
        started = time.monotonic()
        done = subprocess.run(["bash", str(ROOT / "scripts" / "build_windows.sh")], capture_output=True,
                              text=True, encoding="utf-8", errors="replace", cwd=ROOT, timeout=3600)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        print(f"\nWindows 构建用时 {time.monotonic() - started:.0f} 秒")
        found = sorted((ROOT / "dist" / "windows").glob(f"{APP}-setup-*.exe"))
        STAMP.write_text(wanted, encoding="utf-8")
    assert found, "build_windows.sh 没有生成安装程序"
    return found[-1]


class Machine:
    """A Windows to install on: a fresh Wine prefix here, or the runner itself."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DISPLAY", "WAYLAND"))}
        if IS_WINDOWS:      # the children share this console: its code page decides (the workflow sets 65001)
            from cli import console

            self.encoding = console.redirect_encoding(console._console_code_page(), console._ansi_code_page())
            return
        self.encoding = "gb18030"       # code page 936, as on a Chinese Windows
        self.prefix = home / "prefix"
        # a home of its own: Wine links the Windows desktop to $HOME/Desktop (or $HOME) and mirrors Start-menu
        # entries into ~/.local/share; a test must not leave shortcuts on this machine's desktop or menu
        linux_home = home / "home"
        (linux_home / "Desktop").mkdir(parents=True)
        for k in [k for k in self.env if k.startswith("XDG_")]:
            del self.env[k]
        self.env.update(WINEPREFIX=str(self.prefix), WINEDEBUG="-all", WINEARCH="win64", HOME=str(linux_home),
                        WINEDLLOVERRIDES="winemenubuilder.exe=d",
                        LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8")
        self.run_raw("wineboot", "-i")
        fonts = self.prefix / "drive_c" / "windows" / "Fonts"
        if FONT.exists():       # a Chinese Windows has 宋体; an empty prefix has no Chinese font at all
            shutil.copy(FONT, fonts / FONT.name)

    def path(self, p: Path) -> str:
        """How the Windows program names a file of this machine (Wine maps / to Z:\\)."""
        return str(p) if IS_WINDOWS else "Z:" + str(p.resolve()).replace("/", "\\")

    def local(self, windows_path: str) -> Path:
        """The Linux file behind a C:\\… path inside the prefix."""
        if IS_WINDOWS:
            return Path(windows_path)
        assert windows_path[1:3] == ":\\", windows_path
        drive = self.prefix / f"drive_{windows_path[0].lower()}"
        return drive.joinpath(*windows_path[3:].split("\\"))

    def run_raw(self, exe: str, *args: str, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
        # standard streams are pipes: Wine 8 here cannot hand a Windows program a regular file as one
        cmd = [exe, *args] if IS_WINDOWS else [WINE, exe, *args]
        return subprocess.run(cmd, input=b"", capture_output=True, env={**self.env, **(env or {})}, timeout=timeout)

    def localappdata(self) -> str:
        out = self.run_raw("cmd", "/c", "echo", "%LOCALAPPDATA%") if not IS_WINDOWS else None
        return out.stdout.decode("gb18030").strip() if out else os.environ["LOCALAPPDATA"]


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    setup = _setup_exe()
    home = tmp_path_factory.mktemp("windows")
    m = Machine(home)
    done = m.run_raw(m.path(setup), "/S")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    m.appdata = m.localappdata()
    m.install_dir = f"{m.appdata}\\Programs\\{APP}"
    m.zdxm = f"{m.install_dir}\\zdxm.exe"
    print(f"\n安装程序 {setup.stat().st_size / 2**20:.1f} MB；程序文件夹 "
          f"{sum(f.stat().st_size for f in m.local(m.install_dir).rglob('*') if f.is_file()) / 2**20:.1f} MB")
    return m


def zdxm(m: Machine, *args: str) -> tuple[int, str, str]:
    """The installed zdxm.exe as a batch file runs it: output redirected, so in the console's code page."""
    done = m.run_raw(m.zdxm, *args)
    return done.returncode, done.stdout.decode(m.encoding), done.stderr.decode(m.encoding)


def test_the_installer_puts_the_program_and_shortcuts_in_place(installed):
    m = installed
    folder = m.local(m.install_dir)
    assert (folder / "zdxm.exe").exists() and (folder / f"{APP}.exe").exists()
    if not IS_WINDOWS:
        users = m.prefix / "drive_c" / "users"
        assert list(users.glob(f"*/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/{APP}/{APP}.lnk"))
        assert list(users.glob(f"*/Desktop/{APP}.lnk"))     # Wine's desktop is a link into the test's home


def test_the_installed_command_line_does_every_command(installed, tmp_path, example_path):
    """The checks of the Linux bundle test (tests/bundle_check.py), against the installed zdxm.exe."""
    from bundle_check import check_exports, export_commands, source_summary, without_times
    from cli import build_parser

    m = installed
    code, out, err = zdxm(m, "--help")
    commands = next(a for a in build_parser()._actions if a.dest == "command").choices
    assert code == 0 and "子命令" in out
    assert [c for c in commands if c not in out] == [], "安装后的 zdxm.exe --help 少了子命令"

    code, out, err = zdxm(m, "init")
    data = f"{m.appdata}\\{APP}"
    assert code == 0 and f"{data}\\台账.db" in out, out + err      # %LOCALAPPDATA%, not the roaming folder

    code, out, err = zdxm(m, "import", m.path(example_path))
    assert code == 0 and "新增30个项目" in out, out + err            # printed in code page 936 without a crash

    done = m.run_raw(m.zdxm, "summary", "--year", "2009", "--month", "4", "--json")
    figures = json.loads(done.stdout.decode("utf-8"))          # UTF-8 bytes even under code page 936
    assert without_times(figures) == without_times(source_summary(tmp_path, example_path))
    assert (figures["projects"], figures["ytd"]) == (30, "77000.00")

    out_dir = tmp_path / "导出"
    out_dir.mkdir()
    period = ("--year", "2009", "--month", "4")
    for args in export_commands(period):
        named = [m.path(out_dir / a) if "." in a else a for a in args]
        code, out, err = zdxm(m, *named)
        assert code == 0, f"{' '.join(args)}: {out}{err}"
    check_exports(out_dir)
    keep(out_dir / "清单.pdf", "installed-project-list.pdf")
    if shutil.which("pdffonts"):        # the Chinese font is embedded: the clerk's printer shows text, not boxes
        fonts = subprocess.run(["pdffonts", str(out_dir / "清单.pdf")], capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all("CID TrueType" in r and " yes " in r for r in rows), fonts

    code, out, err = zdxm(m, "backup")
    assert code == 0 and "已备份到" in out, out + err
    code, out, err = zdxm(m, "check")
    assert code == 0 and "30个项目" in out, out + err

    # the same exit codes as `python main.py`: 1 with a Chinese message for a bad file, 2 for wrong usage
    code, out, err = zdxm(m, "import", m.path(tmp_path / "没有这个文件.xlsx"))
    assert code == 1 and "错误" in err and "Traceback" not in err
    code, out, err = zdxm(m, "没有这个命令")
    assert code == 2 and "用法" in err


def keep(file: Path, name: str) -> None:
    """A copy in build/windows-test for a person to open and look at."""
    out = ROOT / "build" / "windows-test"
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(file, out / name)


def test_the_installed_window_shows_the_example(installed, tmp_path, example_path):
    m = installed
    db = tmp_path / "窗口.db"
    assert zdxm(m, "--db", m.path(db), "import", m.path(example_path))[0] == 0
    report = tmp_path / "window.json"
    done = m.run_raw(f"{m.install_dir}\\{APP}.exe", "--db", m.path(db), timeout=300,
                     # no desktop; the minimal platform still draws with Windows' fonts (offscreen has none there)
                     env={"ZDXM_QT_QPA_PLATFORM": "minimal:enable_fonts", "ZDXM_WINDOW_REPORT": m.path(report)})
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    shown = json.loads(report.read_text(encoding="utf-8"))
    assert shown["rows"] == 30 and APP in shown["title"] and "77,000.00万元" in shown["totals"], shown
    assert report.with_suffix(".png").stat().st_size > 20_000       # a window full of rows, not a blank grab
    keep(report.with_suffix(".png"), "installed-window.png")


def test_reinstalling_and_uninstalling_keep_the_data(installed, example_path):
    m = installed
    data = m.local(f"{m.appdata}\\{APP}")
    assert zdxm(m, "import", m.path(example_path))[0] == 0
    before = (data / "台账.db").read_bytes()
    setup = _setup_exe()
    assert m.run_raw(m.path(setup), "/S").returncode == 0          # a new version over the old one
    assert (data / "台账.db").read_bytes() == before
    code, out, err = zdxm(m, "check")
    assert code == 0 and "30个项目" in out, out + err

    folder = m.local(m.install_dir)
    m.run_raw(f"{m.install_dir}\\卸载{APP}.exe", "/S")
    for _ in range(120):        # NSIS's uninstaller copies itself to %TEMP% and returns at once
        if not (folder / "zdxm.exe").exists():
            break
        time.sleep(0.5)
    assert not (folder / "zdxm.exe").exists() and not (folder / "_internal").exists()
    assert (data / "台账.db").read_bytes() == before and list((data / "备份").glob("台账备份_*.db"))
