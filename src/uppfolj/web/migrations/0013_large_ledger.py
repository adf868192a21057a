"""Ten years of a large city's ledger (bench/RESULTS.md, "Ten years on PostgreSQL").

On every database: the budget's report index takes the amount, so that the report's budget sums
are read from the index alone.

On PostgreSQL only: the drill-down's index, and autovacuum of the ledger after every month's
import. The index: ledger rows by (year, account, cost centre, month).
The page behind a report cell lists one account's rows over a unit's cost centres for months
1..M. With only `ledger_scope` (year, month, cost centre), PostgreSQL reads the whole year to
find them: 2.5 M rows in a large city, seconds per page. With this index it reads the matching
rows only (bench/RESULTS.md, "Ten years on PostgreSQL").

PostgreSQL only: on SQLite the extra index costs the bulk import two to three times its time
(2 M rows inserted in random key order), while a year of SQLite-sized ledger is read fast
enough without it. It is not declared on the model for the same reason, so Django's autodetector
neither adds nor removes it. On a large existing ledger the migration builds the index once
(about 20 s per 25 M rows on two cores), blocking imports, not reads, while it runs.

Autovacuum: by default PostgreSQL vacuums a table when a fifth of it has changed. Loading a month
again deletes and inserts some 200,000 of a large city's 25 M ledger rows (under 1 %), so the
dead rows of twenty-five loads would pile up before a vacuum, and the new rows stay out of the
visibility map that index-only scans need. At 1 % of the table (2 % for the smaller balances)
the tables are vacuumed and analysed after about every month's load.
"""

from django.db import migrations, models

INDEX = "ledger_account"
AUTOVACUUM = {
    "LedgerRow": "autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01, "
    "autovacuum_analyze_scale_factor = 0.01",
    "MonthlyBalance": "autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02, "
    "autovacuum_analyze_scale_factor = 0.02",
}


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("uppfolj", "LedgerRow")._meta.db_table
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "{table}" ("year", "account", "cost_centre", "month")'
    )
    for model, options in AUTOVACUUM.items():
        schema_editor.execute(f'ALTER TABLE "{apps.get_model("uppfolj", model)._meta.db_table}" SET ({options})')


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')
    for model, options in AUTOVACUUM.items():
        names = ", ".join(option.split("=")[0].strip() for option in options.split(","))
        schema_editor.execute(f'ALTER TABLE "{apps.get_model("uppfolj", model)._meta.db_table}" RESET ({names})')


class Migration(migrations.Migration):
    dependencies = [
        ("uppfolj", "0012_figures_version_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="budgetline", name="budget_report"),
        migrations.AddIndex(
            model_name="budgetline",
            index=models.Index(fields=["year", "cost_centre", "account", "month", "amount"], name="budget_report"),
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
