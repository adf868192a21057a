"""The permission matrix, generated from the URL configuration: every named URL × role × method.

A new view without a rule below fails `test_every_named_url_has_a_rule`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import SIE_FILES
from tests.web.conftest import CASE, ROLES

PERIOD = {"year": 2024, "month": 3}
UNIT = {**PERIOD, "code": "515"}
OTHER_UNIT = {**PERIOD, "code": "516"}

# name -> (kwargs, {method: (controller, holder, reader, admin, anonymous)})
ALL_302 = (302, 302, 302, 302, 302)
MATRIX: dict[str, tuple[dict[str, Any], dict[str, tuple[int, ...]]]] = {
    "home": ({}, {"GET": ALL_302, "POST": (405, 405, 405, 405, 405)}),
    "login": ({}, {"GET": (200, 200, 200, 200, 200), "POST": (401, 401, 401, 401, 401)}),
    "logout": ({}, {"GET": (405, 405, 405, 405, 405), "POST": ALL_302}),
    "account": ({}, {"GET": (200, 200, 200, 200, 302), "POST": (200, 200, 200, 403, 302)}),
    "overview": (PERIOD, {"GET": (200, 200, 200, 403, 302), "POST": (405, 405, 405, 403, 302)}),
    "unit": (UNIT, {"GET": (200, 200, 200, 403, 302), "POST": (302, 302, 403, 403, 302)}),
    "review": (UNIT, {"GET": (405, 403, 403, 403, 302), "POST": (302, 403, 403, 403, 302)}),
    # No proposal is stored for the month: taking one is refused (409) for those who may edit.
    "accept-proposal": (UNIT, {"GET": (405, 405, 403, 403, 302), "POST": (409, 409, 403, 403, 302)}),
    "volumes": (UNIT, {"GET": (405, 405, 403, 403, 302), "POST": (302, 302, 403, 403, 302)}),
    # An empty goals form changes nothing (302 back); an empty risk form names no risk (400).
    "goals": ({"year": 2024}, {"GET": (200, 200, 200, 403, 302), "POST": (302, 403, 403, 403, 302)}),
    "risks": ({"year": 2024}, {"GET": (200, 200, 200, 403, 302), "POST": (400, 400, 403, 403, 302)}),
    "accuracy": ({"year": 2024}, {"GET": (200, 200, 200, 403, 302), "POST": (405, 405, 405, 403, 302)}),
    "key-figures": ({}, {"GET": (200, 200, 200, 403, 302), "POST": (405, 405, 405, 403, 302)}),
    # Everyone with figures reads the investments; only the controller changes them.
    "investments": ({"year": 2024}, {"GET": (200, 200, 200, 403, 302), "POST": (302, 403, 403, 403, 302)}),
    "row": ({**UNIT, "row": "KOS"}, {"GET": (200, 200, 200, 403, 302), "POST": (405, 405, 405, 403, 302)}),
    "ledger": ({**UNIT, "account": "5011"}, {"GET": (200, 200, 200, 403, 302), "POST": (405, 405, 405, 403, 302)}),
    "download": ({**PERIOD, "fmt": "json"}, {"GET": (200, 200, 200, 403, 302), "POST": (405, 405, 405, 403, 302)}),
    "period": (PERIOD, {"GET": (200, 403, 403, 403, 302), "POST": (302, 403, 403, 403, 302)}),
    "api-report": (PERIOD, {"GET": (200, 200, 200, 403, 401), "POST": (405, 405, 405, 405, 405)}),
    "log": ({}, {"GET": (200, 403, 403, 403, 302), "POST": (405, 403, 403, 403, 302)}),
    "imports": ({}, {"GET": (200, 403, 403, 403, 302), "POST": (400, 403, 403, 403, 302)}),
    "document-settings": ({}, {"GET": (200, 403, 403, 200, 302), "POST": (200, 403, 403, 200, 302)}),
    # Users: the administrator's page; a POST without a file is refused (400).
    "users": ({}, {"GET": (403, 403, 403, 200, 302), "POST": (403, 403, 403, 400, 302)}),
    "user-link": ({"username": "chef515"}, {"GET": (403, 403, 403, 405, 302), "POST": (403, 403, 403, 200, 302)}),
    # Everyone logged in changes their own password; an empty form is refused (400).
    "password-change": ({}, {"GET": (200, 200, 200, 200, 302), "POST": (400, 400, 400, 400, 302)}),
    # A one-time link that is no link: gone, whoever asks.
    "login-link": ({"token": "x:y:z"}, {"GET": (410, 410, 410, 410, 410), "POST": (410, 410, 410, 410, 410)}),
}
# Units the budget holder may not see: never their figures.
HIDDEN: dict[str, dict[str, Any]] = {
    "unit": OTHER_UNIT, "row": {**OTHER_UNIT, "row": "KOS"}, "ledger": {**OTHER_UNIT, "account": "5011"},
}
# The Django admin: only the administrator gets in; figures are not registered there at all.
ADMIN_NAMESPACE = "admin"


def named_urls(patterns: list[Any] | None = None, prefix: str = "") -> list[str]:
    out = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            out.extend(named_urls(p.url_patterns, ns))
        elif isinstance(p, URLPattern) and p.name:
            out.append(prefix + p.name)
    return out


def test_every_named_url_has_a_rule() -> None:
    missing = [n for n in named_urls() if n not in MATRIX and not n.startswith(ADMIN_NAMESPACE + ":")]
    assert missing == []


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(name: str, clients: dict[str, Any]) -> None:
    kwargs, methods = MATRIX[name]
    url = reverse(name, kwargs=kwargs)
    got = {}
    for method, expected in methods.items():
        for role, status in zip(ROLES, expected, strict=True):
            with transaction.atomic():
                response = getattr(clients[role], method.lower())(url)
                transaction.set_rollback(True)
            got[(method, role)] = (response.status_code, status)
    wrong = {k: v for k, v in got.items() if v[0] != v[1]}
    assert wrong == {}, f"{url}: (got, expected) {wrong}"


@pytest.mark.parametrize("name", sorted(HIDDEN))
def test_budget_holder_never_sees_other_units(name: str, clients: dict[str, Any]) -> None:
    url = reverse(name, kwargs=HIDDEN[name])
    assert clients["holder"].get(url).status_code == 404
    assert clients["holder"].post(url).status_code in (403, 404, 405)
    assert clients["controller"].get(url).status_code == 200


def test_budget_holder_download_of_other_unit_is_refused(clients: dict[str, Any]) -> None:
    url = reverse("download", kwargs={**PERIOD, "fmt": "json"}) + "?enhet=516"
    assert clients["holder"].get(url).status_code == 404


def test_admin_area_is_for_the_administrator_only(clients: dict[str, Any]) -> None:
    admin_names = [n for n in named_urls() if n.startswith(ADMIN_NAMESPACE + ":")]
    simple = []
    for name in admin_names:
        if name in ("admin:login", "admin:logout"):
            continue  # the admin's own login and logout pages are public by design
        try:
            simple.append(reverse(name))
        except NoReverseMatch:
            continue  # needs an object id; Django's own admin checks guard it
    assert reverse("admin:index") in simple
    for url in simple:
        for role in ("controller", "holder", "reader", "anonymous"):
            status = clients[role].get(url).status_code
            assert status in (302, 403, 404), (url, role, status)
    assert clients["admin"].get(reverse("admin:index")).status_code == 200
    assert clients["admin"].get(reverse("admin:uppfolj_userrole_changelist")).status_code == 200


@pytest.mark.parametrize("model", ["forecast", "ledgerrow", "monthlybalance", "budgetline", "unittext", "reason",
                                   "action", "auditentry"])
def test_figures_are_not_in_the_admin(model: str) -> None:
    with pytest.raises(NoReverseMatch):
        reverse(f"admin:uppfolj_{model}_changelist")


def test_error_pages_are_swedish(clients: dict[str, Any]) -> None:
    response = clients["controller"].get("/uppfoljning/2024/3/FINNS-EJ/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
    assert 'lang="sv"' in response.content.decode()


# --- the services: each write path asks the same rule table as the views --------------------------

SERVICE_ROLES = ("controller", "holder", "reader", "admin", "system")


def _services(tmp_path: Path) -> dict[str, tuple[Any, str | None, Callable[[Any], object]]]:
    """name -> (the rule it must obey, the unit it acts on, a call of it as a user)."""
    from uppfolj.core.choices import TreeKind
    from uppfolj.web.domain import accounts, imports, periods, workflow
    from uppfolj.web.domain.sie_import import import_sie
    from uppfolj.web.models import OrgUnit
    from uppfolj.web.rules import Act

    def unit(code: str) -> Any:
        return OrgUnit.objects.get(tree="organisation", code=code)

    def file(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    content = workflow.UnitContent(forecast=100)

    def accept(code: str, u: Any) -> object:
        from tests.web.forecast_data import store_proposals
        from uppfolj.web.domain.proposals import accept_proposal

        store_proposals(code)
        return accept_proposal(2024, 3, unit(code), content, row="KOS-PERS", version=0, user=u)

    def volumes(code: str, u: Any) -> object:
        from decimal import Decimal

        from uppfolj.web.domain.volumes import save_volumes
        from uppfolj.web.models import Measure

        Measure.objects.create(code="vardygn", name="Vårddygn", kind="summa")
        return save_volumes(2024, unit(code), {("vardygn", 3): Decimal(5)}, user=u)

    def investment(u: Any) -> object:
        from uppfolj.web.domain.investments import save_investment
        from uppfolj.web.models import Investment

        project = Investment.objects.create(year=2024, project="P1", name="Inventarier", budget=100)
        return save_investment(project, {"forecast": 90}, user=u)

    return {
        "save_investment": (Act.EDIT_INVESTMENTS, None, investment),
        "import_investments": (Act.IMPORT_LEDGER, None, lambda u: imports.import_investments(
            file("i.csv", "ar;projekt;namn;budget\n2024;P1;Inventarier;100\n"), user=u)),
        "accept_proposal 515": (Act.EDIT_UNIT, "515", lambda u: accept("515", u)),
        "accept_proposal 516": (Act.EDIT_UNIT, "516", lambda u: accept("516", u)),
        "save_volumes 515": (Act.EDIT_UNIT, "515", lambda u: volumes("515", u)),
        "save_volumes 516": (Act.EDIT_UNIT, "516", lambda u: volumes("516", u)),
        "save_draft 515": (Act.EDIT_UNIT, "515", lambda u: workflow.save_draft(2024, 3, unit("515"), content, version=0, user=u)),
        "save_draft 516": (Act.EDIT_UNIT, "516", lambda u: workflow.save_draft(2024, 3, unit("516"), content, version=0, user=u)),
        "approve": (Act.REVIEW, None, lambda u: workflow.approve(2024, 3, unit("515"), user=u)),
        "return": (Act.REVIEW, None, lambda u: workflow.return_with_comment(2024, 3, unit("515"), comment="x", user=u)),
        "open_period": (Act.MANAGE_PERIOD, None, lambda u: periods.open_period(2024, 3, user=u)),
        "lock_period": (Act.MANAGE_PERIOD, None, lambda u: periods.lock_period(2024, 3, user=u)),
        "import_actuals": (Act.IMPORT_LEDGER, None, lambda u: imports.import_actuals(
            file("a.csv", "period;ansvar;konto;belopp\n202403;5150;4610;1\n"), user=u)),
        "import_budget": (Act.IMPORT_LEDGER, None, lambda u: imports.import_budget(
            file("b.csv", "ar;ansvar;konto;belopp\n2024;5150;4610;12\n"), user=u)),
        "import_organisation": (Act.IMPORT_LEDGER, None, lambda u: imports.import_unit_tree(
            file("o.csv", (CASE / "organisation.csv").read_text(encoding="utf-8")), TreeKind.ORGANISATION, user=u)),
        "import_template": (Act.IMPORT_LEDGER, None, lambda u: imports.import_template(
            file("t.csv", "kod;namn;overordnad;konton\nKOS;Kostnader;;4*-7*\nINT;Intäkter;;3*\n"), user=u)),
        "import_sie": (Act.IMPORT_LEDGER, None, lambda u: import_sie(SIE_FILES / "kontek-lon_lonekorning_typ4I.SI", user=u)),
        "import_forecasts": (Act.IMPORT_TEXTS, None, lambda u: imports.import_forecasts(
            file("f.csv", "ar;manad;enhet;prognos\n2024;3;515;1000\n"), user=u)),
        "import_comments": (Act.IMPORT_TEXTS, None, lambda u: imports.import_texts(
            "comments", file("c.csv", "ar;manad;enhet;rubrik;text\n2024;3;515;Utfall;x\n"), user=u)),
        "import_users": (Act.ADMINISTER, None, lambda u: accounts.import_users(
            file("u.csv", "anvandarnamn;roll;enheter\nny.chef;Budgetansvarig;515\n"), user=u)),
        "create_login_link": (Act.ADMINISTER, None, lambda u: accounts.create_login_link(
            OrgUnit.objects.get(code="515").holders.get().user, actor=u)),
    }


@pytest.mark.parametrize("name", ["save_draft 515", "save_draft 516", "accept_proposal 515", "accept_proposal 516",
                                  "save_volumes 515", "save_volumes 516", "approve", "return", "open_period",
                                  "lock_period", "import_actuals", "import_budget", "import_organisation",
                                  "import_template", "import_sie", "import_forecasts", "import_comments",
                                  "save_investment", "import_investments"])
def test_service_permission_matrix(name: str, user: Any, tmp_path: Path) -> None:
    """Each service refuses exactly the roles (and units) the rule table refuses."""
    from uppfolj.web import rules

    act, unit_code, call = _services(tmp_path)[name]
    got, expected = {}, {}
    for role in SERVICE_ROLES:
        actor = rules.SYSTEM if role == "system" else user(role)
        with transaction.atomic():
            try:
                call(actor)
                outcome = "allowed"
            except rules.RefusedError:
                outcome = "refused"
            except Exception:
                outcome = "allowed"
            transaction.set_rollback(True)
        got[role] = outcome
        expected[role] = "allowed" if rules.can(actor, act, unit_code) else "refused"
    assert got == expected
    assert expected["admin"] == "refused" and expected["reader"] == "refused"


@pytest.mark.parametrize("name", ["import_users", "create_login_link"])
def test_user_services_are_the_administrators(name: str, user: Any, tmp_path: Path) -> None:
    """Users and links: the administrator and the command line, nobody else."""
    from uppfolj.web import rules

    _, _, call = _services(tmp_path)[name]
    got = {}
    for role in SERVICE_ROLES:
        actor = rules.SYSTEM if role == "system" else user(role)
        with transaction.atomic():
            try:
                call(actor)
                got[role] = "allowed"
            except rules.RefusedError:
                got[role] = "refused"
            transaction.set_rollback(True)
    assert got == {"controller": "refused", "holder": "refused", "reader": "refused", "admin": "allowed",
                   "system": "allowed"}


def test_the_rule_table_names_each_role() -> None:
    from uppfolj.web.models import Role
    from uppfolj.web.rules import RULES, SYSTEM_ROLE, Act

    table = {act.value: sorted(str(r) for r in rule.roles) for act, rule in RULES.items()}

    figures = sorted([Role.BUDGET_HOLDER.value, Role.CONTROLLER.value, Role.READER.value, SYSTEM_ROLE])
    control = sorted([Role.CONTROLLER.value, SYSTEM_ROLE])
    assert table == {
        Act.VIEW_FIGURES: figures, Act.USE_API: figures,
        Act.EDIT_UNIT: sorted([Role.BUDGET_HOLDER.value, Role.CONTROLLER.value, SYSTEM_ROLE]),
        Act.REVIEW: control, Act.MANAGE_PERIOD: control, Act.IMPORT_LEDGER: control, Act.IMPORT_TEXTS: control,
        Act.VIEW_LOG: control, Act.ADMINISTER: sorted([Role.ADMINISTRATOR.value, SYSTEM_ROLE]), Act.EDIT_GOALS: control,
        Act.EDIT_INVESTMENTS: control,
        Act.EDIT_RISKS: sorted([Role.BUDGET_HOLDER.value, Role.CONTROLLER.value, SYSTEM_ROLE]),
        Act.EDIT_SETTINGS: sorted([Role.ADMINISTRATOR.value, Role.CONTROLLER.value, SYSTEM_ROLE]),
    }
    assert [a for a, r in RULES.items() if r.open_month] == [Act.EDIT_UNIT, Act.REVIEW, Act.IMPORT_TEXTS]
    assert [a for a, r in RULES.items() if r.own_units] == [Act.VIEW_FIGURES, Act.EDIT_UNIT, Act.EDIT_RISKS]


def test_every_view_names_its_rule() -> None:
    """Views guard themselves with the rule table (or are the public login and the API's own check)."""
    from uppfolj.web.rules import Act

    seen = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLPattern) and pattern.name:
            act = getattr(pattern.callback, "required_act", "public")
            seen.add(act)
            if pattern.name not in ("home", "login", "logout", "api-report", "login-link"):
                assert act != "public", pattern.name
    assert {Act.VIEW_FIGURES, Act.REVIEW, Act.MANAGE_PERIOD, Act.VIEW_LOG, Act.IMPORT_LEDGER} <= seen
