"""The exit codes of `worklist` that are not a reader's (those live on `worklist.extract.errors.ReadError`).

A library run (`worklist.batch.convert_batch`) returns its exit status as a value, computed with these; the
CLI only hands it to `sys.exit`. Each code means one thing: usage problems are 64 whoever finds them (the CLI
turns click's own usage errors, which exit 2 by default, into 64), so 2 is only ever "failed validation".
The numbers above 63 follow BSD's sysexits.h (EX_USAGE, EX_SOFTWARE, EX_CANTCREAT).
"""

EXIT_DIFF = 1  # a document differs from its golden sample
EXIT_INVALID = 2  # converted, but a record or a dataset check failed validation
EXIT_MIXED = 3  # several files failed for different reasons
EXIT_NO_GOLDEN = 11  # a document has no golden sample of its notice (and none differs)
EXIT_USAGE = 64  # bad arguments, missing input, nothing to convert, an output folder that is busy or not ours
EXIT_INTERNAL = 70  # a bug
EXIT_CANT_WRITE = 73  # the output could not be written: permissions, read-only file system, disk full
