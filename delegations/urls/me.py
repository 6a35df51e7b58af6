from django.urls import path

from delegations.views import me, shared

app_name = "me"
urlpatterns = [
    path("", me.itinerary, name="itinerary"),
    path("print/", me.print_view, name="print"),
    path("itinerary.pdf", me.pdf, name="pdf"),
    path("calendar-link/", me.calendar_token, name="calendar_token"),
    path("shared-links/", shared.create, name="share"),
    path("shared-links/<int:pk>/stop/", shared.stop, name="stop_sharing"),
    path("memberships/<int:pk>/answer/", me.answer, name="answer"),
    path("memberships/<int:pk>/decline/", me.decline, name="decline"),
    path("staff/people/<int:pk>/", me.staff_person, name="staff_person"),
    path("staff/delegations/<slug:slug>/", me.staff_delegation, name="staff_delegation"),
]
