"""PDF: pdfminer's layout as page geometry (`reader`), clipping (`clip`), stream limits (`limits`), pages
rendered for OCR (`pictures`) and drawn for `inspect` (`inspect`)."""
