from django.urls import path

from delegations.views import documents

app_name = "documents"
urlpatterns = [
    path("invitations/<int:pk>/letter", documents.invitation_letter, name="invitation_letter"),
    path(
        "partnership-documents/<int:pk>/file",
        documents.partnership_document,
        name="partnership_document",
    ),
    path("gifts/<int:pk>/photo", documents.gift_photo, name="gift_photo"),
]
