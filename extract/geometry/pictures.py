"""Page pictures: what a paged reader hands to OCR for a page that holds only images.

A paged reader (PDF, OFD) knows how to draw its own pages; the OCR reader knows how to read a picture. This is
the contract between them — a function from page indices to grey images with their resolution — and the
resolution policy both sides share, so that OCR knows no file format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:  # numpy is loaded by the pages that have pictures, not by every paged reader
    import numpy as np

RENDER_DPI = 200.0  # a page without a scan of its own (a garbage text layer) is rendered at this resolution
DPI_RANGE = (120.0, 300.0)  # a scan's own resolution is kept inside this range
MIN_SCAN_DPI = 50.0  # a page whose largest image is coarser than this holds no scan to read

# indices (0-based) -> for each, in order: (grey image, dpi), or (None, dpi) when too coarse to be a scan
Pictures = Callable[[list[int]], Iterable[tuple["np.ndarray | None", float]]]


def grey(img: np.ndarray) -> np.ndarray:
    """One grey channel (ITU-R 601 luma, as OpenCV computes it) of a grey, RGB or RGBA image."""
    import numpy as np

    if img.ndim == 2:
        return img
    if img.shape[2] == 1:
        return img[:, :, 0]
    rgb = img[:, :, :3].astype(np.float32)
    return np.ascontiguousarray((rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)).round().astype(np.uint8))
