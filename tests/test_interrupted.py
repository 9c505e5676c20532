"""An interrupted run (kill -9 half-way) leaves the previous complete outputs intact, and the results
of the files it finished are reused by `--resume`."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

from .conftest import CORPUS


def test_kill_9_mid_run_keeps_previous_outputs(tmp_path):
    small, big, out = tmp_path / "small", tmp_path / "big", tmp_path / "out"
    small.mkdir()
    big.mkdir()
    shutil.copy(CORPUS / "beijing-web3-whitepaper.txt", small)
    for i in range(60):
        shutil.copy(CORPUS / "nanjing-metaverse.txt", big / f"copy-{i:03d}.txt")
    command = [sys.executable, "-m", "policyextract", "run", "--out", str(out), "--force"]
    subprocess.run([*command, str(small)], check=True, capture_output=True)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    process = subprocess.Popen([*command, str(big)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cache = out / ".cache"
    deadline = time.monotonic() + 60
    while len(list(cache.glob("*.json"))) < 3 and time.monotonic() < deadline:  # a few files done
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.endswith(".tmp")} == before
    done = len(list(cache.glob("*.json")))
    assert 3 <= done <= 60

    resumed = subprocess.run([*command, str(big), "--resume"], check=True, capture_output=True, text=True)
    assert "files reused from the cache" in resumed.stdout
    reused = int(resumed.stdout.split("(")[1].split()[0])
    assert reused >= done - 1  # every file finished before the kill (the small corpus' entry is pruned)
