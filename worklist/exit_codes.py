"""The exit codes of `worklist` that are not a reader's (those live on `worklist.extract.errors.ReadError`).

A library run (`worklist.batch.convert_batch`) returns its exit status as a value, computed with these; the
CLI only hands it to `sys.exit`.
"""

EXIT_OK = 0
EXIT_DIFF = 1  # a document differs from its golden sample
EXIT_INVALID = 2  # converted, but a record or a dataset check failed validation
EXIT_MIXED = 3  # several files failed for different reasons
EXIT_NO_GOLDEN = 11  # a document has no golden sample of its notice (and none differs)
EXIT_USAGE = 64  # missing input, nothing to convert, or the output folder is busy
EXIT_INTERNAL = 70  # a bug
