"""Production settings: `check --deploy` is clean, and the default key is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ADMIN = Path(sys.executable).with_name("django-admin")


def run_check(env_key: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("UPPFOLJ_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env["DJANGO_SETTINGS_MODULE"] = "uppfolj.web.settings_production"
    if env_key is not None:
        env["UPPFOLJ_SECRET_KEY"] = env_key
    return subprocess.run([str(ADMIN), "check", "--deploy", "--fail-level", "WARNING"], env=env,
                          capture_output=True, text=True, check=False, timeout=120)


def test_check_deploy_is_clean() -> None:
    result = run_check("k" * 20 + "Zq8#vP2m!xR7wL4tN9bY6cD3hF1jS5aE0gU")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_key() -> None:
    from uppfolj.web.settings import DEVELOPMENT_SECRET_KEY

    for key in (None, DEVELOPMENT_SECRET_KEY):
        result = run_check(key)
        assert result.returncode != 0
        assert "UPPFOLJ_SECRET_KEY" in result.stderr


def production_settings(**env: str) -> dict[str, object]:
    """The TLS-related production settings for an environment, read in a fresh interpreter."""
    code = ("import json, django; django.setup(); from django.conf import settings as s; print(json.dumps("
            "{n: getattr(s, n) for n in ('SESSION_COOKIE_SECURE', 'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', "
            "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'CSRF_TRUSTED_ORIGINS', 'UPPFOLJ_PRODUCTION')}))")
    full = {k: v for k, v in os.environ.items() if not k.startswith("UPPFOLJ_")}
    full.update(DJANGO_SETTINGS_MODULE="uppfolj.web.settings_production", UPPFOLJ_SECRET_KEY="k" * 20 + "Zq8#vP2m!xR7wL4tN9bY6cD3hF1jS5aE0gU",
                **env)
    result = subprocess.run([sys.executable, "-c", code], env=full, capture_output=True, text=True, check=True, timeout=120)
    return dict(json.loads(result.stdout))


def test_https_behind_the_proxy_is_the_default() -> None:
    found = production_settings(UPPFOLJ_ALLOWED_HOSTS="uppfolj.kommun.se,.kommun.se")
    assert found == {"SESSION_COOKIE_SECURE": True, "SESSION_COOKIE_NAME": "__Host-sessionid",
                     "CSRF_COOKIE_NAME": "__Host-csrftoken", "SECURE_SSL_REDIRECT": True,
                     "SECURE_HSTS_SECONDS": 31536000, "CSRF_TRUSTED_ORIGINS": ["https://uppfolj.kommun.se"],
                     "UPPFOLJ_PRODUCTION": True}


def test_plain_http_installation_turns_the_secure_cookies_off() -> None:
    found = production_settings(UPPFOLJ_HTTPS="0", UPPFOLJ_ALLOWED_HOSTS="uppfolj.intern",
                                UPPFOLJ_CSRF_TRUSTED_ORIGINS="http://uppfolj.intern:8080")
    assert found == {"SESSION_COOKIE_SECURE": False, "SESSION_COOKIE_NAME": "sessionid",
                     "CSRF_COOKIE_NAME": "csrftoken", "SECURE_SSL_REDIRECT": False, "SECURE_HSTS_SECONDS": 0,
                     "CSRF_TRUSTED_ORIGINS": ["http://uppfolj.intern:8080"], "UPPFOLJ_PRODUCTION": True}
