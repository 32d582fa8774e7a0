"""One process: long generated TXT notices converted (checks included) after a warm-up, stage times kept. (run by bench/bench.py as a child process)."""
import json, sys, time
import worklist.pipeline as P
P.convert(sys.argv[1])  # warm-up: jieba's dictionary, the models
out = []
for path in sys.argv[2:]:
    t = time.perf_counter()
    conv = P.convert(path)
    out.append({"file": path, "seconds": time.perf_counter() - t, "items": len(conv.items),
                "timings": dict(conv.timings)})
print(json.dumps(out))
