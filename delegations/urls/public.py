from django.urls import path

from delegations.views import public

app_name = "delegations"
urlpatterns = [
    path("delegations/<slug:slug>/", public.delegation_detail, name="detail"),
    path("partnerships/", public.partnerships, name="partnerships"),
]
