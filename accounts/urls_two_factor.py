from django.urls import path

from accounts.views import two_factor

app_name = "two_factor"
urlpatterns = [path("", two_factor.verify, name="verify")]
