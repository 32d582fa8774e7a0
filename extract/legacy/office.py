"""Legacy office formats (.doc, .wps, .rtf → DOCX; .xls, .et → XLSX) read through headless LibreOffice.

Nobody maintains a Python reader of the Word 97-2003 binary format, while LibreOffice converts it faithfully
(merged cells included), so the file is converted and the result goes to the DOCX (or XLSX) reader: one table
model, one set of rules. Each conversion is sealed off:

- a private temporary folder holds a copy of the input, LibreOffice's own user profile (so parallel workers
  never share one) and the output; it is removed whatever happens;
- the profile is seeded so that LibreOffice runs no macros, updates no links and reaches the network only
  through a proxy that does not exist (nothing is fetched);
- a time limit ends the whole process group (soffice, oosplash, soffice.bin) when it is reached, or when the
  caller is interrupted (a batch's own per-file limit).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable

from worklist.extract.errors import CorruptFileError, ReadError, TimeLimitError, UnsupportedFormatError
from worklist.extract.grid import RawDocument

# format → (LibreOffice target, the extension LibreOffice should see, what to install)
TARGETS: dict[str, tuple[str, str, str]] = {
    "doc": ("docx", ".doc", "libreoffice-writer-nogui"),
    "wps": ("docx", ".doc", "libreoffice-writer-nogui"),  # WPS Office writes the Word 97-2003 format
    "rtf": ("docx", ".rtf", "libreoffice-writer-nogui"),
    "xls": ("xlsx", ".xls", "libreoffice-calc-nogui"),
    "et": ("xlsx", ".xls", "libreoffice-calc-nogui"),  # WPS spreadsheets are Excel 97-2003 workbooks
}
NAMES = {"doc": "Word 97-2003 .doc", "wps": "WPS .wps", "rtf": "RTF", "xls": "Excel 97-2003 .xls",
         "et": "WPS spreadsheet .et"}
TIME_LIMIT = 120.0  # seconds for one conversion (a 30-page .doc takes 2-3 s, LibreOffice's start-up included)
KILL_WAIT = 2.0  # seconds to wait for the killed process group to be gone before removing its folder

# LibreOffice settings written into the private profile before it starts (registrymodifications.xcu).
_PROFILE_SETTINGS = {
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel"): ("int", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution"): ("boolean", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks"): ("boolean", "true"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link"): ("int", "2"),  # never update links
    ("/org.openoffice.Office.Calc/Content/Update", "Link"): ("int", "2"),
    ("/org.openoffice.Inet/Settings", "ooInetProxyType"): ("int", "1"),  # manual proxy …
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyName"): ("string", "127.0.0.1"),  # … that isn't there
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyPort"): ("int", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyName"): ("string", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort"): ("int", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy"): ("string", ""),
    ("/org.openoffice.Office.Common/Misc", "FirstRun"): ("boolean", "false"),
}


def soffice() -> str | None:
    """The LibreOffice command on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _missing(fmt: str) -> UnsupportedFormatError:
    package = TARGETS[fmt][2]
    return UnsupportedFormatError(
        f"a {NAMES[fmt]} file is read through LibreOffice, which is not installed: "
        f"apt-get install {package} (or put soffice on PATH)"
    )


def _profile_xcu() -> str:
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        for (path, name), (_, value) in _PROFILE_SETTINGS.items()
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"{items}</oor:items>\n")


def _end_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the conversion's whole process group and wait (briefly) until none of it is left."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=KILL_WAIT)
    except subprocess.TimeoutExpired:
        pass
    deadline = time.monotonic() + KILL_WAIT
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs. A killed orphan stays a zombie until init reaps it, which
    some containers' init never does, so on Linux zombies do not count (they write no file)."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for d in proc.iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and fields[2] == str(pgid) and fields[0] != "Z":
            return True
    return False


def convert(path: Path, fmt: str, workdir: Path, time_limit: float = TIME_LIMIT) -> tuple[Path, str]:
    """Convert `path` (of format `fmt`) in `workdir`; returns (the converted file, LibreOffice's version).

    Raises UnsupportedFormatError when LibreOffice is missing, TimeLimitError when it does not finish within
    `time_limit` seconds (its process group is ended), CorruptFileError when it cannot open the file.
    """
    binary = soffice()
    if binary is None:
        raise _missing(fmt)
    target, ext, _ = TARGETS[fmt]
    src = workdir / f"input{ext}"  # a plain name: no option-like or odd file names reach the command line
    shutil.copyfile(path, src)
    profile = workdir / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_profile_xcu(), encoding="utf-8")
    out = workdir / "out"
    out.mkdir()
    cmd = [binary, "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
           f"-env:UserInstallation={profile.as_uri()}", "--convert-to", target, "--outdir", str(out), str(src)]
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(HOME=str(workdir), TMPDIR=str(workdir), http_proxy="http://127.0.0.1:9",
               https_proxy="http://127.0.0.1:9", no_proxy="")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=workdir, env=env, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=time_limit)
    except subprocess.TimeoutExpired:
        raise TimeLimitError(
            f"LibreOffice did not finish converting the {NAMES[fmt]} file within {time_limit:g} s (stopped)"
        ) from None
    finally:
        _end_group(proc)  # on success too: soffice.bin may linger after oosplash returns
    result = out / f"input.{target}"
    if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        detail = _last_line(err.decode("utf-8", "replace"))
        raise CorruptFileError(
            f"LibreOffice could not convert this {NAMES[fmt]} file (damaged, or not what it seems)"
            + (f": {detail}" if detail else "")
        )
    return result, _version(result)


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines()
             if ln.strip() and "javaldx" not in ln and not ln.startswith("Warning:")]
    return lines[-1][:120] if lines else ""


def _version(converted: Path) -> str:
    """LibreOffice's version as it wrote it into the file (docProps/app.xml), without starting it again."""
    try:
        with zipfile.ZipFile(converted) as z:
            app = z.read("docProps/app.xml")[:4096].decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return "LibreOffice"
    m = re.search(r"<Application>\s*LibreOffice/([\d.]+)", app)
    return f"LibreOffice {m.group(1)}" if m else "LibreOffice"


def _reader(target: str, fmt: str) -> Callable[[Path], RawDocument]:
    if target == "docx":
        from worklist.extract.docx.reader import read_docx

        return read_docx
    try:
        from worklist.extract.xlsx.reader import read_xlsx  # type: ignore[import-not-found]
    except ImportError:
        raise UnsupportedFormatError(
            f"a {NAMES[fmt]} file needs the spreadsheet reader, which this version does not have"
        ) from None
    return read_xlsx


def read_legacy(path: str | Path, fmt: str, *, time_limit: float = TIME_LIMIT) -> RawDocument:
    """Read a .doc/.wps/.rtf/.xls/.et notice by converting it with LibreOffice and reading the result.

    The RawDocument says what it is (`source_format` = fmt) and how it was read (`conversion`). Errors are the
    converter's (missing, time limit, cannot open) or the DOCX/XLSX reader's on the converted file.
    """
    p = Path(path)
    if fmt not in TARGETS:
        raise ValueError(f"not a legacy format: {fmt!r}")
    if p.stat().st_size == 0:
        raise CorruptFileError("the file is empty (0 bytes)")
    target = TARGETS[fmt][0]
    read = _reader(target, fmt)
    if soffice() is None:
        raise _missing(fmt)
    workdir = Path(tempfile.mkdtemp(prefix="worklist-soffice-"))
    try:
        converted, version = convert(p, fmt, workdir, time_limit)
        try:
            raw = read(converted)
        except ReadError as exc:
            raise type(exc)(f"{exc} (after conversion by {version})") from None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    raw.source_format = fmt  # type: ignore[assignment]
    raw.conversion = f"converted from .{fmt} to .{target} by {version}"
    return raw
