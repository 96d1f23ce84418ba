"""Build the one-folder program once, then run it as on an office PC with nothing installed: an empty environment,
no Python on the path, no network where this machine can cut it, every file it opens recorded. Shared by the
bundle test (dist/重点项目台账) and the .deb test (the installed /opt/zdxm)."""
from __future__ import annotations

import codecs
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NAME = "重点项目台账"
DIST = ROOT / "dist" / NAME
STAMP = ROOT / "build" / "bundle.stamp"
SOURCES = ("main.py", "pyproject.toml", "models", "importers", "exporters", "ui", "cli", "resources")

# The only files a Linux bundle may take from the system: the C library and its loader, OpenGL/EGL and libxcb
# (tied to the machine's graphics driver and X server: PyInstaller never bundles them), and zlib, which the
# PyInstaller start-up program links before it reaches its own folder. Everything else must come from the folder.
SYSTEM_LIBS = re.compile(
    r"^(ld-linux.*|libc|libm|libdl|libpthread|librt|libutil|libresolv|libnss_\w+|libz|libE?(Open)?GLX?\w*|libdrm"
    r"|libxcb|libxcb-dri\d?|libwayland-\w+)\.so(\.\d+)*$")
SHARED_LIB = re.compile(r"\.so(\.\d+)*$")


def source_hash() -> str:
    """What the bundle is built from: the program's files, the spec and icons, and every installed package."""
    h = hashlib.sha256()
    for top in SOURCES:
        path = ROOT / top
        files = sorted(p for p in (path.rglob("*") if path.is_dir() else [path])
                       if p.is_file() and "__pycache__" not in p.parts)
        for f in files:
            h.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes())
    for dist in sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()):
        h.update(dist.encode())
    return h.hexdigest()


@functools.cache
def bundle() -> Path:
    """dist/重点项目台账, built by resources/zdxm.spec; reused while nothing it is made from has changed."""
    wanted = source_hash()
    if (DIST / "zdxm").exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return DIST
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("没有安装 PyInstaller：运行 bash scripts/setup.sh --test（会装上 pyproject 的 build 附加依赖）")
    STAMP.unlink(missing_ok=True)
    # the same command as scripts/build.sh
    done = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                           "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"),
                           str(ROOT / "resources" / "zdxm.spec")],
                          cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    STAMP.parent.mkdir(exist_ok=True)
    STAMP.write_text(wanted)
    return DIST


def folder_size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 2**20


def listing(folder: Path) -> set[str]:
    """Every file in the folder, with its size: a program that writes into its own folder changes this."""
    return {f"{p.relative_to(folder)}:{p.stat().st_size}" for p in folder.rglob("*") if p.is_file()}


def glibc_floor(folder: Path) -> tuple[str, str]:
    """The highest GLIBC_x.y symbol version any program or library in the folder needs, and one file needing it."""
    best, where = (0,), ""
    for f in sorted(folder.rglob("*")):
        if not f.is_file() or f.is_symlink() or f.read_bytes()[:4] != b"\x7fELF":
            continue
        out = subprocess.run(["objdump", "-T", str(f)], capture_output=True, text=True).stdout
        for v in set(re.findall(r"GLIBC_(\d+(?:\.\d+)+)", out)):
            key = tuple(int(n) for n in v.split("."))
            if key > best:
                best, where = key, str(f.relative_to(folder))
    return ".".join(map(str, best)), where


@dataclass
class Run:
    """One run of a program of the bundle: exit code, output, and the files it opened or executed."""
    args: tuple
    returncode: int
    stdout: str
    stderr: str
    opened: list[str] = field(default_factory=list)
    executed: list[str] = field(default_factory=list)


class Clerk:
    """Runs the programs of one installed folder as a user with nothing installed would: `env -i` with
    PATH=/usr/bin:/bin and a fresh HOME, inside `unshare -n` (no network) when this machine allows it, under strace."""

    def __init__(self, programs: Path, home: Path, traces: Path) -> None:
        self.programs = programs
        self.home = home
        self.traces = traces
        self.home.mkdir(parents=True, exist_ok=True)
        self.traces.mkdir(parents=True, exist_ok=True)
        self.offline = os.geteuid() == 0 and subprocess.run(["unshare", "-n", "true"]).returncode == 0
        if not shutil.which("strace"):
            pytest.fail("没有 strace：运行 bash scripts/setup.sh --test（会装上）")
        self.count = 0

    def run(self, program: str, *args: str, env: dict | None = None, timeout: int = 120) -> Run:
        self.count += 1
        trace = self.traces / f"{self.count}.txt"
        base = {"PATH": "/usr/bin:/bin", "HOME": str(self.home), **(env or {})}
        cmd = ["env", "-i", *(f"{k}={v}" for k, v in base.items())]
        if self.offline:
            cmd += ["unshare", "-n"]
        cmd += ["strace", "-f", "-qq", "-s", "4096", "-o", str(trace), "-e", "trace=open,openat,execve,clone,clone3,fork,vfork",
                "-e", "status=successful", str(self.programs / program), *args]
        done = subprocess.run(cmd, cwd=self.home, capture_output=True, timeout=timeout)
        opened, executed = read_trace(trace, self.home)
        return Run(args, done.returncode, done.stdout.decode("utf-8", "replace"),
                   done.stderr.decode("utf-8", "replace"), opened, executed)


def read_trace(trace: Path, cwd: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """From an strace log: (program, absolute path) for each file opened, by the program the process was running,
    and the programs executed."""
    opened, executed = [], []
    call = re.compile(r'^(\d+) +(?:<\.\.\. )?(open|openat|execve|clone3?|v?fork)\b(?:\((?:AT_FDCWD, |\d+, )?"((?:[^"\\]|\\.)*)")?')
    running: dict[str, str] = {}        # pid → program, passed on to the threads and children it starts
    for line in trace.read_text(encoding="latin-1").splitlines():
        m = call.search(line)
        if not m:
            continue
        pid, what, raw = m.groups()
        if what in ("clone", "clone3", "fork", "vfork"):
            child = re.search(r"= (\d+)$", line)
            if child:
                running[child.group(1)] = running.get(pid, "")
            continue
        if raw is None:
            continue
        path = codecs.escape_decode(raw.encode("latin-1"))[0].decode("utf-8", "replace")
        path = os.path.normpath(os.path.join(cwd, path))
        if what == "execve":
            executed.append(path)
            running[pid] = path
        else:
            opened.append((running.get(pid, ""), path))
    return opened, executed


# what the .deb's menu launcher (a /bin/sh script) may run besides the program
SHELL_TOOLS = {"sh", "dash", "bash", "dirname", "readlink", "ls", "head", "pgrep", "id"}


def outside_reach(run: Run, folder: Path, data: list[Path]) -> list[str]:
    """What the run took from outside its program folder that an office PC may not have: a Python (any path with
    python in it, the developer's checkout or venv), a shared library beyond SYSTEM_LIBS, another program."""
    def within(path: str, folders: list[str]) -> bool:
        return any(path == d or path.startswith(d + os.sep) for d in folders)

    def shell_tool(path: str) -> bool:
        return path.startswith(("/usr/bin/", "/bin/")) and os.path.basename(path) in SHELL_TOOLS

    program = [str(folder.resolve())]
    # the start-up program runs itself once more (with the folder on the library path): that is allowed
    bad = [f"执行了 {path}" for path in map(os.path.realpath, run.executed)
           if not within(path, program) and not shell_tool(path)]
    for by, path in run.opened:
        if os.path.basename(by) in SHELL_TOOLS or within(path, program + [str(d.resolve()) for d in data]):
            continue
        name = os.path.basename(path)
        if "python" in path.lower() or path.startswith(str(ROOT) + os.sep):
            bad.append(f"打开了 {path}")
        elif SHARED_LIB.search(name) and "/gconv/" not in path and not SYSTEM_LIBS.match(name):
            bad.append(f"加载了系统库 {path}")
    return sorted(set(bad))


def run_as_clerk(clerk: Clerk, folder: Path, example: Path, source_summary: dict, cli: str = "zdxm",
                 window: str = NAME, window_env: dict | None = None) -> dict:
    """Every command of the command line, then the window; asserts what a clerk would see, and that nothing came
    from outside the folder. Returns facts worth printing."""
    from cli import build_parser

    runs = []

    def ok(*args: str) -> Run:
        r = clerk.run(cli, *args)
        assert r.returncode == 0, f"zdxm {' '.join(args)} → {r.returncode}\n{r.stdout}\n{r.stderr}"
        runs.append(r)
        return r

    before = listing(folder)
    helped = ok("--help")
    commands = next(a for a in build_parser()._actions if a.dest == "command").choices
    assert "用法：zdxm" in helped.stdout and "子命令" in helped.stdout
    assert [c for c in commands if c not in helped.stdout] == [], "bundle 的 zdxm --help 少了子命令"

    assert "数据库已就绪" in ok("init").stdout
    data_dir = clerk.home / ".local" / "share" / NAME
    assert (data_dir / "台账.db").exists(), "台账应在用户的数据文件夹里"
    imported = ok("import", str(example))
    assert "新增30个项目" in imported.stdout
    summary = json.loads(ok("summary", "--year", "2009", "--month", "4", "--json").stdout)
    assert without_times(summary) == without_times(source_summary)
    assert (summary["projects"], summary["ytd"]) == (30, "77000.00")

    out = clerk.home / "导出"
    out.mkdir()
    period = ("--year", "2009", "--month", "4")
    said = {"月报.xlsx": "30个项目", "清单.pdf": "30个项目", "清单.xlsx": "30个项目", "督办单.docx": "督办单"}
    for args in export_commands(period):
        done = ok(*[str(out / a) if "." in a else a for a in args])
        assert said.get(args[-1] if "." in args[-1] else args[1], "") in done.stdout
    check_exports(out)
    assert "已备份到" in ok("backup", str(clerk.home / "备份")).stdout
    assert list((clerk.home / "备份").glob("*.db"))
    assert "数据库完好" in ok("check").stdout

    # the same exit codes as `python main.py`: 1 with a Chinese message for a bad file, 2 for wrong usage
    missing = clerk.run(cli, "import", str(clerk.home / "没有这个文件.xlsx"))
    assert missing.returncode == 1 and "错误" in missing.stderr and "Traceback" not in missing.stderr
    wrong = clerk.run(cli, "没有这个命令")
    assert wrong.returncode == 2 and "用法" in wrong.stderr
    runs += [missing, wrong]

    report = clerk.home / "窗口.json"
    shown = clerk.run(window, env={"ZDXM_WINDOW_REPORT": str(report), **(window_env or {"QT_QPA_PLATFORM": "offscreen"})})
    assert shown.returncode == 0, shown.stderr
    facts = json.loads(report.read_text(encoding="utf-8"))
    assert facts["rows"] == 30 and "77,000.00万元" in facts["totals"], facts
    assert "qtbase_zh_CN.qm" in facts["translations"], facts        # Qt's own dialogs speak Chinese in the bundle
    assert report.with_suffix(".png").stat().st_size > 20_000       # a window full of rows, not a blank grab
    runs.append(shown)
    # Qt's own words (file dialogs, buttons) in Chinese, from the folder, where QLibraryInfo points in the bundle
    assert any(p.endswith("qtbase_zh_CN.qm") and p.startswith(str(folder.resolve()) + os.sep)
               for _, p in shown.opened), "没有从程序文件夹加载 Qt 的中文翻译 qtbase_zh_CN.qm"

    reached = {f"{' '.join(r.args)[:40]}: {b}" for r in runs for b in outside_reach(r, folder, [clerk.home, example])}
    assert not reached, "程序用到了它文件夹以外的东西：\n" + "\n".join(sorted(reached))
    assert listing(folder) == before, "程序往自己的文件夹里写了东西（数据应在用户文件夹）"
    libs = sorted({os.path.basename(p) for r in runs for by, p in r.opened if os.path.basename(by) not in SHELL_TOOLS
                   if SHARED_LIB.search(p) and not p.startswith(str(folder.resolve()))})
    return {"window": facts, "window_run": shown, "system_libs": libs, "offline": clerk.offline,
            "data": str(data_dir)}


def export_commands(period: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every export a clerk makes, with the file names check_exports reads back: one list for the Linux bundle,
    the .deb and the Windows installer, so a new export is checked everywhere or nowhere."""
    return [("export-monthly", *period, "月报.xlsx"), ("export-list", "清单.pdf", *period),
            ("export-list", "清单.xlsx", *period), ("export-analysis", *period, "分析.docx"),
            ("export-analysis", *period, "分析.txt"), ("export-notices", *period, "督办单.docx"),
            ("export-bulletin", *period, "通报.docx")]


def check_exports(out: Path) -> None:
    """Each exported file is a readable file of its kind that names the example's projects."""
    import openpyxl
    from docx import Document

    for name in ("月报.xlsx", "清单.xlsx"):
        ws = openpyxl.load_workbook(out / name, read_only=True).active
        assert any("余家湖港区码头" in str(v) for row in ws.iter_rows(values_only=True) for v in row if v), name
    pdf = (out / "清单.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"FontFile" in pdf, "PDF 应嵌入字体"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out / "清单.pdf"), "-"], capture_output=True, text=True).stdout
        assert "余家湖港区码头" in text
    analysis_doc = Document(str(out / "分析.docx"))
    analysis = "\n".join(p.text for p in analysis_doc.paragraphs)
    assert "7.70亿元" in analysis, analysis[:300]
    assert len(analysis_doc.inline_shapes) >= 3, "文字分析的附图（图1…图3）应由打包的程序画出"
    assert "7.70亿元" in (out / "分析.txt").read_bytes().decode("utf-8", "replace") or \
        "7.70亿元" in (out / "分析.txt").read_bytes().decode("gb18030", "replace")
    notices = "\n".join(p.text for p in Document(str(out / "督办单.docx")).paragraphs)
    assert "督办" in notices
    ranking = Document(str(out / "通报.docx")).tables[0]
    assert [c.text for c in ranking.rows[0].cells][:2] == ["排名", "责任单位"]


def without_times(summary: dict) -> dict:
    """The summary without when each return was imported (the bundle's and the source's imports differ in time)."""
    return {**summary, "returns": [{**r, "imported_at": bool(r.get("imported_at"))} for r in summary.get("returns", [])]}


def source_summary(tmp: Path, example: Path) -> dict:
    """`summary --json` of the example imported by `python main.py`, the figures the bundle must reproduce."""
    db = tmp / "源码.db"
    for args in (("import", str(example)), ("summary", "--year", "2009", "--month", "4", "--json")):
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), *args], capture_output=True,
                              text=True, encoding="utf-8", cwd=ROOT, timeout=300)
        assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
