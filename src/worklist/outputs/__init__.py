"""What the tool writes and reads back: the output folder (`layout`), a conversion's files (`writers`), the
dataset of every notice once (`dataset`), the DuckDB file (`database`), CSV formula guard (`csv_safety`),
golden comparison (`golden`), year-to-year comparison (`compare`), and re-checking an emitted dataset
(`validate`, `html_report`)."""
