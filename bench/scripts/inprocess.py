"""One process: imports, then a cold conversion (first of the process) and a warm one, each with its write. (run by bench/bench.py as a child process)."""
import json, sys, tempfile, time
t0 = time.perf_counter()
import worklist.pipeline as P
import worklist.outputs.writers as W
t_import = time.perf_counter() - t0
out = {"import": t_import, "runs": []}
with tempfile.TemporaryDirectory() as tmp:
    for i in range(2):
        t1 = time.perf_counter()
        conv = P.convert(sys.argv[1])
        t2 = time.perf_counter()
        W.write_conversion(conv, tmp)
        t3 = time.perf_counter()
        out["runs"].append({"convert": t2 - t1, "write": t3 - t2, "timings": dict(conv.timings),
                            "pages": conv.n_pages, "items": len(conv.items)})
print(json.dumps(out))
