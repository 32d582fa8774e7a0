"""How one conversion runs, as one frozen object shared by the library call, the batch and its workers."""

from __future__ import annotations

from dataclasses import dataclass

from worklist.extract import OCR_MODES

CHECK_ENGINES = ("native", "gx", "none")


@dataclass(frozen=True)
class ConvertOptions:
    """`password`: of an encrypted PDF. `checks`: the engine of the dataset suite (`checks.rules.SUITE`):
    "native" (the rules in plain Python, no start-up cost), "gx" (Great Expectations itself) or "none".
    `ocr`: which pages of a scan OCR reads: "auto" (those without a text layer), "force" (also those whose
    text layer is garbage) or "off" (none, so a scan is refused); page images are OCR'd unless "off"."""

    password: str | None = None
    checks: str = "native"
    ocr: str = "auto"

    def __post_init__(self) -> None:
        if self.checks not in CHECK_ENGINES:
            raise ValueError(f"checks must be one of {CHECK_ENGINES}, not {self.checks!r}")
        if self.ocr not in OCR_MODES:
            raise ValueError(f"ocr must be one of {OCR_MODES}, not {self.ocr!r}")
