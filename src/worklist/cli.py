"""The `worklist` command: a thin layer over the library.

Heavy modules (pdfplumber, pandas, pyarrow, Great Expectations, jieba) are imported inside the commands
that use them, so `worklist --help` stays instant. Errors are one line naming the file and the problem,
with a documented exit code; `--debug` shows the traceback. Every command that reads a document does it
under the same time limit as `convert` (`--timeout`, processor seconds, in a forked worker).

Exit codes: 0 ok · 1 differs from the golden · 2 converted but failed validation · 3 unreadable file, or
several files failed for different reasons · 4 unsupported format · 5 corrupt/empty/truncated ·
6 encrypted (give --password) · 7 scanned pages and no OCR (off or not installed) or no text recognised · 8 too large (zip bomb) · 9 no work-list table ·
10 time limit · 64 usage (click's own usage errors included), an output folder that is busy or holds files
worklist did not write · 70 internal error · 73 output not written (permissions, disk full) ·
130 interrupted (Ctrl-C) · 143 terminated (SIGTERM).
"""

from __future__ import annotations

import gc
import json
import re
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from worklist import __version__
from worklist.exit_codes import EXIT_CANT_WRITE, EXIT_DIFF, EXIT_INTERNAL, EXIT_INVALID, EXIT_MIXED, EXIT_USAGE

__all__ = ["EXIT_CANT_WRITE", "EXIT_DIFF", "EXIT_INVALID", "EXIT_MIXED", "EXIT_USAGE", "main", "one_line"]

_CONTROL = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """Text safe to print as one line: a newline or a control character in a file name is shown escaped
    (`\\n`, `\\x1b`), and a byte that is not UTF-8 (a GBK name) as `\\xd6`."""
    from worklist.schemas.records import path_text

    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], path_text(text))


def _echo(msg: str) -> None:
    click.echo(one_line(msg), err=True)


def _err(msg: str) -> None:
    _echo(f"error: {msg}")


def _password_option(f):
    return click.option("--password", default=None, help="Password of an encrypted PDF.")(f)


def _debug_option(f):
    return click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")(f)


def _timeout_option(f):
    return click.option("--timeout", type=click.FloatRange(min=0), default=300.0, show_default=True,
                        help="Time limit in seconds of processor time (0: none).")(f)


@contextmanager
def _usage_exit() -> Iterator[None]:
    """Click's usage errors (a missing argument, --workers 0, a path that does not exist) exit 64, not
    click's 2: 2 means "failed validation" here."""
    try:
        yield
    except click.UsageError as exc:
        setattr(exc, "exit_code", EXIT_USAGE)  # a class attribute in click's stubs, per instance here
        raise


class _Commands(click.Group):
    """The `worklist` group: usage errors of the group and of every command exit with EXIT_USAGE; Ctrl-C
    outside a batch (which handles it itself) exits 130 with one line, not click's "Aborted!" and 1."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _usage_exit():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with _usage_exit():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            _err("interrupted by SIGINT")
            sys.exit(128 + int(signal.SIGINT))


class _UsageProblem(ValueError):
    """Raised in a limited worker for what is the user's to fix (exit 64): a path that is not a document,
    an engine that is not installed."""


def _read_limited(label: Path, fn: Callable[..., Any], *args: Any, timeout: float, debug: bool,
                  usage: tuple[type[Exception], ...] = ()) -> Any:
    """`fn(*args)` in a worker under the time limit of a conversion; what goes wrong is one line and its
    exit code: the reader's, 10 past the limit, 64 for `usage` exceptions, 73 for an output not written,
    70 for a bug (its traceback with --debug)."""
    from worklist.batch.plan import check_input_file
    from worklist.batch.timelimit import WorkerBug, WorkerDied, run_limited
    from worklist.batch.worker import os_error_text
    from worklist.extract.errors import ReadError

    try:
        if label.exists() and not label.is_dir():
            check_input_file(label)  # a FIFO or a device is refused before anything opens it
        return run_limited(fn, *args, timeout=timeout or None)
    except ReadError as exc:
        _err(f"{label}: {exc}")
        sys.exit(exc.exit_code)
    except usage as exc:
        _err(f"{label}: {exc}")
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        _err(f"output not written ({os_error_text(exc)})")
        sys.exit(EXIT_CANT_WRITE)
    except Exception as exc:  # a bug: one line, the traceback on demand
        tb = getattr(exc, "worker_traceback", None) or getattr(exc, "traceback", None)
        if debug and tb:
            click.echo(tb.rstrip(), err=True)
        what = str(exc) if isinstance(exc, (WorkerBug, WorkerDied)) else f"{type(exc).__name__}: {exc}"
        _err(f"{label}: internal error: {what}")
        sys.exit(EXIT_INTERNAL)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="worklist")
def main() -> None:
    """Turn Chinese government work-list notices (工作清单) in PDF, DOCX or TXT into validated datasets.

    \b
    Quick start:
      worklist convert samples/ -o outputs/
      worklist diff outputs/ samples/golden/
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Output folder: one sub-folder per document (named by doc_id) plus dataset/.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes for a batch (default: the usable cores; more are run if asked).")
@click.option("--timeout", type=click.FloatRange(min=0), default=300.0, show_default=True,
              help="Time limit per file in seconds of processor time (0: none).")
@click.option("--force", is_flag=True, help="Convert again even files whose bytes were converted before.")
@click.option("--golden", type=click.Path(path_type=Path, exists=True), default=None,
              help="Compare each document with its golden sample; exit 1 on any difference.")
@click.option("--checks", "checks", type=click.Choice(["native", "gx", "none"]), default="native", show_default=True,
              help="Engine of the dataset checks: the suite's rules in plain Python (fast), through Great "
                   "Expectations itself (~2.5 s start-up), or none (pydantic record checks always run).")
@click.option("--no-checks", is_flag=True, help="Same as --checks none.")
@click.option("--ocr", "ocr", type=click.Choice(["auto", "off", "force"]), default="auto", show_default=True,
              help="Scanned pages: OCR those without a text layer (auto), also those whose text layer is "
                   "garbage (force), or none (off: a scan is refused with exit 7). Needs the ocr extra.")
@click.option("--cluster", "cluster", metavar="ADDRESS", default=None,
              help="Convert on a running Dask scheduler's workers (tcp://HOST:8786); OUT stays with this process. "
                   "Needs the cluster extra.")
@click.option("--memory-limit", "memory_mb", type=click.IntRange(min=64), default=None, metavar="MB",
              help="With --cluster: each document's address space on a worker, in MB (default: none).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary; errors only.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: a JSON summary of the batch on stdout (counts, files, notices, exit code).")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json (kept for scripts).")
@_password_option
@_debug_option
def convert(inputs: tuple[Path, ...], out: Path, workers: int | None, timeout: float, force: bool,
            golden: Path | None, checks: str, no_checks: bool, ocr: str, cluster: str | None, memory_mb: int | None,
            quiet: bool, fmt: str, as_json: bool, password: str | None, debug: bool) -> None:
    """Convert notices (files or folders) into OUT/docs/<doc_id>/, OUT/dataset/ and OUT/worklist.duckdb.

    A folder of page images (.png/.jpg/.tif) is one notice, its images the pages in name order."""
    from worklist.batch import convert_batch

    as_json = as_json or fmt == "json"
    if checks == "gx" and not no_checks and not _has_gx():
        _err("--checks gx needs Great Expectations: pip install 'worklist[gx]'")
        sys.exit(EXIT_USAGE)
    bar = None

    def on_start(files: list[Path]) -> None:
        nonlocal bar
        if not quiet and len(files) > 1:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread in a process that forks workers
            bar = tqdm(total=len(files), unit="file", desc="converting", file=sys.stderr, disable=None, leave=False)

    def on_result(r) -> None:
        if bar is not None:
            bar.update(1)
            if not bar.disable and r.status == "failed":  # errors as they happen, above the bar, on a terminal
                bar.write(one_line(f"error: {r.path}: {r.error}"), file=sys.stderr)

    if not quiet and sys.stderr.isatty():
        from worklist.progress import set_sink

        set_sink(_page_bar(position=1 if len(inputs) > 1 or any(p.is_dir() for p in inputs) else 0))
    client = _cluster_client(cluster) if cluster else None
    try:
        report = convert_batch(inputs, out, workers=workers, timeout=timeout, password=password, force=force,
                               checks="none" if no_checks else checks, ocr=ocr, golden=golden, on_result=on_result,
                               on_start=on_start, executor=client.get_executor() if client else None,
                               memory_mb=memory_mb)
    finally:
        from worklist.progress import set_sink

        set_sink(None)
        if client is not None:
            client.close()
    if bar is not None:
        bar.close()
    for p in report.missing:
        _err(f"{p}: no such file or folder")
    for msg in report.errors:
        _err(msg)
    if report.interrupted:
        done = sum(r.status != "failed" for r in report.results)
        _err(f"{out}: {report.interrupted}: {done} of {len(report.files)} files done, unfinished work removed; "
             "run the same command again to convert the rest")
        for problem in (report.dataset_error, report.manifest_error):
            if problem:
                _err(problem)
        sys.exit(report.exit_code)
    if not report.results:  # nothing was converted: usage errors only
        sys.exit(report.exit_code)
    _report_files(report, out, quiet=quiet, debug=debug)
    for problem in (report.dataset_error, report.manifest_error):
        if problem:
            _err(problem)
    if report.golden is not None and not as_json:
        _print_golden(report.golden)
    if as_json:
        click.echo(json.dumps(_convert_json(report), ensure_ascii=False, indent=2))
    gc.freeze()  # exit without the final collections walking pyarrow's and pdfminer's heaps (~0.15 s)
    sys.exit(report.exit_code)


def _cluster_client(address: str) -> Any:
    """A client of the Dask scheduler at `address`, or a one-line error and exit 64."""
    from worklist.batch.cluster import connect

    try:
        return connect(address)
    except RuntimeError as exc:  # the extra is not installed
        _err(str(exc))
    except (OSError, TimeoutError, ValueError) as exc:
        _err(f"--cluster {address}: cannot reach the Dask scheduler ({type(exc).__name__}: {str(exc)[:120]})")
    sys.exit(EXIT_USAGE)


def _page_bar(position: int) -> Callable[[str, int, int], None]:
    """A progress sink drawing pages (OCR) as a tqdm bar with its estimate, under the files' bar: in the
    process that reads the document (a forked worker inherits it), closed when the last page is done."""
    state: dict[str, Any] = {}

    def sink(what: str, done: int, total: int) -> None:
        from tqdm import tqdm

        bar = state.get("bar")
        if bar is None or bar.total != total or done < bar.n:
            if bar is not None:
                bar.close()
            tqdm.monitor_interval = 0
            bar = state["bar"] = tqdm(total=total, desc=what, unit="page", file=sys.stderr, position=position,
                                      leave=False, disable=None)
        bar.update(done - bar.n)
        bar.refresh()  # a page takes seconds: every one shown, whatever tqdm's refresh interval
        if done >= total:
            bar.close()
            state.pop("bar", None)

    return sink


def _has_gx() -> bool:
    """Whether Great Expectations is installed (found without importing it: that alone takes ~2.5 s)."""
    import importlib.util

    return importlib.util.find_spec("great_expectations") is not None


def _convert_json(report) -> dict:
    """`convert --json`: what CI needs to gate on, in one object."""
    return {
        "exit_code": report.exit_code,
        "summary": report.summary(),
        "files": [{"path": r.path, "status": r.status, "doc_id": r.doc_id, "items": r.items, "valid": r.valid,
                   "error": r.error, "error_kind": r.error_kind} for r in report.results],
        "notices": report.notices,
        "dataset": str(report.dataset) if report.dataset else None,
        "database": str(report.database) if report.database else None,
        "golden": report.golden.as_json() if report.golden is not None else None,
    }


def _report_files(report, out: Path, *, quiet: bool, debug: bool) -> None:
    """One line for a single file; a summary for a batch (errors only with --quiet)."""
    results, failed, invalid = report.results, report.failed, report.invalid
    if report.single:
        r = results[0]
        if r.status == "failed":
            if debug and r.traceback:
                click.echo(r.traceback.rstrip(), err=True)
            _err(f"{r.path}: {r.error}")
        elif not r.valid:
            _err(f"{r.path}: converted to {_doc_dir(out, r.doc_id)} but failed validation (see its manifest.json)")
        elif not quiet:
            what = "unchanged since the last conversion (--force to redo)" if r.status == "unchanged" else (
                f"{r.items} rows" + (f", {len(r.warnings)} warnings" if r.warnings else ""))
            _echo(f"{r.path} → {_doc_dir(out, r.doc_id)}: {what}{_passed_over(report, out)}")
    elif quiet:
        for r in failed:
            _err(f"{r.path}: {r.error}")
        for r in invalid:
            _err(f"{r.path}: converted to {_doc_dir(out, r.doc_id)} but failed validation (see its manifest.json)")
    else:
        if debug:
            for r in failed:
                if r.traceback:
                    click.echo(f"{one_line(r.path)}:\n{r.traceback.rstrip()}", err=True)
        _summary(results, out, report.seconds, skipped=len(report.skipped), notices=report.notices)


def _doc_dir(out: Path, doc_id: str) -> Path:
    """Where a document's folder is (OUT/docs/<doc_id>)."""
    from worklist.outputs.layout import OutputLayout

    return OutputLayout(out).doc_dir(doc_id)


def _passed_over(report, out: Path) -> str:
    """'; 3 other entries passed over (listed in OUT/manifest.json)' when the folder scan passed any over."""
    n = len(report.skipped)
    return f"; {n} other entries passed over (listed in {out / 'manifest.json'})" if n else ""


def notice_label(n: dict[str, Any]) -> str:
    """A notice as people name it: its year and region (`2024 嵊泗县`), else its title."""
    words = [str(n[k]) for k in ("year", "region") if n.get(k)]
    return " ".join(words) if len(words) == 2 else str(n.get("title") or n.get("notice_id") or "?")


def notices_line(n_files: int, notices: list[dict[str, Any]]) -> str:
    """`10 files → 1 notice (2024 嵊泗县)`: what the files made."""
    labels = "; ".join(notice_label(n) for n in notices)
    what = f"{len(notices)} notice" + ("s" if len(notices) != 1 else "")
    return f"{n_files} file{'s' if n_files != 1 else ''} → {what}" + (f" ({labels})" if labels else "")


def _summary(results, out: Path, seconds: float, skipped: int = 0,
             notices: list[dict[str, Any]] | None = None) -> None:
    """The end of a batch on stderr: the counts, what notices the files made (and where their forms
    disagree), then one line per file (failures say why)."""
    from worklist.batch import summarize

    s = summarize(results, seconds, skipped=skipped)
    parts = [f"{s['converted']} converted"]
    if s["unchanged"]:
        parts.append(f"{s['unchanged']} unchanged (--force to redo)")
    if s["duplicate"]:
        parts.append(f"{s['duplicate']} duplicate")
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(s["failed_by_kind"].items()))
    parts.append(f"{s['failed']} failed" + (f" ({kinds})" if kinds else ""))
    if s["invalid"]:
        parts.append(f"{s['invalid']} failed validation")
    parts.append(f"{s['warnings']} warnings")
    passed = f"; {skipped} other entries passed over (listed in {out / 'manifest.json'})" if skipped else ""
    _echo(f"{len(results)} files: {', '.join(parts)} in {seconds:.1f}s → {out}{passed}")
    if notices is not None:
        _echo(notices_line(len(results), notices))
        for n in notices:
            for w in n.get("warnings") or []:
                _echo(f"  warning: notice {notice_label(n)}: {w}")
    for r in results:
        if r.status == "failed":
            _echo(f"  FAIL  {r.path}: {r.error}")
        elif r.status == "duplicate":
            _echo(f"  dup   {r.path}: {r.warnings[0] if r.warnings else 'same bytes as another input'}")
        elif r.status == "unchanged":
            _echo(f"  same  {r.path} → {r.doc_id}")
        elif not r.valid:
            _echo(f"  INVALID {r.path} → {r.doc_id}: failed validation (see {_doc_dir(out, r.doc_id) / 'manifest.json'})")
        else:
            _echo(f"  ok    {r.path} → {r.doc_id} ({r.items} rows"
                  + (f", {len(r.warnings)} warnings" if r.warnings else "") + ")")


def _print_golden(report) -> None:
    """The golden comparison: a line per document (stdout), problems as errors (stderr)."""
    if report.error:
        _err(report.error)
    for m in report.matches:
        if m.golden is None:
            _err(f"{m.label}: no golden sample for this notice")
        elif m.diffs:
            click.echo(f"{m.label} differs from {m.golden}: {len(m.diffs)} difference(s)")
            for line in m.diffs:
                click.echo(f"  {line}")
        else:
            click.echo(f"{m.label} matches {m.golden}")


_MACHINE = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                        help="What was written, for people (text) or programs (JSON) on stdout.")
_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text",
                       show_default=True, help="Output for people (text) or for CI (JSON, JUnit XML) on stdout.")


@main.command()
@click.argument("out", type=click.Path(path_type=Path, exists=True))
@click.argument("golden", type=click.Path(path_type=Path, exists=True))
@_FORMAT
def diff(out: Path, golden: Path, fmt: str) -> None:
    """Field-level diff of converted documents (OUT or OUT/docs/<doc_id>) against golden samples.

    Each document is paired with the golden of its notice (notice_id). Exits 1 on any difference, 11 when a
    notice has no golden sample."""
    from worklist.outputs.golden import compare_with_golden

    report = compare_with_golden(out, golden)
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    elif fmt == "junit":
        from worklist.ci_report import junit_xml

        click.echo(junit_xml("worklist diff", report.junit_cases()), nl=False)
    else:
        _print_golden(report)
    sys.exit(report.exit_code)


@main.command()
@click.argument("notice", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Golden folder to (re)write, e.g. samples/golden/<name>/.")
@_MACHINE
@_password_option
@_timeout_option
@_debug_option
def golden(notice: Path, out: Path, fmt: str, password: str | None, timeout: float, debug: bool) -> None:
    """Write a golden sample from a notice, on purpose: review it row by row before committing."""
    path, n_items, n_targets = _read_limited(notice, _write_golden, notice, out, password, timeout=timeout,
                                             debug=debug)
    if fmt == "json":
        click.echo(json.dumps({"golden": str(path), "items": n_items, "targets": n_targets}, ensure_ascii=False))
        return
    click.echo(one_line(f"wrote {path} ({n_items} rows, {n_targets} targets): review it before committing"))


def _write_golden(notice: Path, out: Path, password: str | None) -> tuple[Path, int, int]:
    from worklist.outputs.golden import save_golden
    from worklist.outputs.writers import nested_json
    from worklist.pipeline import ConvertOptions, convert

    conv = convert(notice, ConvertOptions(password=password))
    return save_golden(nested_json(conv), out), len(conv.items), len(conv.targets)


@main.command()
@click.argument("out", type=click.Path(path_type=Path, exists=True))
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write a self-contained HTML report of the checks (works offline).")
@click.option("--engine", type=click.Choice(["native", "gx"]), default="native", show_default=True,
              help="Evaluate the suite natively or through Great Expectations (pip install 'worklist[gx]').")
@_FORMAT
@click.option("--timeout", type=click.FloatRange(min=0), default=300.0, show_default=True,
              help="Time limit in seconds of processor time per document (0: none).")
@_debug_option
def validate(out: Path, report: Path | None, engine: str, fmt: str, timeout: float, debug: bool) -> None:
    """Re-check an emitted dataset (OUT, OUT/docs/<doc_id> or OUT/dataset) against the contract, the suite and
    the files' hashes in the manifests."""
    from worklist.outputs.layout import document_folders

    per_document = max(1, len(document_folders(out)) + 1)  # the folders, and dataset/ as one more
    ok, text = _read_limited(out, _validation_text, out, report, engine, fmt, timeout=timeout * per_document,
                             debug=debug, usage=(_UsageProblem,))
    click.echo(text, nl=False)
    sys.exit(0 if ok else EXIT_INVALID)


def _validation_text(out: Path, report: Path | None, engine: str, fmt: str) -> tuple[bool, str]:
    """`worklist validate`'s verdict and output, made in the limited worker (only text travels back)."""
    from worklist.outputs.validate import GxMissing, run_validation

    try:
        v = run_validation(out, report=report, engine=engine)
    except GxMissing as exc:
        raise _UsageProblem(f"--engine gx needs Great Expectations: pip install 'worklist[gx]' ({exc})") from None
    if fmt == "json":
        return v.ok, json.dumps(v.as_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "junit":
        from worklist.ci_report import junit_xml

        return v.ok, junit_xml("worklist validate", v.junit_cases())
    return v.ok, "".join(one_line(line) + "\n" for line in v.lines)


@main.command()
@click.argument("old", type=click.Path(path_type=Path, exists=True))
@click.argument("new", type=click.Path(path_type=Path, exists=True), required=False)
@click.option("--old", "old_sel", default=None,
              help="With one OUT holding both lists: the old notice, by year (2024) or notice_id.")
@click.option("--new", "new_sel", default=None, help="With one OUT: the new notice, by year or notice_id.")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Write compare.parquet, compare.csv, compare.json and compare.html into this folder.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="What changed, for people (text) or programs (JSON) on stdout.")
@_password_option
@_timeout_option
def compare(old: Path, new: Path | None, old_sel: str | None, new_sel: str | None, out: Path | None, fmt: str,
            password: str | None, timeout: float) -> None:
    """What changed from one notice to the next (e.g. last year's list to this year's).

    OLD and NEW are notice files (converted on the fly), converted document folders or golden folders; or
    one output folder holding both, with --old and --new naming each by year or notice_id. Items are matched
    by content (名称 words, 牵头单位), not position; every change names its item: added, dropped, renamed,
    moved between 专项/类型, 牵头单位, 责任人, schedule text per quarter, targets raised/lowered/new/dropped,
    deadline, other columns. The list's own year in a text (2024年 → 2025年) is no change."""
    from worklist.outputs.compare import compare_documents, to_html

    if new is None:
        if not (old_sel and new_sel):
            _err(f"{old}: give NEW, or --old and --new to pick two notices of one output folder")
            sys.exit(EXIT_USAGE)
        docs = _read_limited(old, _notices_of, old, old_sel, new_sel, timeout=timeout, debug=False,
                             usage=(_UsageProblem,))
    else:
        if old_sel or new_sel:
            _err("--old/--new pick notices inside one output folder: give either NEW or them, not both")
            sys.exit(EXIT_USAGE)
        docs = [_read_limited(p, _nested, p, password, timeout=timeout, debug=False, usage=(_UsageProblem,))
                for p in (old, new)]
    comp = compare_documents(*docs)
    counts = comp.counts()
    if fmt == "json":
        click.echo(json.dumps(comp.as_json(), ensure_ascii=False, indent=2))
    else:
        head = f"{notice_label(comp.old)} → {notice_label(comp.new)}: "
        click.echo(one_line(head + (", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items() if n)
                                    if comp.changes else "no change")))
        for c in comp.changes:
            click.echo(one_line(f"  {c.line()}"))
    if out is not None:
        import pyarrow as pa

        from worklist.outputs.layout import json_text, write_text_atomic
        from worklist.outputs.writers import write_table

        out.mkdir(parents=True, exist_ok=True)
        rows = comp.rows()
        write_table(pa.Table.from_pylist(rows) if rows else pa.table({"kind": pa.array([], pa.string())}),
                    out, "compare")
        write_text_atomic(out / "compare.json", json_text(comp.as_json()))
        write_text_atomic(out / "compare.html", to_html(comp))
        if fmt == "text":
            click.echo(f"wrote {out / 'compare.parquet'}, compare.csv, compare.json and compare.html")


def _notices_of(out: Path, old_sel: str, new_sel: str) -> list[dict]:
    """The nested JSON of two notices of one output folder, each picked by year or notice_id among the
    dataset's notices (OUT/manifest.json), in the limited worker."""
    from worklist.outputs.golden import load_nested
    from worklist.outputs.layout import OutputLayout, read_json

    layout = OutputLayout(out)
    notices = (read_json(layout.batch_manifest) or {}).get("notices")
    if not notices:
        raise _UsageProblem("not an output folder with a dataset (OUT/manifest.json lists no notices)")
    picked = []
    for sel in (old_sel, new_sel):
        hits = [n for n in notices if sel in (str(n.get("notice_id")), str(n.get("year")))]
        if len(hits) != 1:
            have = "; ".join(f"{n.get('notice_id')} ({n.get('year')} {n.get('region')})" for n in notices)
            why = "no notice" if not hits else f"{len(hits)} notices (give a notice_id)"
            raise _UsageProblem(f"{why} of {sel!r} here; the notices are: {have}")
        picked.append(load_nested(layout.doc_dir(str(hits[0]["doc_id"]))))
    return picked


def _nested(path: Path, password: str | None) -> dict:
    """A notice's nested JSON from a notice file, a document folder or a golden folder (in the limited
    worker: a notice file is converted on the fly)."""
    try:
        return _nested_of(path, password)
    except (OSError, ValueError) as exc:
        raise _UsageProblem(f"not a notice, a converted document folder or a golden folder ({exc})") from None


def _nested_of(path: Path, password: str | None) -> dict:
    from worklist.outputs.golden import load_nested
    from worklist.outputs.layout import document_folders

    if path.is_dir():
        folders = document_folders(path)
        return load_nested(folders[0] if len(folders) == 1 else path)
    from worklist.outputs.writers import nested_json
    from worklist.pipeline import ConvertOptions, convert

    return nested_json(convert(path, ConvertOptions(password=password, checks="none")))


@main.command()
@click.argument("out", type=click.Path(path_type=Path, exists=True))
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="An aligned table for people, CSV or JSON (a list of row objects) for programs.")
def query(out: Path, sql: str, fmt: str) -> None:
    """Answer SQL from OUT's database (OUT/worklist.duckdb, or that file), read-only, through DuckDB's Python
    API: no DuckDB command line needed. The tables and views are those of the README's "Asking the dataset"."""
    from worklist.outputs.query import QueryError, run_query

    try:
        columns, rows = run_query(out, sql)
    except QueryError as exc:
        _err(f"{out}: {exc}")
        sys.exit(EXIT_USAGE)
    from worklist.outputs.query import render

    click.echo(render(columns, rows, fmt), nl=False)


@main.command()
@click.option("--table", type=click.Choice(["documents", "items", "milestones", "targets", "schedule"]),
              default=None, help="Only this table's schema.")
@click.option("--format", "fmt", type=click.Choice(["json", "markdown"]), default="json", show_default=True,
              help="JSON Schema, or the contract as Markdown tables (schemas/CONTRACT.md).")
@click.option("--markdown", is_flag=True, help="Same as --format markdown.")
def schema(table: str | None, fmt: str, markdown: bool) -> None:
    """Print the data contract as JSON Schema (or Markdown)."""
    from worklist.schemas.models import TABLES, contract_markdown, json_schema

    if markdown or fmt == "markdown":
        click.echo(contract_markdown(), nl=False)
        return
    out = TABLES[table].model_json_schema() if table else json_schema()
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@main.command()
@click.argument("notice", type=click.Path(path_type=Path, exists=True))
@click.option("--page", "page", type=click.IntRange(min=1), required=True, help="1-based page number.")
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="PNG file to write.")
@click.option("--resolution", type=click.IntRange(min=36, max=600), default=100, show_default=True,
              help="Dots per inch; lowered (with a warning) where the image would pass the pixel limit.")
@_MACHINE
@_password_option
@_timeout_option
@_debug_option
def inspect(notice: Path, page: int, out: Path, resolution: int, fmt: str, password: str | None, timeout: float,
            debug: bool) -> None:
    """Draw the detected cells, their spans and the row ids over a PDF (or OFD) page or a page image; on a scanned
    page the cells and lines read with low OCR confidence are outlined in orange with their confidence."""
    path, warnings = _read_limited(notice, _draw, notice, page, out, resolution, password, timeout=timeout,
                                   debug=debug, usage=(ValueError, IndexError))
    if fmt == "json":
        click.echo(json.dumps({"image": str(path), "warnings": warnings}, ensure_ascii=False))
        return
    for w in warnings:
        _echo(f"warning: {notice}: {w}")
    click.echo(one_line(f"wrote {path}"))


def _draw(notice: Path, page: int, out: Path, resolution: int, password: str | None) -> tuple[Path, list[str]]:
    from worklist.extract import read_document
    from worklist.extract.inspect import draw_page
    from worklist.pipeline.review import row_labels

    warnings: list[str] = []
    raw = read_document(notice, password=password)  # read once: a scan is not OCR'd twice
    labels = row_labels(notice, raw=raw)
    path = draw_page(notice, page, out, row_labels=labels, resolution=resolution, password=password,
                     warnings=warnings, doc=raw)
    return path, warnings


if __name__ == "__main__":  # pragma: no cover
    main()
