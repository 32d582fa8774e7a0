"""Batch conversion: many files, some broken, one summary; a tool the data team can leave running.

`convert_batch` is the whole of `worklist convert` as a library call; `run_batch` converts files into OUT's
document folders only. The parts: `plan` (what to convert), `worker` (one file, time limit), `pool` (forked
workers, signals), `report` (results, counts, OUT/manifest.json), `run` (a batch from start to end). Where
things land, the manifests' files, atomic writes and the lock belong to `worklist.output_layout`.
"""

from worklist.batch.plan import NOTICE_SUFFIXES, collect_inputs
from worklist.batch.report import BatchInterrupted, BatchReport, FileResult, summarize, write_batch_manifest
from worklist.batch.run import BatchBusyError, convert_batch, default_workers, run_batch
from worklist.batch.worker import convert_one

__all__ = ["BatchBusyError", "BatchInterrupted", "BatchReport", "FileResult", "NOTICE_SUFFIXES", "collect_inputs",
           "convert_batch", "convert_one", "default_workers", "run_batch", "summarize", "write_batch_manifest"]
