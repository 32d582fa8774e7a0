"""Table reconstruction, shared by every format: reader grids → logical rows with named columns (`layout`)
→ work rows by the merged-cell rules (`rows`); trailer rows and footnotes kept as notes (`notes`)."""
