from django.urls import path

from delegations.views import public, report

app_name = "delegations"
urlpatterns = [
    path("delegations/<slug:slug>/", public.delegation_detail, name="detail"),
    path("delegations/<slug:slug>/report.pdf", report.public_pdf, name="report_pdf"),
    path("partnerships/", public.partnerships, name="partnerships"),
]
