"""`worklist validate --report` (issue 18): a page a reviewer can work from — which notice (title, region,
year, sources), the rules that ran, every warning, and the cells OCR read with low confidence, each with a
crop of its page; one offline file without a script."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from tests.paths import FIXTURES, SAMPLE
from worklist.cli import main


def test_the_report_says_which_notice_the_rules_that_ran_and_every_warning(tmp_path: Path) -> None:
    out = tmp_path / "out"
    years = FIXTURES / "years"
    res = CliRunner().invoke(main, ["convert", str(years / "yunxi-2024.txt"), str(years / "yunxi-2025.txt"),
                                    "-o", str(out), "--workers", "1"])
    assert res.exit_code == 0, res.stderr
    report = tmp_path / "checks.html"
    res = CliRunner().invoke(main, ["validate", str(out), "--report", str(report), "--format", "json"])
    assert res.exit_code == 0, res.stdout
    page = report.read_text(encoding="utf-8")
    # the fixtures' titles (tests/fixtures/years/*.txt), region and years
    for text in ("2024年云溪县公共服务“七优享”工程工作清单", "2025年云溪县公共服务“七优享”工程工作清单", "云溪县",
                 "yunxi-2025.txt (txt)", "items.item_key.unique"):
        assert text in page, text
    assert re.search(r"\d+ rules ran", page)
    assert "<script" not in page and not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)


def test_low_confidence_cells_come_with_a_crop_of_their_page(tmp_path: Path) -> None:
    """The crop is the cell's box on the source page: here the first page's 文号 line of the sample PDF
    (嵊七优享办〔2024〕2号, drawn as text at about x 350–510, y 128–151 pt), as OCR'd cells list theirs."""
    import base64
    import io

    from PIL import Image

    from worklist.outputs.html_report import CROP_DPI, page_crops, render
    from worklist.outputs.validate import DocReport

    cell = {"page": 1, "where": "text", "bbox": [350.6, 128.6, 510.0, 150.9], "text": "嵊七优享办〔2024〕2号",
            "confidence": 0.644}
    crops = page_crops(SAMPLE["pdf"], [cell])
    im = Image.open(io.BytesIO(base64.b64decode(crops[0])))
    scale = CROP_DPI / 72
    assert abs(im.width - (510.0 - 350.6) * scale) <= 13 and abs(im.height - (150.9 - 128.6) * scale) <= 13
    assert im.getextrema()[0] < 100  # ink: the line is there, not a blank margin
    assert page_crops(SAMPLE["txt"], [cell]) == {}  # no page to crop: listed without one
    rep = DocReport("scan", low_confidence=[cell], source=SAMPLE["pdf"])
    page = render([rep])
    assert "1 cell(s) read by OCR with low confidence" in page and "data:image/png;base64," in page
    assert "嵊七优享办〔2024〕2号" in page and "0.644" in page
