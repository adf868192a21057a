"""`uppfolj serve` runs gunicorn: the login page, collected static files with cache headers,
security headers, and the production mode's refusal without a secret key and its TLS behind a proxy."""

from __future__ import annotations

import gzip
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

UPPFOLJ = Path(sys.executable).with_name("uppfolj")
KEY = "k" * 20 + "Zq8#vP2m!xR7wL4tN9bY6cD3hF1jS5aE0gU"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:  # a redirect or an error status, with its headers
        return exc.code, dict(exc.headers), exc.read()


def server_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("UPPFOLJ_") and k != "DJANGO_SETTINGS_MODULE"}
    env["UPPFOLJ_STATIC_ROOT"] = str(tmp_path / "static")
    env.update(extra)
    return env


@contextmanager
def serving(tmp_path: Path, env: dict[str, str], *args: str) -> Iterator[tuple[str, Path, Path]]:
    """A running `uppfolj serve` on a free port: its base URL and its stdout and stderr files."""
    port = free_port()
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen([str(UPPFOLJ), "--db", str(tmp_path / "w.sqlite3"), "serve", "--port", str(port),
                                    *args], stdout=stdout, stderr=stderr, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise AssertionError(f"servern avslutades: {err.read_text()}")
            try:
                get(base + "/login/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("servern startade inte: " + err.read_text())
        yield base, out, err
    finally:
        process.terminate()
        assert process.wait(timeout=40) == 0
    assert "Avslutat." in out.read_text()


def test_serve_runs_gunicorn_with_static_files_cached(tmp_path: Path) -> None:
    with serving(tmp_path, server_env(tmp_path), "--workers", "2", "--threads", "3") as (base, out, err):
        status, headers, body = get(base + "/login/")
        assert status == 200
        assert headers["Server"] == "gunicorn"
        page = body.decode()
        assert 'lang="sv"' in page
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        # The page names the stylesheet by its hashed name, which may be cached for good.
        css_url = re.search(r'href="(/static/uppfolj/app\.[0-9a-f]{12}\.css)"', page)
        assert css_url, page
        status, headers, css = get(base + css_url.group(1), {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert headers["Content-Encoding"] == "gzip"
        assert b".var-neg" in gzip.decompress(css)
        # The plain name still answers, cached for a minute only (it may change with an upgrade).
        status, headers, css = get(base + "/static/uppfolj/app.css")
        assert status == 200 and b".var-neg" in css
        assert headers["Cache-Control"] == "max-age=60, public"
        started = out.read_text()
        assert "gunicorn, 2 processer × 3 trådar" in started
        assert f"från {tmp_path / 'static'}" in started
        assert '"GET /login/ HTTP/1.1" 200' in started  # the access log
    assert err.read_text().count("Booting worker with pid") == 2
    assert (tmp_path / "static" / "staticfiles.json").is_file()


def test_static_files_are_collected_only_when_they_changed(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    with serving(tmp_path, env, "--workers", "1"):
        pass
    manifest = tmp_path / "static" / "staticfiles.json"
    first = manifest.stat().st_mtime_ns
    with serving(tmp_path, env, "--workers", "1") as (base, _, _):
        assert get(base + "/static/uppfolj/app.js")[0] == 200
    assert manifest.stat().st_mtime_ns == first


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    port = free_port()
    for key in ({}, {"UPPFOLJ_SECRET_KEY": "kort"}):
        result = subprocess.run([str(UPPFOLJ), "--db", str(tmp_path / "w.sqlite3"), "serve", "--port", str(port)],
                                env=server_env(tmp_path, UPPFOLJ_PRODUCTION="1", **key),
                                capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 1
        assert result.stderr.startswith("uppfolj: UPPFOLJ_SECRET_KEY måste vara satt")
        assert "Traceback" not in result.stderr
        with pytest.raises(OSError):
            get(f"http://127.0.0.1:{port}/login/")


def test_production_behind_a_tls_proxy(tmp_path: Path) -> None:
    env = server_env(tmp_path, UPPFOLJ_PRODUCTION="1", UPPFOLJ_SECRET_KEY=KEY,
                     UPPFOLJ_ALLOWED_HOSTS="uppfolj.kommun.se,127.0.0.1")
    with serving(tmp_path, env, "--workers", "2") as (base, _out, err):
        # Straight to the server over HTTP: sent on to HTTPS.
        status, headers, _ = get(base + "/login/")
        assert status == 301 and headers["Location"] == "https://127.0.0.1" + base[len("http://127.0.0.1"):] + "/login/"
        # Through the proxy, which ended TLS and says so.
        proxied = {"Host": "uppfolj.kommun.se", "X-Forwarded-Proto": "https"}
        status, headers, body = get(base + "/login/", proxied)
        assert status == 200 and 'lang="sv"' in body.decode()
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert re.match(r"__Host-csrftoken=\w+;.*Secure", headers["Set-Cookie"])
        # A host the installation does not serve.
        assert get(base + "/login/", {"Host": "annan.example", "X-Forwarded-Proto": "https"})[0] == 400
    assert "utvecklingsläge" not in err.read_text()


def test_serve_says_when_the_port_is_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([str(UPPFOLJ), "--db", str(tmp_path / "w.sqlite3"), "serve", "--port", str(port)],
                                env=server_env(tmp_path), capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert f"uppfolj: kan inte lyssna på 127.0.0.1:{port}:" in result.stderr


def test_workers_follow_the_cores() -> None:
    from uppfolj.web.serve import default_workers

    assert default_workers() == 2 * len(os.sched_getaffinity(0)) + 1


USERS = 16


def log_in(base: str, username: str) -> int:
    """GET the login page for its CSRF token, POST the form; the status of the POST (302 = in)."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(base + "/login/", timeout=60) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, page
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "username": username,
                                   "password": "lösen-för-prov-1"}).encode()
    request = urllib.request.Request(base + "/login/", data=data, headers={"Referer": base + "/login/"})
    try:
        with opener.open(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_concurrent_logins_and_readers_across_workers(tmp_path: Path) -> None:
    """Every login writes (a session, last_login) while readers keep asking: on SQLite and 3
    processes none fails, none is lost."""
    import threading

    db = tmp_path / "w.sqlite3"
    create = ("from uppfolj.cli.database import configure, migrate\n"
              f"configure({str(db)!r}); migrate()\n"
              "from django.contrib.auth import get_user_model\n"
              f"for i in range({USERS}): get_user_model().objects.create_user(f'hl{{i:02d}}', password='lösen-för-prov-1')\n")
    env = server_env(tmp_path, UPPFOLJ_AXES="0")
    subprocess.run([sys.executable, "-c", create], env=env, check=True, timeout=120)
    statuses: list[int] = []
    reads: list[int] = []
    with serving(tmp_path, env, "--workers", "3", "--threads", "4") as (base, _, _):
        done = threading.Event()

        def reader() -> None:
            while not done.is_set():
                reads.append(get(base + "/login/")[0])

        def writer(i: int) -> None:
            statuses.append(log_in(base, f"hl{i:02d}"))

        readers = [threading.Thread(target=reader) for _ in range(4)]
        writers = [threading.Thread(target=writer, args=(i,)) for i in range(USERS)]
        for thread in readers + writers:
            thread.start()
        for thread in writers:
            thread.join()
        done.set()
        for thread in readers:
            thread.join()
    assert statuses == [302] * USERS
    assert reads and set(reads) == {200}
    count = ("from uppfolj.cli.database import configure\n"
             f"configure({str(db)!r})\n"
             "from django.contrib.auth import get_user_model\n"
             "from django.contrib.sessions.models import Session\n"
             "print(get_user_model().objects.filter(last_login__isnull=False).count(), Session.objects.count())\n")
    result = subprocess.run([sys.executable, "-c", count], env=env, check=True, timeout=120, capture_output=True, text=True)
    assert result.stdout.split() == [str(USERS), str(USERS)]
