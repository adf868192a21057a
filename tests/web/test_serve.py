"""`uppfolj serve` answers over HTTP with the login page, static files and security headers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

UPPFOLJ = Path(sys.executable).with_name("uppfolj")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, dict(response.headers), response.read()


def test_serve_runs_the_application(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen([str(UPPFOLJ), "--db", str(tmp_path / "w.sqlite3"), "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                status, headers, body = get(f"http://127.0.0.1:{port}/login/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("servern startade inte")
        assert status == 200
        assert 'lang="sv"' in body.decode()
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        css_status, _, css = get(f"http://127.0.0.1:{port}/static/uppfolj/app.css")
        assert css_status == 200 and b".var-neg" in css
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()
