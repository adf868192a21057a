"""Web fixtures: the acceptance organisation loaded through the import services, and the demo users."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.conftest import ACCEPTANCE

CASE = ACCEPTANCE / "monthly-2024-03"
ROLES = ("controller", "holder", "reader", "admin", "anonymous")
USERNAMES = {"controller": "ekonom", "holder": "chef515", "reader": "namnd", "admin": "admin"}


def load_case(case: Path = CASE) -> None:
    """Import organisation, budget, actuals and forecasts exactly as `uppfolj import` does."""
    from uppfolj.cli.main import build_parser, execute

    for kind in ("organisation", "budget", "actuals", "forecasts"):
        with contextlib.redirect_stdout(io.StringIO()):
            code = execute(build_parser().parse_args(["import", kind, str(case / f"{kind}.csv")]))
        assert code == 0, kind


@pytest.fixture
def org(db: None, settings: Any) -> None:
    settings.AXES_ENABLED = False
    from uppfolj.web.domain.users import create_demo_users

    load_case()
    create_demo_users()


@pytest.fixture
def clients(org: None) -> dict[str, Client]:
    """A logged-in test client per role, and an anonymous one."""
    from django.contrib.auth import get_user_model

    out = {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(get_user_model().objects.get(username=USERNAMES[role]))
        out[role] = client
    return out


@pytest.fixture
def user(org: None) -> Any:
    from django.contrib.auth import get_user_model

    def get(role: str) -> Any:
        return get_user_model().objects.get(username=USERNAMES[role])

    return get
