from django.urls import path

from forum.views import public

app_name = "forum"
urlpatterns = [
    path("", public.home, name="home"),
    path("programme/", public.current_programme, name="current_programme"),
    path("forum/<slug:slug>/", public.programme, name="programme"),
    path("forum/<slug:slug>/sessions/<int:pk>/", public.session_detail, name="session"),
    path("forum/<slug:slug>/sessions/<int:pk>/attend/", public.attend, name="attend"),
    path("forum/<slug:slug>/sessions/<int:pk>/leave/", public.leave, name="leave"),
    path("forum/<slug:slug>/speakers/", public.speakers, name="speakers"),
]
