"""DOCX: the WordprocessingML markup (`xml`), shown text (`text`), automatic numbering (`numbering`), tables
with every merge (`tables`), the package read as a document (`reader`)."""
