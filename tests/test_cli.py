"""The command line: help for every command, exit codes, one-line errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import GOLDEN, ROOT, SAMPLE, doc_dirs
from worklist.cli import main

COMMANDS = sorted(main.commands)  # from the CLI itself: a new command is checked without an edit here


def readme_block(heading: str) -> str:
    """The first fenced code block under a README heading (e.g. "Using it")."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(rf"^#+ {re.escape(heading)}\s*$(.*?)(?=^#+ |\Z)", text, flags=re.M | re.S)
    assert section, f"README.md has no section {heading!r}"
    block = re.search(r"^```[a-z]*\n(.*?)^```", section.group(1), flags=re.M | re.S)
    assert block, f"README.md's {heading!r} has no code block"
    return block.group(1)


def test_the_cli_has_its_commands() -> None:
    assert {"convert", "diff", "validate", "schema", "inspect", "golden"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    res = CliRunner().invoke(main, [command, "--help"])
    assert res.exit_code == 0 and len(res.output) > 80
    assert (main.commands[command].help or "").strip(), f"`worklist {command}` has no help text"
    assert re.search(rf"^worklist {command}\b", readme_block("Using it"), flags=re.M), \
        f"`worklist {command}` is missing from README.md's \"Using it\" block"


def test_help_does_not_import_heavy_modules() -> None:
    code = ("import sys; from worklist.cli import main\n"
            "heavy = [m for m in ('pandas', 'pyarrow', 'great_expectations', 'jieba', 'pdfplumber', 'docx') "
            "if m in sys.modules]\nprint(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_schema_prints_the_contract() -> None:
    res = CliRunner().invoke(main, ["schema"])
    schema = json.loads(res.output)
    assert set(schema["tables"]) == {"documents", "items", "milestones", "targets", "schedule"}
    assert "item_key" in schema["tables"]["items"]["properties"]


def test_convert_with_golden_and_diff(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["convert", str(SAMPLE["txt"]), "-o", str(out), "--golden", str(GOLDEN)])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["diff", str(out), str(GOLDEN.parent)])
    assert res.exit_code == 0 and "matches" in res.output


def test_diff_exits_1_on_a_changed_field(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["convert", str(SAMPLE["txt"]), "-o", str(out), "-q"]).exit_code == 0
    [doc_dir] = doc_dirs(out)
    f = doc_dir / f"{doc_dir.name}.json"
    data = json.loads(f.read_text(encoding="utf-8"))
    data["items"][4]["lead_units"] = ["县某某局"]
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    res = CliRunner().invoke(main, ["diff", str(doc_dir), str(GOLDEN)])
    assert res.exit_code == 1
    assert "lead_units" in res.output


def test_missing_input_is_a_one_line_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["convert", str(tmp_path / "nope.pdf"), "-o", str(tmp_path / "o")])
    assert res.exit_code == 64
    assert "nope.pdf" in res.output and "Traceback" not in res.output


def test_contract_doc_is_generated_from_the_models() -> None:
    """schemas/CONTRACT.md is `worklist schema --markdown`: regenerate it when a model changes."""
    from worklist.schemas.models import contract_markdown

    doc = (ROOT / "schemas" / "CONTRACT.md").read_text(encoding="utf-8")
    assert doc == contract_markdown()


def test_contract_columns_match_the_shared_contract_names() -> None:
    """Every column of the shared contract (../shared/CONTRACT.md, schema 1.0) is still there, in its order;
    the columns schemas 2.0, 2.1 and 2.2 added are exactly the ones their changelog entries name (README)."""
    from worklist.schemas.models import TABLES

    shared = {
        "documents": ["doc_id", "source_file", "source_format", "source_sha256", "title", "doc_number", "issuer",
                      "issue_date", "year", "region", "schema_version", "extractor_version"],
        "items": ["doc_id", "row_id", "item_key", "category", "type", "seq", "sub", "name", "q1", "q2", "q3", "q4",
                  "lead_units", "owners", "page", "source_ref"],
        "milestones": ["doc_id", "row_id", "quarter_from", "quarter_to", "text", "status"],
        "targets": ["doc_id", "row_id", "target_id", "source", "quarter_from", "quarter_to", "metric", "comparator",
                    "value", "unit", "value_base", "unit_base", "cumulative", "text"],
    }
    keys = ["notice_id", "item_key", "item_uid", "category", "type", "year"]
    added_in_2_0 = {  # 2.0: notice and item identity; 2.1: documents.notes, items.seq_label; 2.2: programme, deadline
        "documents": ["notice_id", "notes", "programme"],
        "items": ["notice_id", "item_uid", "year", "seq_label", "deadline"],
        "milestones": keys,
        "targets": keys,
    }
    for table, columns in shared.items():
        got = list(TABLES[table].model_fields)
        assert [c for c in got if c in columns] == columns, table
        assert sorted(c for c in got if c not in columns) == sorted(added_in_2_0[table]), table
    assert list(TABLES["schedule"].model_fields)[:9] == ["doc_id", "notice_id", "row_id", "item_key", "item_uid",
                                                        "category", "type", "year", "name"]


def test_every_command_has_one_flag_for_machine_output() -> None:
    """Issue 18: `--format json` on every command (query: table|csv|json; schema: json|markdown)."""
    for name, command in main.commands.items():
        fmt = next((p for p in command.params if p.name == "fmt"), None)
        assert fmt is not None and "json" in fmt.type.choices, name  # type: ignore[attr-defined]
    res = CliRunner().invoke(main, ["convert", "--help"])
    assert "--json" in res.output  # kept as the alias of --format json
