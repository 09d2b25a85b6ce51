"""Addresses of the Community Right to Challenge: pages under /services/challenges/, API under /api/v1/."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("", views.challenge_list, name="challenge-list"),
    path("start/", views.challenge_start, name="challenge-start"),
    path("yours/", views.challenge_yours, name="challenge-yours"),
    path("council/", views.challenge_queue, name="challenge-queue"),
    path("council/windows/", views.window_services, name="challenge-window-services"),
    path("council/windows/<int:service_pk>/", views.window_list, name="challenge-windows"),
    path("council/windows/<int:service_pk>/<int:window_pk>/remove/", views.window_remove,
         name="challenge-window-remove"),
    path("<int:pk>/", views.challenge_detail, name="challenge-detail"),
    path("<int:pk>/follow/", views.challenge_follow, name="challenge-follow"),
    path("<int:pk>/tasks/", views.challenge_tasks, name="challenge-tasks"),
    path("<int:pk>/body/", views.challenge_body, name="challenge-body"),
    path("<int:pk>/answers/<slug:section>/", views.challenge_answers, name="challenge-answers"),
    path("<int:pk>/check/", views.challenge_check, name="challenge-check"),
    path("<int:pk>/modification/", views.challenge_modification, name="challenge-modification"),
    path("<int:pk>/council/", views.challenge_review, name="challenge-review"),
    path("<int:pk>/council/modify/", views.challenge_modify, name="challenge-modify"),
    path("<int:pk>/council/accept/", views.challenge_accept, name="challenge-accept"),
    path("<int:pk>/council/reject/", views.challenge_reject, name="challenge-reject"),
]

api_urlpatterns = api.api_urlpatterns
