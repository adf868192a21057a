"""`uppfolj backup` and `uppfolj restore`: thin handlers over `uppfolj.web.domain.backup`.

Both run without the usual schema check: a backup copies the database as it is, and a restore
must find the target as the user left it (a fresh database is not migrated first); after the
restore, a backup from an older version is migrated to the current one.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.db import OperationalError

from uppfolj.cli.database import migrate, pending_migrations
from uppfolj.core.errors import UserError, is_disk_full
from uppfolj.core.format import number
from uppfolj.web.domain import backup
from uppfolj.web.rules import SYSTEM


def _size(size: int) -> str:
    return f"{number(Decimal(size) / 1_000_000, 1, space=' ')} MB"


@contextmanager
def _reachable() -> Iterator[None]:
    """A database that cannot be reached (or refuses the user) in one line, not a traceback."""
    try:
        yield
    except OperationalError as error:
        if is_disk_full(error):
            raise
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise UserError(f"databasen går inte att nå: {first}") from None


def run_backup(args: argparse.Namespace) -> int:
    with _reachable():
        made = backup.backup_database(Path(args.output), user=SYSTEM)
    print(f"Säkerhetskopian är skriven: {made.path} ({backup.ENGINE_NAMES[made.engine]}, {_size(made.size)}, "
          f"SHA-256 {made.sha256[:12]}…).")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    with _reachable():
        restored, replaced = backup.restore_database(Path(args.file), force=args.force)
        migrated = bool(pending_migrations())
        if migrated:
            migrate()
        backup.log_restore(restored, replaced=replaced, user=SYSTEM)
    print(f"Databasen är återställd från {restored.path.name}"
          + (" och uppdaterad till aktuell version." if migrated else "."))
    return 0
