"""The permission matrix, generated from the URL configuration: every named URL × role × method.

A new view without a rule below fails `test_every_named_url_has_a_rule`.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.web.conftest import ROLES

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
    "row": ({**UNIT, "row": "KOS"}, {"GET": (200, 200, 200, 403, 302), "POST": (405, 405, 405, 403, 302)}),
    "ledger": ({**UNIT, "account": "5011"}, {"GET": (200, 200, 200, 403, 302), "POST": (405, 405, 405, 403, 302)}),
    "download": ({**PERIOD, "fmt": "json"}, {"GET": (200, 200, 200, 403, 302), "POST": (405, 405, 405, 403, 302)}),
    "period": (PERIOD, {"GET": (200, 403, 403, 403, 302), "POST": (302, 403, 403, 403, 302)}),
    "api-report": (PERIOD, {"GET": (200, 200, 200, 403, 401), "POST": (405, 405, 405, 405, 405)}),
    "log": ({}, {"GET": (200, 403, 403, 403, 302), "POST": (405, 403, 403, 403, 302)}),
    "imports": ({}, {"GET": (200, 403, 403, 403, 302), "POST": (400, 403, 403, 403, 302)}),
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
