"""The `worklist` command: a thin layer over the library.

Heavy modules (pdfplumber, pandas, pyarrow, Great Expectations, jieba) are imported inside the commands
that use them, so `worklist --help` stays instant. Errors are one line naming the file and the problem,
with a documented exit code; `--debug` shows the traceback.

Exit codes: 0 ok · 1 differs from the golden · 2 converted but failed validation · 3 unreadable file, or
several files failed for different reasons · 4 unsupported format · 5 corrupt/empty/truncated ·
6 encrypted (give --password) · 7 scanned PDF without text · 8 too large (zip bomb) · 9 no work-list table ·
10 time limit · 64 usage, or another `convert` is writing to the same output folder · 70 internal error ·
130 interrupted (Ctrl-C) · 143 terminated (SIGTERM).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from worklist import __version__
from worklist.exit_codes import EXIT_DIFF, EXIT_INVALID, EXIT_MIXED, EXIT_USAGE

__all__ = ["EXIT_DIFF", "EXIT_INVALID", "EXIT_MIXED", "EXIT_USAGE", "main"]


def _err(msg: str) -> None:
    click.echo(f"error: {msg}", err=True)


def _password_option(f):
    return click.option("--password", default=None, help="Password of an encrypted PDF.")(f)


def _debug_option(f):
    return click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
              help="Worker processes for a batch (default: the number of cores).")
@click.option("--timeout", type=click.FloatRange(min=0), default=300.0, show_default=True,
              help="Time limit per file in seconds (0: none).")
@click.option("--force", is_flag=True, help="Convert again even files whose bytes were converted before.")
@click.option("--golden", type=click.Path(path_type=Path, exists=True), default=None,
              help="Compare each document with its golden sample; exit 1 on any difference.")
@click.option("--checks", "checks", type=click.Choice(["native", "gx", "none"]), default="native", show_default=True,
              help="Engine of the dataset checks: the suite's rules in plain Python (fast), through Great "
                   "Expectations itself (~2.5 s start-up), or none (pydantic record checks always run).")
@click.option("--no-checks", is_flag=True, help="Same as --checks none.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary; errors only.")
@_password_option
@_debug_option
def convert(inputs: tuple[Path, ...], out: Path, workers: int | None, timeout: float, force: bool,
            golden: Path | None, checks: str, no_checks: bool, quiet: bool, password: str | None,
            debug: bool) -> None:
    """Convert notices (files or folders) into OUT/<doc_id>/ and OUT/dataset/."""
    from worklist.batch import convert_batch

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
                bar.write(f"error: {r.path}: {r.error}", file=sys.stderr)

    report = convert_batch(inputs, out, workers=workers, timeout=timeout, password=password, force=force,
                           checks="none" if no_checks else checks, golden=golden, on_result=on_result,
                           on_start=on_start)
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
        sys.exit(report.exit_code)
    if not report.results:  # nothing was converted: usage errors only
        sys.exit(report.exit_code)
    _report_files(report, out, quiet=quiet, debug=debug)
    if report.dataset_error:
        _err(report.dataset_error)
    if report.golden is not None:
        _print_golden(report.golden)
    gc.freeze()  # exit without the final collections walking pyarrow's and pdfminer's heaps (~0.15 s)
    sys.exit(report.exit_code)


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
            _err(f"{r.path}: converted to {out / r.doc_id} but failed validation (see its manifest.json)")
        elif not quiet:
            what = "unchanged since the last conversion (--force to redo)" if r.status == "unchanged" else (
                f"{r.items} rows" + (f", {len(r.warnings)} warnings" if r.warnings else ""))
            click.echo(f"{r.path} → {out / r.doc_id}: {what}", err=True)
    elif quiet:
        for r in failed:
            _err(f"{r.path}: {r.error}")
        for r in invalid:
            _err(f"{r.path}: converted to {out / r.doc_id} but failed validation (see its manifest.json)")
    else:
        if debug:
            for r in failed:
                if r.traceback:
                    click.echo(f"{r.path}:\n{r.traceback.rstrip()}", err=True)
        _summary(results, out, report.seconds)


def _summary(results, out: Path, seconds: float) -> None:
    """The end of a batch on stderr: the counts, then one line per file (failures say why)."""
    from worklist.batch import summarize

    s = summarize(results, seconds)
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
    click.echo(f"{len(results)} files: {', '.join(parts)} in {seconds:.1f}s → {out}", err=True)
    for r in results:
        if r.status == "failed":
            click.echo(f"  FAIL  {r.path}: {r.error}", err=True)
        elif r.status == "duplicate":
            click.echo(f"  dup   {r.path}: {r.warnings[0] if r.warnings else 'same bytes as another input'}", err=True)
        elif r.status == "unchanged":
            click.echo(f"  same  {r.path} → {r.doc_id}", err=True)
        elif not r.valid:
            click.echo(f"  INVALID {r.path} → {r.doc_id}: failed validation (see {out / r.doc_id / 'manifest.json'})",
                       err=True)
        else:
            click.echo(f"  ok    {r.path} → {r.doc_id} ({r.items} rows"
                       + (f", {len(r.warnings)} warnings" if r.warnings else "") + ")", err=True)


def _print_golden(report) -> None:
    """The golden comparison: a line per document (stdout), problems as errors (stderr)."""
    if report.error:
        _err(report.error)
    for m in report.matches:
        if m.golden is None:
            _err(f"{m.label}: no golden sample named {m.expected_name}")
        elif m.diffs:
            click.echo(f"{m.label} differs from {m.golden}: {len(m.diffs)} difference(s)")
            for line in m.diffs:
                click.echo(f"  {line}")
        else:
            click.echo(f"{m.label} matches {m.golden}")


@main.command()
@click.argument("out", type=click.Path(path_type=Path, exists=True))
@click.argument("golden", type=click.Path(path_type=Path, exists=True))
def diff(out: Path, golden: Path) -> None:
    """Field-level diff of converted documents (OUT or OUT/<doc_id>) against golden samples, by item_key.

    Exits 1 on any difference."""
    from worklist.golden import compare_with_golden

    report = compare_with_golden(out, golden)
    _print_golden(report)
    sys.exit(report.exit_code)


@main.command()
@click.argument("notice", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Golden folder to (re)write, e.g. samples/golden/<name>/.")
@_password_option
def golden(notice: Path, out: Path, password: str | None) -> None:
    """Write a golden sample from a notice, on purpose: review it row by row before committing."""
    from worklist.extract.errors import ReadError
    from worklist.golden import save_golden
    from worklist.pipeline import convert as run
    from worklist.writers import nested_json

    try:
        conv = run(notice, password=password)
    except ReadError as exc:
        _err(f"{notice}: {exc}")
        sys.exit(exc.exit_code)
    path = save_golden(nested_json(conv), out)
    click.echo(f"wrote {path} ({len(conv.items)} rows, {len(conv.targets)} targets): review it before committing")


@main.command()
@click.argument("out", type=click.Path(path_type=Path, exists=True))
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write an HTML report of the checks.")
def validate(out: Path, report: Path | None) -> None:
    """Re-check an emitted dataset (OUT, OUT/<doc_id> or OUT/dataset) against the contract and the suite."""
    from worklist.schemas.validate import validate_output

    ok, lines = validate_output(out, report=report)
    for line in lines:
        click.echo(line)
    sys.exit(0 if ok else EXIT_INVALID)


@main.command()
@click.option("--table", type=click.Choice(["documents", "items", "milestones", "targets"]), default=None,
              help="Only this table's schema.")
@click.option("--markdown", is_flag=True, help="The contract as Markdown tables (schemas/CONTRACT.md).")
def schema(table: str | None, markdown: bool) -> None:
    """Print the data contract as JSON Schema (or Markdown)."""
    import json

    from worklist.schemas.models import TABLES, contract_markdown, json_schema

    if markdown:
        click.echo(contract_markdown(), nl=False)
        return
    out = TABLES[table].model_json_schema() if table else json_schema()
    click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@main.command()
@click.argument("notice", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--page", "page", type=click.IntRange(min=1), required=True, help="1-based page number.")
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="PNG file to write.")
@click.option("--resolution", type=click.IntRange(min=36, max=600), default=100, show_default=True)
@_password_option
def inspect(notice: Path, page: int, out: Path, resolution: int, password: str | None) -> None:
    """Draw the detected cells, their spans and the row ids over a PDF (or OFD) page."""
    from worklist.extract.errors import ReadError
    from worklist.extract.pdf_inspect import draw_page
    from worklist.pipeline import row_labels

    try:
        labels = row_labels(notice, password=password)
        path = draw_page(notice, page, out, row_labels=labels, resolution=resolution)
    except ReadError as exc:
        _err(f"{notice}: {exc}")
        sys.exit(exc.exit_code)
    except (ValueError, IndexError) as exc:
        _err(f"{notice}: {exc}")
        sys.exit(EXIT_USAGE)
    click.echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
