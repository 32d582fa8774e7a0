"""One process: the target reader on single large cells (issue 14: it must be linear in the text length). (run by bench/bench.py as a child process)."""
import json, time
from worklist.normalize.targets import find_targets
SENTENCE = "1.累计开展职业教育培训50人次，新增持证数字高技能人才5人以上；全县投保率达55%以上。"
CELLS = {
    "5 000-character cell, notice sentences": (SENTENCE * 200)[:5000],
    "5 000-character cell, unbalanced quotes (“新增k人)": "".join(f"“新增{k}人" for k in range(2000))[:5000],
    "5 000-character cell, one unbroken clause (新增k人)": "".join(f"新增{k}人" for k in range(2000))[:5000],
}
out = {}
for name, text in CELLS.items():
    find_targets("累计开展职业教育培训50人次")  # the dictionary is loaded before timing
    t = time.perf_counter()
    n = len(find_targets(text))
    out[name] = {"chars": len(text), "targets": n, "seconds": time.perf_counter() - t}
print(json.dumps(out, ensure_ascii=False))
