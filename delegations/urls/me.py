app_name = "me"
urlpatterns: list = []
