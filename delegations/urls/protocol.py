"""Protocol pages of a trip: precedence, speaking order, name cards, banquet table plans;
included in the staff URLs (names staff:…)."""

from django.urls import path

from delegations.views import protocol

urlpatterns = [
    path("trips/<slug:slug>/protocol/", protocol.protocol, name="protocol"),
    path("trips/<slug:slug>/protocol/print/", protocol.protocol_print, name="protocol_print"),
    path(
        "trips/<slug:slug>/protocol/<str:kind>-cards.pdf",
        protocol.member_cards,
        name="name_cards",
    ),
    path("trips/<slug:slug>/banquets/<int:pk>/", protocol.table_plan, name="table_plan"),
    path(
        "trips/<slug:slug>/banquets/<int:pk>/print/",
        protocol.table_plan_print,
        name="table_plan_print",
    ),
    path(
        "trips/<slug:slug>/banquets/<int:pk>/plan.pdf",
        protocol.table_plan_pdf,
        name="table_plan_pdf",
    ),
    path(
        "trips/<slug:slug>/banquets/<int:pk>/<str:kind>-cards.pdf",
        protocol.table_plan_cards,
        name="table_plan_cards",
    ),
]
