"""Page geometry shared by every paged format (PDF, OFD, OCR'd page images): pages as chars and ruling
edges (`page`), which painted objects are rules (`rules`), page pictures for OCR (`pictures`), and the drawing
`worklist inspect` makes of what the reader saw (`draw`)."""
