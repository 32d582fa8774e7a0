"""Where the samples, golden and fixtures live (imported by tests; no run-time code reads these)."""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = SAMPLES / "golden" / "shengsi-2024-worklist"
SAMPLE = {fmt: SAMPLES / f"shengsi-2024-worklist.{fmt}" for fmt in ("txt", "docx", "pdf", "html", "xlsx", "ofd", "doc")}
HAS_SOFFICE = shutil.which("soffice") is not None  # the .doc sample is read through LibreOffice
NO_SOFFICE = "LibreOffice is not installed (apt-get install libreoffice-writer-nogui): .doc/.wps/.rtf files cannot be read"
# the notice printed to PDF by other programs (a browser, a spreadsheet): the same rows, other geometry
PRINTED = {how: SAMPLES / f"shengsi-2024-worklist-{how}.pdf" for how in ("chromium", "calc")}
# document fields a printed form does not carry: the workbook Calc printed has no 文号, issuer or date
PRINTED_NOT_CARRIED = {"calc": ("doc_number", "issuer", "issue_date")}
FIXTURES = Path(__file__).resolve().parent / "fixtures"
