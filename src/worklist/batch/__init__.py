"""Batch conversion: many files, some broken, one summary; a tool the data team can leave running.

`convert_batch` is the whole of `worklist convert` as a library call; `run_batch` converts files into OUT's
document folders only. The parts: `plan` (what to convert), `worker` (one file), `timelimit` (time limits
on CPU time, also for the other commands that read a document), `pool` (forked workers, signals), `report`
(results, counts, OUT/manifest.json), `run` (a batch from start to end). Where things land, the manifests'
files, atomic writes, ownership of OUT and the lock belong to `worklist.outputs.layout`.
"""

from worklist.batch.plan import NOTICE_SUFFIXES, collect_inputs, scan_inputs
from worklist.batch.report import BatchInterrupted, BatchReport, FileResult, summarize, write_batch_manifest
from worklist.batch.run import BatchBusyError, ForeignContentError, convert_batch, default_workers, run_batch
from worklist.batch.timelimit import run_limited
from worklist.batch.worker import convert_one

__all__ = ["BatchBusyError", "BatchInterrupted", "BatchReport", "FileResult", "ForeignContentError",
           "NOTICE_SUFFIXES", "collect_inputs", "convert_batch", "convert_one", "default_workers", "run_batch",
           "run_limited", "scan_inputs", "summarize", "write_batch_manifest"]
