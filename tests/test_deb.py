"""The .deb of `bash scripts/build_deb.sh` installs with dpkg, puts zdxm on PATH and the program in the menu with its
icon, runs every command and the window (on a real X server, through the menu's launcher) from /opt/zdxm with
nothing else installed, and uninstalls leaving the clerk's data. Needs root and dpkg: this machine and CI have both."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bundle_check import ROOT, Clerk, bundle, glibc_floor, run_as_clerk, source_summary
from example_files import EXAMPLE

OPT = Path("/opt/zdxm")

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux" or not shutil.which("dpkg") or not shutil.which("dpkg-deb"),
                       reason="没有 dpkg：不是 Debian 系的系统"),
    pytest.mark.skipif(sys.platform == "linux" and os.geteuid() != 0, reason="安装 .deb 需要 root（CI 以 root 运行）"),
]


def installed() -> bool:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "zdxm"], capture_output=True, text=True)
    return "install ok installed" in done.stdout


@pytest.fixture(scope="module")
def one_at_a_time():
    """dpkg and /opt/zdxm belong to the whole machine: test runs from several checkouts take turns."""
    import fcntl
    import time

    with open("/tmp/zdxm-deb-test.lock", "w") as lock:
        deadline = time.monotonic() + 600
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.skip("另一个测试正在用 dpkg 装卸 zdxm，等了 10 分钟")
                time.sleep(2)
        yield


@pytest.fixture(scope="module")
def deb(tmp_path_factory, one_at_a_time):
    if installed() or OPT.exists():
        pytest.skip("这台机器上已经装了 zdxm（/opt/zdxm）：测试不动它")
    out = tmp_path_factory.mktemp("deb")
    # the test needs the package, not the smallest one: gzip -1 instead of xz -6 saves minutes here
    done = subprocess.run(["bash", str(ROOT / "scripts" / "build_deb.sh"), str(bundle()), str(out)],
                          capture_output=True, text=True, timeout=900, env={**os.environ, "ZDXM_DEB_Z": "-Zgzip -z1"})
    assert done.returncode == 0, done.stderr
    return next(out.glob("zdxm_*.deb"))


@pytest.fixture(scope="module")
def xserver():
    """A real X server for the window (the menu starts it on the desktop's X, not offscreen)."""
    if not shutil.which("Xvfb"):
        pytest.fail("没有 Xvfb：运行 bash scripts/setup.sh --test")
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
                            pass_fds=[write], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        display = fh.readline().strip()
    yield f":{display}"
    proc.terminate()
    proc.wait(timeout=30)


def test_deb_installs_runs_and_uninstalls(deb, xserver, tmp_path, capsys):
    done = subprocess.run(["dpkg", "-i", str(deb)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    try:
        assert installed()
        assert os.path.realpath("/usr/bin/zdxm") == str(OPT / "zdxm")
        desktop = Path("/usr/share/applications/zdxm.desktop").read_text(encoding="utf-8")
        assert "Name=重点项目台账" in desktop and "Exec=/opt/zdxm/zdxm-window" in desktop and "Icon=zdxm" in desktop
        if shutil.which("desktop-file-validate"):
            checked = subprocess.run(["desktop-file-validate", "/usr/share/applications/zdxm.desktop"],
                                     capture_output=True, text=True)
            assert checked.returncode == 0, checked.stdout
        for size in (16, 32, 48, 256):
            assert Path(f"/usr/share/icons/hicolor/{size}x{size}/apps/zdxm.png").is_file()

        clerk = Clerk(Path("/"), tmp_path / "home", tmp_path / "traces")
        # the command line as PATH finds it; the window as the menu starts it, on X, where fcitx is the input method
        facts = run_as_clerk(clerk, OPT, EXAMPLE, source_summary(tmp_path, EXAMPLE), cli="usr/bin/zdxm",
                             window="opt/zdxm/zdxm-window",
                             window_env={"DISPLAY": xserver, "QT_IM_MODULE": "fcitx", "QT_DEBUG_PLUGINS": "1",
                                         "QT_LOGGING_RULES": "qt.qpa.input.methods=true",
                                         # a desktop always has a session bus; here none answers (no autolaunch)
                                         "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}"})
        log = facts["window_run"].stderr
        # the launcher switched fcitx to the ibus plugin the bundle has, through the ibus portal fcitx5 provides
        assert re.search(r"/opt/zdxm/_internal/\S+/libibusplatforminputcontextplugin\.so\"? loaded library", log), log[-2000:]
        assert "use IBus portal" in log
        assert "/opt/zdxm/_internal/PySide6/Qt/plugins/platforms/libqxcb.so\" loaded library" in log
    finally:
        removed = subprocess.run(["dpkg", "--purge", "zdxm"], capture_output=True, text=True, timeout=600)
    assert removed.returncode == 0, removed.stderr
    assert not installed() and not OPT.exists() and not os.path.lexists("/usr/bin/zdxm")
    # the clerk's 台账 and backups are not the package's: removing it leaves them
    assert Path(facts["data"], "台账.db").is_file()
    floor, needing = glibc_floor(bundle())
    with capsys.disabled():
        print(f"\n[deb] {deb.name}: {deb.stat().st_size / 2**20:.0f} MB（测试用 gzip -1；发布用 xz）; "
              f"Depends libc6 (>= {floor})，来自 {needing}; 装到 /opt/zdxm、运行、卸载均通过")
