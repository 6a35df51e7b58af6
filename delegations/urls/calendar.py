from django.urls import path

from delegations.views import me

app_name = "calendar"
urlpatterns = [path("<str:token>.ics", me.feed, name="feed")]
