"""URL configuration. The addresses under "Web addresses" in the contract are stable."""

from django.contrib import admin
from django.urls import path

from uppfolj.web.views import (
    accuracy,
    admin_views,
    auth,
    goals,
    investments,
    key_figures,
    overview,
    periods,
    reports,
    unit,
    users,
)

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("konto/", auth.account, name="account"),
    path("konto/losenord/", users.password_change, name="password-change"),
    path("konto/lank/<str:token>/", users.login_link, name="login-link"),
    path("anvandare/", users.users_page, name="users"),
    path("anvandare/<str:username>/lank/", users.new_link, name="user-link"),
    path("uppfoljning/<int:year>/<int:month>/", overview.overview, name="overview"),
    path("uppfoljning/<int:year>/<int:month>/<str:code>/", unit.unit_page, name="unit"),
    path("uppfoljning/<int:year>/<int:month>/<str:code>/granskning/", unit.review, name="review"),
    path("uppfoljning/<int:year>/<int:month>/<str:code>/forslag/", unit.accept_proposal, name="accept-proposal"),
    path("uppfoljning/<int:year>/<int:month>/<str:code>/volymer/", unit.save_volumes, name="volumes"),
    path("uppfoljning/<int:year>/<int:month>/<str:code>/rad/<str:row>/", unit.row_detail, name="row"),
    path("uppfoljning/<int:year>/<int:month>/<str:code>/konto/<str:account>/", unit.ledger, name="ledger"),
    path("rapport/<int:year>/<int:month>.<str:fmt>", reports.download, name="download"),
    path("perioder/<int:year>/<int:month>/", periods.period, name="period"),
    path("prognossakerhet/<int:year>/", accuracy.accuracy, name="accuracy"),
    path("nyckeltal/", key_figures.key_figures, name="key-figures"),
    path("mal/<int:year>/", goals.goals_page, name="goals"),
    path("risker/<int:year>/", goals.risks_page, name="risks"),
    path("investeringar/<int:year>/", investments.investments, name="investments"),
    path("api/v1/rapport/<int:year>/<int:month>.json", reports.api_report, name="api-report"),
    path("logg/", admin_views.audit_log, name="log"),
    path("import/", admin_views.imports, name="imports"),
    path("installningar/dokument/", admin_views.document_settings, name="document-settings"),
    path("admin/", admin.site.urls),
]
