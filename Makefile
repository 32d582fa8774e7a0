PYTHON ?= python

.PHONY: bench bench-quick test-bench

# The benchmark (a few minutes): Markdown to stdout and bench/results/latest.md, raw JSON next to it.
bench:
	$(PYTHON) bench/bench.py

# One file per format, 1 repetition (well under a minute): a smoke run, not a measurement.
bench-quick:
	$(PYTHON) bench/bench.py --quick

# The benchmark's smoke tests (left out of the default `python -m pytest`).
test-bench:
	$(PYTHON) -m pytest -m bench tests/test_bench.py
