"""The gift register and its export; included in the staff URLs (names staff:…)."""

from django.urls import path

from delegations.views import gifts

urlpatterns = [
    path("gifts/", gifts.register, name="gift_register"),
    path("gifts/register.<str:fmt>", gifts.register_export, name="gift_register_export"),
]
