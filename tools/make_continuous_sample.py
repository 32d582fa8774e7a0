"""Re-render the 2024 sample as ONE continuous table, as offices often produce it.

The sample DOCX has one table per page of the original. This joins them into a single table whose two
header rows repeat on every page (`w:tblHeader`), whose rows may break across pages (no `cantSplit`), and
whose 专项名称 cells are merged across the old table borders; LibreOffice then renders it to PDF, where merged
cells cross page breaks and rows continue at the top of the next page. Both must still convert to the
golden sample. Run: python tools/make_continuous_sample.py (needs LibreOffice for the PDF); the outputs are
committed under tests/fixtures/continuous/ so CI needs no LibreOffice.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "shengsi-2024-worklist.docx"
OUT = ROOT / "tests" / "fixtures" / "continuous"
NAME = "shengsi-2024-continuous"


def _text(tc) -> str:  # type: ignore[no-untyped-def]
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def build_docx(path: Path) -> None:
    d = docx.Document(str(SAMPLE))
    first, *rest = [t._tbl for t in d.tables]
    for tr in first.tr_lst[:2]:
        tr.get_or_add_trPr().append(first.makeelement(qn("w:tblHeader"), {}))
    for tbl in rest:
        for tr in tbl.tr_lst[2:]:  # drop each page's repeated header rows
            first.append(tr)
        tbl.getparent().remove(tbl)
    previous = None
    for tr in first.tr_lst[2:]:
        if tr.trPr is not None:
            for el in tr.trPr.findall(qn("w:cantSplit")):
                tr.trPr.remove(el)
        tc = tr.tc_lst[0]
        vmerge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
        if vmerge is None or vmerge.get(qn("w:val")) != "restart":
            continue
        if _text(tc) == previous:  # the same 专项 continues: one merged cell across the old border
            vmerge.attrib.pop(qn("w:val"))
            for p in tc.findall(qn("w:p")):
                for r in p.findall(qn("w:r")):
                    p.remove(r)
        else:
            previous = _text(tc)
    d.save(str(path))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"{NAME}.docx"
    build_docx(target)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(target)],
                       check=True, capture_output=True)
        (OUT / f"{NAME}.pdf").write_bytes((Path(tmp) / f"{NAME}.pdf").read_bytes())
    print(f"wrote {target} and {OUT / (NAME + '.pdf')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
