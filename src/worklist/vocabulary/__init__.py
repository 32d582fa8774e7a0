"""The words of a 工作清单, as data and pure functions, below every other layer: text repair (`text`), 类型
labels, column aliases and programmes (`labels`, `programmes.json`), field parsing (`fields`, `seq_label`),
numerals (`numerals`) and units (`units`). The readers recognise a header by these words, so this sits low."""
