"""URLs of organisations: pages here, its API in api_urlpatterns (mounted under /api/v1/)."""

from django.urls import path

from . import api, views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("register/", views.register_type, name="register"),
    path("register/<str:organisation_type>/", views.register_details, name="register_details"),
    path("yours/", views.mine, name="mine"),
    path("verification/", views.verification_queue, name="verification_queue"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/edit/type/", views.edit_type, name="edit_type"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/invite/", views.invite, name="invite"),
    path("<int:pk>/members/<int:membership_pk>/roles/", views.member_roles, name="member_roles"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/invitations/<int:invitation_pk>/resend/", views.invitation_resend, name="invitation_resend"),
    path("<int:pk>/invitations/<int:invitation_pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/suspend/", views.suspend, name="suspend"),
]

api_urlpatterns = [
    path("organisations/", api.OrganisationListCreate.as_view(), name="organisation-list"),
    path("organisations/<int:pk>/", api.OrganisationDetail.as_view(), name="organisation-detail"),
    path("organisations/<int:pk>/members/", api.OrganisationMembers.as_view(), name="organisation-members"),
]
