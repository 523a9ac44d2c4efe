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


# The work is done in a process started by a forkserver (as the build's stages are): the
# command never waits for the forkserver, yet its CPU time is counted.
FORKSERVER = """
import multiprocessing, time

def burn():
    end = time.process_time() + 1.0
    while time.process_time() < end:
        pass

if __name__ == "__main__":
    p = multiprocessing.get_context("forkserver").Process(target=burn)
    p.start()
    p.join()
"""


def test_cpu_of_processes_started_by_a_forkserver_is_counted(tmp_path):
    script = tmp_path / "burn.py"
    script.write_text(FORKSERVER, encoding="utf-8")
    r = run([sys.executable, str(script)], timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.cpu >= 0.9, r.cpu
