"""The output folder has one definition: what a document folder is, where things go, atomic writes, leftovers
of a killed run, and the lock. `worklist convert`, `diff` and `validate` all go through it, so they agree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from worklist.outputs.layout import (
    OutputBusyError,
    OutputLayout,
    clean_leftovers,
    document_folders,
    is_dataset_folder,
    is_document_folder,
    lock_output,
    write_json_atomic,
)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory, conversions) -> Path:
    """An output root with one document and its dataset, as the writers leave it."""
    from worklist.outputs.writers import write_conversion, write_dataset

    out = tmp_path_factory.mktemp("out")
    doc = write_conversion(conversions("txt"), out)
    write_dataset(out, [doc])
    write_json_atomic(out / "manifest.json", {"summary": {}, "documents": []})
    return out


def test_paths_of_a_document(root: Path) -> None:
    layout = OutputLayout(root)
    [doc] = layout.document_dirs()
    assert layout.doc_dir(doc.name) == doc
    assert layout.doc_json(doc.name) == doc / f"{doc.name}.json" and layout.doc_json(doc.name).is_file()
    assert layout.doc_manifest(doc.name).is_file()
    assert layout.dataset_dir == root / "dataset" and layout.batch_manifest == root / "manifest.json"


def test_what_is_a_document_folder(root: Path, tmp_path: Path) -> None:
    [doc] = OutputLayout(root).document_dirs()
    assert is_document_folder(doc)
    assert not is_document_folder(root)  # a manifest, but no <name>.json: the batch's root
    assert not is_document_folder(root / "dataset") and is_dataset_folder(root / "dataset")
    assert document_folders(doc) == [doc] and document_folders(root) == [doc]
    assert document_folders(tmp_path / "nothing-here") == []


def test_unfinished_and_stray_folders_are_not_documents(root: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(root, out)
    [doc] = document_folders(out)
    shutil.copytree(doc, out / ".worklist-tmp-99-0123abcd" / doc.name)  # unfinished work of a batch
    shutil.copytree(doc, doc.parent / f".worklist-old-99-0123abcd-{doc.name}")  # swapped out by a replacement
    (out / "notes").mkdir()  # a folder someone added by hand
    assert document_folders(out) == [doc]


def test_leftovers_of_a_killed_run(root: Path, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(root, out)
    [doc] = document_folders(out)
    # the tool's names for unfinished work: .worklist-tmp|old-<pid>-<8 hex digits>[-<final name>]
    (out / ".worklist-tmp-4242-0123abcd" / "x").mkdir(parents=True)
    (out / ".worklist-tmp-4242-89abcdef-dataset").mkdir()
    (out / ".worklist-tmp-4242-00000001-manifest.json").write_text("{", encoding="utf-8")  # a write cut short
    os.replace(doc, doc.parent / f".worklist-old-4242-00ff00ff-{doc.name}")  # a replacement cut between renames
    clean_leftovers(out)
    assert sorted(p.name for p in out.iterdir()) == ["dataset", "docs", "manifest.json", "worklist.duckdb"]
    assert [p.name for p in doc.parent.iterdir()] == [doc.name]
    assert is_document_folder(doc)


def test_leftover_cleaning_never_touches_names_the_tool_does_not_give(tmp_path: Path) -> None:
    """Look-alikes of the tool's old temporary names, as a user may have them: all stay, unchanged."""
    out = tmp_path / "out"
    mine = [".tmp/notes.txt", ".tmp-cache/x.bin", "manifest.json.mine.tmp", ".old-notes-2024/a.txt",
            ".worklist-tmp-notes/a.txt", ".worklist-tmp-12-XYZ/a.txt"]
    for rel in mine:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(rel, encoding="utf-8")
    clean_leftovers(out)
    assert all((out / rel).read_text(encoding="utf-8") == rel for rel in mine)


def test_atomic_write_leaves_the_old_file_when_it_fails(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    write_json_atomic(path, {"n": 1})
    with pytest.raises(TypeError):
        write_json_atomic(path, {"n": object()})  # not JSON: nothing replaced
    assert path.read_text(encoding="utf-8") == '{\n  "n": 1\n}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with lock_output(out):
        with pytest.raises(OutputBusyError, match="another `worklist convert` is writing"):
            lock_output(out)
    lock_output(out).close()  # released with its holder


def test_the_database_is_written_under_the_tools_own_names(tmp_path: Path) -> None:
    """OUT/worklist.duckdb is owned by its name, and its temporary file is a work name: a run killed while
    writing it leaves nothing the next run would take for the user's."""
    from worklist.outputs import database
    from worklist.outputs.layout import DATABASE, foreign_entries, is_work_name, work_name

    assert database.DATABASE_FILE == DATABASE
    assert is_work_name(work_name("tmp", DATABASE)) and is_work_name(work_name("tmp", DATABASE) + ".wal")
    out = tmp_path / "out"
    out.mkdir()
    (out / DATABASE).write_bytes(b"")
    (out / ".worklist-tmp-4242-0123abcd-worklist.duckdb.wal").write_bytes(b"")
    assert foreign_entries(out) == []
    clean_leftovers(out)
    assert [p.name for p in out.iterdir()] == [DATABASE]
