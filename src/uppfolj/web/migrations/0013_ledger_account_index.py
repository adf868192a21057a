"""The drill-down's index on PostgreSQL: ledger rows by (year, account, cost centre, month).

The page behind a report cell lists one account's rows over a unit's cost centres for months
1..M. With only `ledger_scope` (year, month, cost centre), PostgreSQL reads the whole year to
find them: 2.5 M rows in a large city, seconds per page. With this index it reads the matching
rows only (bench/RESULTS.md, "Ten years on PostgreSQL").

PostgreSQL only: on SQLite the extra index costs the bulk import two to three times its time
(2 M rows inserted in random key order), while a year of SQLite-sized ledger is read fast
enough without it. It is not declared on the model for the same reason, so Django's autodetector
neither adds nor removes it. On a large existing ledger the migration builds the index once
(about 20 s per 25 M rows on two cores), blocking imports, not reads, while it runs.
"""

from django.db import migrations

INDEX = "ledger_account"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("uppfolj", "LedgerRow")._meta.db_table
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "{table}" ("year", "account", "cost_centre", "month")'
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("uppfolj", "0012_figures_version_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
