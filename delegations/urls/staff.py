from django.urls import include, path

from delegations.views import handoff, trips

app_name = "staff"
urlpatterns = [
    path("trips/<slug:slug>/", trips.trip, name="trip"),
    path("trips/<slug:slug>/print/", trips.trip_print, name="trip_print"),
    path("trips/<slug:slug>/trip.pdf", trips.trip_pdf, name="trip_pdf"),
    path("trips/<slug:slug>/itineraries.pdf", trips.itineraries_pdf, name="itineraries_pdf"),
    path("trips/<slug:slug>/trip.ics", trips.trip_ics, name="trip_ics"),
    path("trips/<slug:slug>/move/", trips.trip_move, name="trip_move"),
    path("trips/<slug:slug>/handoff/", handoff.packs, name="handoff"),
    path("trips/<slug:slug>/handoff/<int:pk>/", handoff.pack, name="handoff_pack"),
    path("trips/<slug:slug>/handoff/<int:pk>/pack.xlsx", handoff.pack_xlsx, name="handoff_xlsx"),
    path("trips/<slug:slug>/handoff/<int:pk>/pack.pdf", handoff.pack_pdf, name="handoff_pdf"),
    path("", include("delegations.urls.partners")),
    path("", include("delegations.urls.report")),
    path("", include("delegations.urls.protocol")),
    path("", include("delegations.urls.cars")),
    path("", include("delegations.urls.gifts")),
]
