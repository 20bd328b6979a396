"""Issue #16 item 13: SIGTERM during start-up (imports, policy, planning) exits 130 with a message, like
Ctrl-C, instead of dying with 143 / -15 and saying nothing."""

from __future__ import annotations

import signal
import subprocess
import time

import pytest
from runs_support import scan_cmd, scan_env


def _catches_sigterm(pid: int) -> bool:
    """Has the process installed a SIGTERM handler yet (Linux /proc: SigCgt bit mask)?"""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("SigCgt:"):
                    return bool(int(line.split()[1], 16) & (1 << (signal.SIGTERM - 1)))
    except FileNotFoundError:
        pass
    return False


@pytest.fixture(scope="module")
def many_files(tmp_path_factory):
    """300 one-row CSV files: planning them keeps the scan in start-up for a while."""
    d = tmp_path_factory.mktemp("many")
    for i in range(300):
        (d / f"f{i:03d}.csv").write_text("URL,TEXT,LICENSE\nhttps://example.com/a.jpg,c,CC0\n")
    return d


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.3, 1.0])
def test_sigterm_during_start_up_is_exit_130_with_a_message(many_files, tmp_path, delay):
    out = tmp_path / "run"
    proc = subprocess.Popen(scan_cmd(many_files, "--checks", "license", "--quiet", "--out", out), env=scan_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not _catches_sigterm(proc.pid):  # the earliest moment the program itself can answer
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.001)
    time.sleep(delay)
    started = (out / "manifest.json").exists()
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, (proc.returncode, stderr)
    assert "Traceback" not in stderr
    if delay < 0.1:  # still importing: old code had no handler yet (it died of SIGTERM, 143 / -15)
        assert not started
    if not started and not (out / "manifest.json").exists():
        assert stderr.strip() == "audit: interrupted before the scan started; nothing to resume (run the " \
                                 "command again)", stderr
    else:
        assert "--resume" in stderr, stderr
