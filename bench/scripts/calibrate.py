"""What 2 processes of pure-Python CPU work gain over 1 on this machine (ideal 2.0). (run by bench/bench.py as a child process)."""
import multiprocessing as mp, sys, time
def spin(n=10_000_000):
    x = 0
    for i in range(n):
        x += i * i
if __name__ == "__main__":
    t = time.perf_counter(); spin(); one = time.perf_counter() - t
    ps = [mp.get_context("fork").Process(target=spin) for _ in range(2)]
    t = time.perf_counter(); [p.start() for p in ps]; [p.join() for p in ps]; two = time.perf_counter() - t
    print(2 * one / two)
