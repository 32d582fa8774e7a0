"""The pdfplumber floor: its own extract_tables() on every page of the PDFs given. (run by bench/bench.py as a child process)."""
import sys
import pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
