from django.urls import path

from delegations.views import shared

app_name = "shared"
urlpatterns = [path("<str:token>/", shared.itinerary, name="itinerary")]
