"""A realistic synthetic municipal ledger: organisation, ledger rows, budgets, volumes and the
budget holders' forecast rounds of a Swedish municipality's social services, deterministic from a
seed, in exact öre. Pure: it imports only `uppfolj.core`.

    spec = bench_spec()                  # or a MunicipalitySpec of your own
    muni = simulate(spec)                # months per cost centre and account, budgets, volumes, forecasts
    nodes = organisation(spec)           # NodeSpecs of the organisation tree
    rows = ledger(muni)                  # an iterator of LedgerRecords
    budget = muni.budget_records()       # an iterator of BudgetRecords
    muni.volume_records, muni.forecast_records
"""

from uppfolj.synth.allot import allot
from uppfolj.synth.bench import bench_spec
from uppfolj.synth.ledger import ledger
from uppfolj.synth.model import Municipality, organisation
from uppfolj.synth.simulate import simulate
from uppfolj.synth.spec import DepartmentSpec, Kind, MunicipalitySpec, UnitSpec

__all__ = ["DepartmentSpec", "Kind", "Municipality", "MunicipalitySpec", "UnitSpec", "allot", "bench_spec", "ledger",
           "organisation", "simulate"]
