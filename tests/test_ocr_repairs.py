"""Repairs of recognised lines added for coarse scans (`extract/ocr/boxes.py`): specks read as "." inside
Chinese text, and a lone "/" read with a speck beside it. Table-driven; expected values written by hand."""

from __future__ import annotations

import pytest

pytest.importorskip("cv2", reason="the ocr extra is not installed")

from worklist.extract.ocr.boxes import drop_flecks  # noqa: E402


def _chars(text: str) -> list[tuple[str, float, float, float]]:
    return [(c, float(i), float(i + 1), 0.9) for i, c in enumerate(text)]


@pytest.mark.parametrize(("read", "kept", "dropped"), [
    ("累计开发见习岗.位6个。", "累计开发见习岗位6个。", 1),  # between two Han characters
    ("最低生活保障标.准", "最低生活保障标准", 1),
    ("县民政局.", "县民政局", 1),  # Chinese, then the line's end
    ("赔付工作。.", "赔付工作。", 1),  # after a Chinese full stop
    ("1.继续落实", "1.继续落实", 0),  # a list number keeps its stop
    ("年度目标值4.12。", "年度目标值4.12。", 0),  # a decimal point
    ("完成加装电梯2.台。", "完成加装电梯2.台。", 0),  # beside a digit: cannot tell, left as read
    ("Mr. 王", "Mr. 王", 0),  # beside Latin
    ("……", "……", 0),
    (".", ".", 0),  # nothing before it: not judged
])
def test_specks_read_as_full_stops_inside_chinese_text_are_dropped(read: str, kept: str, dropped: int) -> None:
    out, n = drop_flecks(_chars(read))
    assert "".join(c[0] for c in out) == kept
    assert n == dropped
