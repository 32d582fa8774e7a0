"""TXT notices in every encoding and line ending the data team receives give the same rows."""

import codecs
from pathlib import Path

import pytest

from worklist.extract.detect import sniff
from worklist.extract.txt.reader import decode_text, read_txt
from tests.paths import SAMPLE
from worklist.pipeline import ConvertOptions, convert

TEXT = SAMPLE["txt"].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [
        ("utf-8", b"", "\n"),
        ("utf-8", codecs.BOM_UTF8, "\r\n"),
        ("gb18030", b"", "\r\n"),
        ("gbk", b"", "\n"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "\n"),
        ("utf-16-le", b"", "\n"),
    ],
)
def test_encodings_and_line_ends_give_the_same_rows(tmp_path: Path, encoding: str, bom: bytes, newline: str) -> None:
    p = tmp_path / "notice.txt"
    p.write_bytes(bom + TEXT.replace("\n", newline).encode(encoding))
    assert sniff(p) == "txt"
    ref = convert(SAMPLE["txt"], ConvertOptions(checks="none"))
    got = convert(p, ConvertOptions(checks="none"))
    strip = lambda items: [i.model_dump(exclude={"doc_id"}) for i in items]  # noqa: E731
    assert strip(got.items) == strip(ref.items)
    assert [m.model_dump(exclude={"doc_id"}) for m in got.milestones] == [
        m.model_dump(exclude={"doc_id"}) for m in ref.milestones]
    assert got.document.title == ref.document.title


def test_decode_prefers_utf8_then_gb18030() -> None:
    assert decode_text("工作清单".encode())[1] == "utf-8"
    assert decode_text("工作清单".encode("gb18030"))[1] == "gb18030"


def test_blocks_are_pages_and_lines_are_refs() -> None:
    doc = read_txt(SAMPLE["txt"])
    assert doc.source_format == "txt"
    assert len(doc.tables) == 26
    assert all(g.implicit_spans for g in doc.tables)
    assert doc.tables[0].rows[2].ref == "l24"
    assert "嵊七优享办〔2024〕2号" in doc.front_matter
    assert any("抄送" in line for line in doc.back_matter)
