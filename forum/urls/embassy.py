from django.urls import path

from forum.views import door, embassy

app_name = "embassy"
urlpatterns = [
    path("", embassy.forums, name="forums"),
    path("<slug:slug>/attendees/", embassy.attendees, name="attendees"),
    path("<slug:slug>/attendees/export.<str:fmt>", embassy.export, name="export"),
    path("<slug:slug>/badges/", embassy.badge_options, name="badge_options"),
    path("<slug:slug>/badges.pdf", embassy.badges, name="badges"),
    path("<slug:slug>/attendees/<int:pk>/check-in/", embassy.check_in, name="check_in"),
    path("<slug:slug>/door/", door.door, name="door"),
    path("<slug:slug>/door/check-in/", door.door_check_in, name="door_check_in"),
    path("<slug:slug>/saved-lists/", embassy.save_profile, name="save_profile"),
    path("<slug:slug>/saved-lists/<int:pk>/delete/", embassy.delete_profile, name="delete_profile"),
]
