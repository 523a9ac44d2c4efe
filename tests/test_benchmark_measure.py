"""benchmarks.measure: memory that forked children share with their parent is counted once."""

import sys

from benchmarks.measure import run

# The parent fills 300 MB, then forks two children that only sleep: three resident sets of
# 300 MB each, but 300 MB of memory.
SHARE = """
import os, time
block = bytearray(300 * 1024 * 1024)
for i in range(0, len(block), 4096):
    block[i] = 1
kids = [os.fork() for _ in range(1)]
if kids[0] == 0:
    os.fork()
    time.sleep(1.5)
    os._exit(0)
time.sleep(1.5)
os.wait()
"""


def test_peak_memory_of_a_forked_tree_counts_shared_pages_once():
    r = run([sys.executable, "-c", SHARE], timeout=60)
    assert r.returncode == 0, r.stderr
    assert 280 < r.peak_tree_mb < 500, r.peak_tree_mb  # a sum of resident sets would be ≈ 900
    assert r.peak_max_mb > 280
