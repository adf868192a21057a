"""The deadline-day city for the load run, written into the database of UPPFOLJ_DB.

    UPPFOLJ_DB=postgresql://... .venv/bin/python bench/load/setup_data.py [--rows N] [--holders N]

A seeded organisation (root SOC, 20 departments, N units E000.. each with its own cost centre),
a budget over 40 accounts, ledger rows over 2023 and 2024 months 1-6 through the import services,
the month 2024-06 opened, and the users of the scenario created directly through Django: one
budget holder per unit (b000 -> E000 ...), 5 controllers (ekonom1..5), one committee reader
(namnd1), all with the password PASSWORD. Prints one line describing the data.
"""

# ruff: noqa: PLC0415 - Django is configured from the environment first; imports follow

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # bench/: bench_web's city loader

YEAR, MONTH = 2024, 6
PASSWORD = "last-prov-2024"
CONTROLLERS = 5
SEED = 2026


def organisation_csv(path: Path, units: int) -> list[str]:
    """Root, 20 departments, `units` units each owning one cost centre; returns the centres."""
    centres = [f"{10000 + i}" for i in range(units)]
    lines = ["kod;namn;overordnad;ansvar", "SOC;Socialtjänsten;;"]
    lines += [f"AVD{d:02d};Avdelning {d};SOC;" for d in range(1, 21)]
    lines += [f"E{u:03d};Enhet {u};AVD{u % 20 + 1:02d};{centres[u]}" for u in range(units)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return centres


def build(rows: int, holders: int) -> str:
    import django

    django.setup()
    from bench_web import load_city
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from uppfolj.web.domain.periods import open_period
    from uppfolj.web.domain.users import create_demo_users
    from uppfolj.web.models import OrgUnit, Role, UserRole

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="uppfolj-load-") as folder:
        org = Path(folder) / "organisation.csv"
        centres = organisation_csv(org, holders)
        with transaction.atomic():
            budget_rows, ledger_rows = load_city(org, centres, rows, rng, "load")
    create_demo_users()
    model = get_user_model()
    hashed = make_password(PASSWORD)  # one hash for all: 306 Argon2 hashes would take a minute
    with transaction.atomic():
        people = ([(f"b{u:03d}", Role.BUDGET_HOLDER, f"E{u:03d}") for u in range(holders)]
                  + [(f"ekonom{i}", Role.CONTROLLER, "") for i in range(1, CONTROLLERS + 1)]
                  + [("namnd1", Role.READER, "")])
        model.objects.bulk_create([model(username=name, password=hashed, first_name=name) for name, _, _ in people])
        users = {u.username: u for u in model.objects.filter(username__in=[p[0] for p in people])}
        roles = UserRole.objects.bulk_create([UserRole(user=users[name], role=role) for name, role, _ in people])
        units = {u.code: u for u in OrgUnit.objects.filter(tree="organisation")}
        through = UserRole.units.through
        through.objects.bulk_create([through(userrole_id=r.pk, orgunit_id=units[code].pk)
                                     for r, (_, _, code) in zip(roles, people, strict=True) if code])
        open_period(YEAR, MONTH, deadline=dt.date(YEAR, MONTH + 1, 10), user=model.objects.get(username="ekonom"))
    return (f"{ledger_rows} ledger rows, {budget_rows} budget rows, {len(units)} units, {len(people)} users; "
            f"set up in {time.perf_counter() - started:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--holders", type=int, default=300)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppfolj.web.settings")
    print(build(args.rows, args.holders), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
