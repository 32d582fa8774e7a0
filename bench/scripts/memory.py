"""One process: every file of the batch converted and written in a loop, RSS sampled after each. (run by bench/bench.py as a child process)."""
import gc, json, os, resource, sys, tempfile, time
PAGE = os.sysconf("SC_PAGE_SIZE")
def rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE // 1024
import worklist.pipeline as P
import worklist.outputs.writers as W
before = rss_kb()
samples = []
with tempfile.TemporaryDirectory() as tmp:
    for path in sys.argv[1:]:
        t = time.perf_counter()
        conv = P.convert(path)
        W.write_conversion(conv, tmp)
        del conv
        samples.append({"file": os.path.basename(path), "rss_kb": rss_kb(),
                        "seconds": time.perf_counter() - t})
gc.collect()
print(json.dumps({"after_import_kb": before, "samples": samples, "after_gc_kb": rss_kb(),
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
