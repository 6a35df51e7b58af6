"""Partner pages, briefings and trip costs; included in the staff URLs (names staff:…)."""

from django.urls import path

from delegations.views import partners

urlpatterns = [
    path("partners/<int:pk>/", partners.partner, name="partner"),
    path(
        "trips/<slug:slug>/briefing/<int:organisation>/",
        partners.briefing,
        name="briefing",
    ),
    path(
        "trips/<slug:slug>/briefing/<int:organisation>/briefing.pdf",
        partners.briefing_pdf,
        name="briefing_pdf",
    ),
    path("trips/<slug:slug>/costs.<str:fmt>", partners.trip_costs, name="trip_costs"),
]
