"""CSV cells that spreadsheets would evaluate are guarded; everything else is written as it is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from worklist.outputs.csv_safety import guard, unguard


@pytest.mark.parametrize(("text", "written"), [
    ("=", "'="),
    (">=", ">="),
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+86 580", "'+86 580"),
    ("-5%", "'-5%"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("年度指标>63%", "年度指标>63%"),
    ("'quoted", "'quoted"),
    ("'=already", "''=already"),
    ("", ""),
    (None, None),
])
def test_guard(text, written) -> None:
    assert guard(text) == written


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab年")) | st.text())
def test_unguard_inverts_guard(text: str) -> None:
    assert unguard(guard(text)) == text


@given(st.text())
def test_guarded_cells_never_start_a_formula(text: str) -> None:
    assert not guard(text).startswith(("=", "+", "-", "@", "\t", "\r"))
