"""Scanned pages: rules found in the pixels (`raster`), text recognised by RapidOCR (`engine`), boxes made
faithful to the ink (`boxes`), all handed on as page geometry (`reader`); drawn for `inspect` (`inspect`)."""
