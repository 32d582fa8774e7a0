"""XLSX: an Excel attachment's list sheet (`reader`), values as Excel shows them (`numfmt`)."""
