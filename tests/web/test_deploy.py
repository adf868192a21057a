"""Production settings: `check --deploy` is clean, and the default key is refused."""

from __future__ import annotations

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
