"""The layers hold (import-linter contracts in pyproject.toml), and signals are wired in ready()."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# Runs Django's set-up in a fresh interpreter and notes, when our AppConfig.ready() starts (every
# model is loaded by then), which signal and domain modules the models pulled in.
LOADING = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "uppfolj.web.settings"
from uppfolj.web.apps import UppfoljConfig
seen = {}
ready = UppfoljConfig.ready
def spy(self):
    seen["models"] = "uppfolj.web.models" in sys.modules
    seen["before"] = sorted(m for m in sys.modules if m.startswith(("uppfolj.web.signals", "uppfolj.web.domain")))
    ready(self)
UppfoljConfig.ready = spy
import django
django.setup()
seen["after"] = "uppfolj.web.signals" in sys.modules
print(json.dumps(seen))
"""


def test_import_contracts_are_kept() -> None:
    result = subprocess.run([str(LINT_IMPORTS), "--no-logo", "--no-cache"], cwd=REPO,
                            capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "kept, 0 broken." in result.stdout


def test_models_load_without_signals_or_domain_and_ready_wires_the_signals() -> None:
    result = subprocess.run([sys.executable, "-c", LOADING], capture_output=True, text=True, check=True)

    assert json.loads(result.stdout) == {"models": True, "before": [], "after": True}


def test_audit_receivers_are_connected() -> None:
    from django.db.models.signals import post_save

    from uppfolj.web.models import UserRole

    assert post_save.has_listeners(UserRole)
