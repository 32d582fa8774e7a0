"""Where the samples, golden and fixtures live (imported by tests; no run-time code reads these)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = SAMPLES / "golden" / "shengsi-2024-worklist"
SAMPLE = {fmt: SAMPLES / f"shengsi-2024-worklist.{fmt}" for fmt in ("txt", "docx", "pdf", "html", "xlsx")}
FIXTURES = Path(__file__).resolve().parent / "fixtures"
