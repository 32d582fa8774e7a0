"""The OCR engine: RapidOCR (PP-OCR models on ONNX Runtime), loaded once per process, offline.

Why RapidOCR 3.x: its wheel carries the detection and recognition models and the character table (inside the
recognition model), so nothing is fetched at run time — the models are given to it by path below, which skips
its download code entirely — and it depends on the headless OpenCV build (no GUI libraries on a server).
It is an optional dependency (`pip install 'worklist[ocr]'`): without it a scanned page is refused with
exit 7 and a line saying how to install it.

`recognise` returns text lines with per-character positions and confidences; everything about tables is the
reader's business.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from worklist.extract.errors import NoTextLayerError

INSTALL_HINT = "install OCR with: pip install 'worklist[ocr]'"
# ONNX Runtime threads per process. One by default: the cores are shared by workers (each converts one file), not
# by threads inside one; a second thread buys little wall time on one page and, with spinning, burns CPU
# waiting whenever the machine is busy. The variable overrides it (a one-file run on an idle many-core box).
THREADS_ENV = "WORKLIST_OCR_THREADS"
# The models bundled in the rapidocr wheel (rapidocr/models/); a missing one is an install problem.
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
# px: detection runs on the page's content scaled to this longest side (recognition on the full image): about
# 100 dpi for an A4 page, where body text is still 13 px high; it costs a third of detecting at 1280
DET_SIDE = 960


class OcrUnavailableError(NoTextLayerError):
    """A page needs OCR and the OCR extra is not installed (exit 7, like a scan was before OCR existed)."""


@dataclass(frozen=True, slots=True)
class TextBox:
    """One recognised text line in image pixels: its box, text, confidence, and each character's horizontal
    extent and confidence (where the engine placed it, or the text spread evenly over the box)."""

    text: str
    conf: float
    x0: float
    top: float
    x1: float
    bottom: float
    chars: tuple[tuple[str, float, float, float], ...] = ()  # (char, x0, x1, conf), left to right


_engine: Any = None
_lock = threading.Lock()


def available() -> bool:
    """Whether the OCR extra is installed (without loading any model)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime", "cv2"))


def _threads() -> int:
    try:
        return max(1, int(os.environ.get(THREADS_ENV, "1")))
    except ValueError:
        return 1


def quiet_sessions(ort_session_class: Any) -> None:
    """Make RapidOCR's ONNX Runtime sessions wait without spinning: its session options are built by one
    static method (`_init_sess_opts`), wrapped here once to add the config entries that RapidOCR's parameters
    do not reach. A spinning thread that waits for work burns a core's CPU when the machine is busy, which the
    CPU-time limit then counts against the file."""
    original = ort_session_class._init_sess_opts
    if getattr(original, "_worklist_quiet", False):
        return

    def init_sess_opts(cfg: Any) -> Any:
        opts = original(cfg)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return opts

    init_sess_opts._worklist_quiet = True  # type: ignore[attr-defined]
    ort_session_class._init_sess_opts = staticmethod(init_sess_opts)


def engine() -> Any:
    """The process's RapidOCR instance, created on first use (models load once per worker, not per page)."""
    global _engine
    if _engine is not None:
        return _engine
    with _lock:
        if _engine is None:
            _engine = _load()
    return _engine


def _load() -> Any:
    try:
        import rapidocr
        from rapidocr import RapidOCR
        from rapidocr.inference_engine.onnxruntime.main import OrtInferSession
    except ImportError as exc:
        raise OcrUnavailableError(f"scanned pages need OCR, which is not installed ({exc.name}); "
                                  f"{INSTALL_HINT}") from None
    models = Path(rapidocr.__file__).parent / "models"
    det, rec = models / DET_MODEL, models / REC_MODEL
    for m in (det, rec):
        if not m.is_file():
            raise OcrUnavailableError(f"the OCR model {m.name} is missing from the rapidocr package; "
                                      f"reinstall: pip install --force-reinstall 'worklist[ocr]'")
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    params = {
        "Global.log_level": "error",
        "Global.use_cls": False,  # pages are straightened first: no text line stands on its head
        "Global.text_score": 0.0,  # keep every line: low confidence is reported, never dropped
        "Det.model_path": str(det),
        "Det.limit_type": "max",
        "Det.limit_side_len": DET_SIDE,
        "Rec.model_path": str(rec),
        "EngineConfig.onnxruntime.intra_op_num_threads": _threads(),
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,  # the models run their nodes in sequence
    }
    quiet_sessions(OrtInferSession)
    return RapidOCR(params=params)


def recognise(img: np.ndarray, origin: tuple[float, float] = (0.0, 0.0)) -> list[TextBox]:
    """Every text line of an image (grey or BGR), top to bottom, with per-character positions; `origin` is
    where the image lies on the page (a crop), added to every position."""
    if img.ndim == 2:
        import cv2

        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    # every switch given on every call: RapidOCR keeps the last call's switches as its new defaults
    res = engine()(img, use_det=True, use_cls=False, use_rec=True, return_word_box=True,
                   return_single_char_box=True)
    if getattr(res, "boxes", None) is None or getattr(res, "txts", None) is None:
        return []
    words = res.word_results or ()
    ox, oy = origin
    out: list[TextBox] = []
    for i, (quad, text, conf) in enumerate(zip(res.boxes, res.txts, res.scores)):
        xs, ys = quad[:, 0] + ox, quad[:, 1] + oy
        x0, x1 = float(xs.min()), float(xs.max())
        chars = _chars(text, words[i] if i < len(words) else (), ox) or spread(text, x0, x1, float(conf))
        out.append(TextBox(text, float(conf), x0, float(ys.min()), x1, float(ys.max()), chars))
    return sorted(out, key=lambda b: (b.top, b.x0))


def read_line(img: np.ndarray, x0: float, top: float) -> TextBox | None:
    """Recognise one line already cut out of a page (no detection), placed at (x0, top) of the page: for
    ink the detector passed over. None when nothing is read."""
    if img.ndim == 2:
        import cv2

        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    res = engine()(img, use_det=False, use_cls=False, use_rec=True, return_word_box=False,
                   return_single_char_box=False)
    txts, scores = getattr(res, "txts", None), getattr(res, "scores", None)
    if not txts or not txts[0].strip() or not scores:
        return None
    text, conf = txts[0], float(scores[0])
    h, w = img.shape[:2]
    return TextBox(text, conf, x0, top, x0 + w, top + h, spread(text, x0, x0 + w, conf))


def spread(text: str, x0: float, x1: float, conf: float) -> tuple[tuple[str, float, float, float], ...]:
    """A line's characters spread evenly over its box (when the engine could not place them)."""
    n = len(text) or 1
    step = (x1 - x0) / n
    return tuple((c, x0 + i * step, x0 + (i + 1) * step, conf) for i, c in enumerate(text))


def _chars(text: str, word: Any, ox: float = 0.0) -> tuple[tuple[str, float, float, float], ...]:
    """Per-character (char, x0, x1, conf) from the engine's character boxes, when they spell the line's text
    exactly; empty otherwise."""
    try:
        chars = tuple((str(c), float(np.min(np.asarray(q)[:, 0])) + ox, float(np.max(np.asarray(q)[:, 0])) + ox,
                       float(s)) for c, s, q in word)
    except (TypeError, ValueError, IndexError):
        return ()
    if "".join(c for c, *_ in chars).replace(" ", "") != text.replace(" ", ""):
        return ()
    return tuple(sorted(chars, key=lambda c: c[1]))
