"""The one-folder program (`bash scripts/build.sh` → dist/重点项目台账) answers every command and opens its window on a
machine with nothing installed, and takes nothing from outside its folder. One build per test session."""
from __future__ import annotations

import pkgutil
import sys

import pytest

import cli
from bundle_check import NAME, ROOT, Clerk, bundle, folder_size_mb, glibc_floor, run_as_clerk, source_summary
from example_files import EXAMPLE

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="这个测试在 Linux 上冻结和运行程序；Windows 见 build_windows.sh")


def test_every_command_module_is_imported_by_name():
    """A frozen program cannot list cli/'s folder: each module with commands must be in command_modules()."""
    with_commands = {m.name for m in pkgutil.iter_modules(cli.__path__)
                     if hasattr(__import__(f"cli.{m.name}", fromlist=["x"]), "register")}
    assert {m.__name__.split(".")[-1] for m in cli.command_modules()} == with_commands


def test_icon_has_every_size():
    from PySide6.QtWidgets import QApplication

    from ui.app import program_icon

    QApplication.instance() or QApplication([])
    sizes = {(s.width(), s.height()) for s in program_icon().availableSizes()}
    assert {(n, n) for n in (16, 24, 32, 48, 64, 128, 256)} <= sizes
    ico = (ROOT / "resources" / "zdxm.ico").read_bytes()
    assert ico[:4] == b"\0\0\1\0" and int.from_bytes(ico[4:6], "little") == 7


@pytest.fixture(scope="module")
def built():
    return bundle()


def test_folder_holds_two_programs_and_what_they_load(built):
    internal = built / "_internal"
    assert (built / "zdxm").is_file() and (built / NAME).is_file()
    # python-docx's templates are found through docx/parts/..; Qt's Chinese where QLibraryInfo points
    assert (internal / "docx" / "parts").is_dir() and (internal / "docx" / "templates" / "default-footer.xml").is_file()
    assert (internal / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm").is_file()
    assert (internal / "pypinyin" / "pinyin_dict.json").is_file()
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for p in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "printsupport/libcupsprintersupport.so",
              "imageformats/libqjpeg.so", "platforminputcontexts/libibusplatforminputcontextplugin.so"):
        assert (plugins / p).is_file(), p
    assert len(list((internal / "resources" / "icons").glob("zdxm-*.png"))) == 7
    # Qt modules the program never imports stay out
    assert not list(internal.rglob("libQt6Qml*")) and not list(internal.rglob("libQt6Quick*"))
    # QtNetwork is in for the one-window-per-台账 local socket
    assert list(internal.rglob("libQt6Network*"))


def test_spec_keeps_every_qt_module_the_code_imports():
    """A Qt module left out of the spec is missing only in the bundle (found when 'one window per 台账' came
    with QtNetwork): every `PySide6.QtX` the program's code names must be in the spec's QT_USED."""
    import re

    code = [p for top in ("main.py", "models", "importers", "exporters", "ui", "cli")
            for p in ((ROOT / top).rglob("*.py") if (ROOT / top).is_dir() else [ROOT / top])]
    imported = {m for p in code for m in re.findall(r"PySide6\.(Qt\w+)", p.read_text(encoding="utf-8"))}
    spec = (ROOT / "resources" / "zdxm.spec").read_text(encoding="utf-8")
    used = set(re.findall(r'"(Qt\w+)"', re.search(r"QT_USED = \{([^}]*)\}", spec).group(1)))
    assert imported <= used, f"spec 的 QT_USED 缺少：{sorted(imported - used)}"


def test_bundle_runs_with_nothing_installed(built, tmp_path, capsys):
    clerk = Clerk(built, tmp_path / "home", tmp_path / "traces")
    facts = run_as_clerk(clerk, built, EXAMPLE, source_summary(tmp_path, EXAMPLE))
    floor, needing = glibc_floor(built)
    with capsys.disabled():
        print(f"\n[bundle] {built}: {folder_size_mb(built):.0f} MB; 需要 GLIBC {floor}（{needing}）; "
              f"{'断网' if facts['offline'] else '未断网'}运行; 窗口 {facts['window']['rows']} 行; "
              f"从系统加载：{' '.join(facts['system_libs'])}")


def test_reaching_outside_the_folder_is_caught(tmp_path):
    """The check itself: from an strace log, a Python file, a system Qt library (loaded by a thread of the program)
    and another program are caught; libc, the program's own files, the clerk's data and a shell tool's own
    libraries are not."""
    from bundle_check import Run, outside_reach, read_trace

    log = tmp_path / "trace.txt"
    log.write_text("\n".join([
        '7 execve("/opt/x/zdxm", ["/opt/x/zdxm"], 0x7ffc /* 2 vars */) = 0',
        '7 openat(AT_FDCWD, "/opt/x/_internal/libQt6Core.so.6", O_RDONLY|O_CLOEXEC) = 3',
        '7 openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY|O_CLOEXEC) = 3',
        '7 openat(AT_FDCWD, "/usr/lib/python3.11/os.py", O_RDONLY|O_CLOEXEC) = 3',
        '7 clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0, stack=0x7f0}, 88) = 9',
        '9 openat(AT_FDCWD, "/usr/lib/x86_64-linux-gnu/libQt6Gui.so.6", O_RDONLY|O_CLOEXEC) = 3',
        '7 clone(child_stack=NULL, flags=SIGCHLD) = 10',
        '10 execve("/usr/bin/ls", ["ls"], 0x7ffc /* 2 vars */) = 0',
        '10 openat(AT_FDCWD, "/lib/x86_64-linux-gnu/libselinux.so.1", O_RDONLY|O_CLOEXEC) = 3',
        '8 execve("/usr/games/no-such-helper", ["helper"], 0x7ffc /* 2 vars */) = 0',
        '7 openat(AT_FDCWD, "\\345\\217\\260\\350\\264\\246.db", O_RDWR|O_CREAT|O_CLOEXEC, 0644) = 4',
    ]), encoding="latin-1")
    opened, executed = read_trace(log, tmp_path)
    assert ("/opt/x/zdxm", str(tmp_path / "台账.db")) in opened
    bad = outside_reach(Run((), 0, "", "", opened, executed), tmp_path.parent / "x-not-here", [tmp_path])
    assert bad == sorted(["执行了 /opt/x/zdxm", "执行了 /usr/games/no-such-helper", "打开了 /usr/lib/python3.11/os.py",
                          "加载了系统库 /usr/lib/x86_64-linux-gnu/libQt6Gui.so.6",
                          "加载了系统库 /opt/x/_internal/libQt6Core.so.6"])
