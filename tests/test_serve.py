"""`xxgk serve` becomes the Streamlit server: SIGTERM (or Ctrl-C) to the process a service manager
started stops the app, leaves no Streamlit child behind and frees the port."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_free(port: int) -> bool:
    """A new server could listen on the port (as Streamlit does: with SO_REUSEADDR)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            s.listen()
        except OSError:
            return False
    return True


def _session_members(sid: int) -> list[int]:
    """Processes still alive in session `sid` (the test starts `xxgk serve` in a session of its own)."""
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            out.append(int(d.name))
    return out


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    sys.path.insert(0, str(REPO))
    from bench.synth import make_synthetic_db

    path = tmp_path_factory.mktemp("serve") / "small.duckdb"
    make_synthetic_db(path, 40, seed=5)
    return path


# Where exec does not keep the process (Windows), `xxgk serve` runs Streamlit as a child and forwards
# the signals: the same checks, through that code path.
FORWARDING = (
    "import sys; from xxgk import cli; "
    "args = cli._parser()[0].parse_args(sys.argv[1:]); "
    "sys.exit(cli._run_forwarding(*cli.serve_command(args)))"
)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize(
    ("mode", "sig"),
    [("exec", signal.SIGTERM), ("exec", signal.SIGINT), ("forward", signal.SIGTERM)],
    ids=["exec-SIGTERM", "exec-SIGINT", "forward-SIGTERM"],
)
def test_stopping_xxgk_serve_stops_the_app_and_frees_the_port(small_db, tmp_path, mode, sig):
    port = _free_port()
    log = tmp_path / "serve.log"
    argv = ["serve", "--db", str(small_db), "--port", str(port), "--address", "127.0.0.1"]
    start = ["-m", "xxgk.cli"] if mode == "exec" else ["-c", FORWARDING]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, *start, *argv],
            cwd=REPO,
            env={**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own session: whatever it starts can be found (and cleaned up)
        )
    try:
        deadline = time.time() + 90
        while True:
            url = f"http://127.0.0.1:{port}/_stcore/health"
            with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    break
            assert proc.poll() is None, log.read_text()
            assert time.time() < deadline, "no answer on /_stcore/health:\n" + log.read_text()
            time.sleep(0.3)
        if mode == "exec":  # the process started as `xxgk serve` is the server itself, not its parent
            cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
            assert b"streamlit" in cmdline and b"run" in cmdline, cmdline
            assert _session_members(proc.pid) == [proc.pid]

        os.kill(proc.pid, sig)  # what a service manager (or Ctrl-C) does: to that one process
        proc.wait(timeout=30)

        deadline = time.time() + 10
        while _session_members(proc.pid) and time.time() < deadline:
            time.sleep(0.2)
        assert _session_members(proc.pid) == [], "a process of `xxgk serve` outlived it"
        assert _port_free(port), f"port {port} still taken after {sig.name}"
        with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # only this test's own session
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
