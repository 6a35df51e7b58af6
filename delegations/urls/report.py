"""The trip report's staff pages; included in the staff URLs (names staff:…)."""

from django.urls import path

from delegations.views import report

urlpatterns = [
    path("trips/<slug:slug>/report/", report.preview, name="report"),
    path("trips/<slug:slug>/report/consents/", report.consents, name="report_consents"),
    path("trips/<slug:slug>/report/publish/", report.publish, name="report_publish"),
]
