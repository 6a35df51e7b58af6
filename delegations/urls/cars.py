"""A trip's car plan; included in the staff URLs (names staff:…)."""

from django.urls import path

from delegations.views import cars

urlpatterns = [
    path("trips/<slug:slug>/cars/", cars.car_plan, name="cars"),
    path("trips/<slug:slug>/cars/print/", cars.car_plan_print, name="cars_print"),
    path("trips/<slug:slug>/cars/cars.pdf", cars.car_plan_pdf, name="cars_pdf"),
    path("trips/<slug:slug>/cars/<int:pk>/fill/", cars.car_plan_fill, name="cars_fill"),
    path("trips/<slug:slug>/cars/<int:pk>/seat/", cars.car_plan_seat, name="cars_seat"),
]
