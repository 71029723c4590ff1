"""How the end-to-end tests and benchmarks/concurrency.py drive Debian's Chromium.

One place for the browser binary, its flags (verified on this machine kind: no
background networking, no GPU, no sandbox as root), the script that watches a
Streamlit page's reruns, and the real ``streamlit run`` server they all talk to.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1400, "height": 1000}

#: Start recording the app's script-state changes; returns the page's clock.
OBSERVE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__runs = [];
  if (window.__observer) window.__observer.disconnect();
  window.__observer = new MutationObserver(() => window.__runs.push(
      [app.getAttribute('data-test-script-state'), performance.now()]));
  window.__observer.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  return performance.now();
}"""


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(timeout_s: float = 60.0) -> Iterator[str]:
    """A real ``streamlit run`` of the app on 127.0.0.1; yields its URL once healthy."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app/streamlit_app.py",
               "--server.headless", "true", "--server.address", "127.0.0.1",
               "--server.port", str(port), "--server.fileWatcherType", "none"]
    # the rest (toolbar, usage statistics, upload limit) from the repo's .streamlit/config.toml
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                raise RuntimeError(f"streamlit did not become healthy:\n{output[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def missing(reason: str) -> None:
    """Skip on a bare machine; fail in CI, where the e2e tests must really run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"e2e tests cannot run in CI: {reason}")
    pytest.skip(reason)
