"""Addresses of an active pop-up parish's own pages, under /parishes/<slug>/."""

from django.urls import path

from . import views_active as views

urlpatterns: list = [
    path("<slug:slug>/members/", views.members, name="parish-members"),
    path("<slug:slug>/members/join/", views.join, name="parish-join"),
    path("<slug:slug>/members/leave/", views.leave, name="parish-leave"),
    path("<slug:slug>/officers/", views.officers, name="parish-officers"),
    path("<slug:slug>/officers/appoint/", views.appoint, name="parish-appoint"),
    path("<slug:slug>/officers/stand-down/", views.stand_down, name="parish-stand-down"),
    path("<slug:slug>/meetings/", views.meetings, name="parish-meetings"),
    path("<slug:slug>/meetings/new/", views.meeting_new, name="parish-meeting-new"),
    path("<slug:slug>/meetings/<int:pk>/", views.meeting, name="parish-meeting"),
    path("<slug:slug>/meetings/<int:pk>/agenda/", views.meeting_agenda, name="parish-meeting-agenda"),
    path("<slug:slug>/meetings/<int:pk>/minutes/", views.meeting_minutes, name="parish-meeting-minutes"),
    path("<slug:slug>/meetings/<int:pk>/cancel/", views.meeting_cancel_page, name="parish-meeting-cancel"),
    path("<slug:slug>/meetings/<int:pk>/decisions/new/", views.decision_new, name="parish-decision-new"),
    path("<slug:slug>/decisions/", views.decisions, name="parish-decisions"),
    path("<slug:slug>/decisions/<int:pk>/", views.decision, name="parish-decision"),
    path("<slug:slug>/budget/", views.budget, name="parish-budget"),
    path("<slug:slug>/budget/spending.csv", views.spending_csv, name="parish-spending-csv"),
    path("<slug:slug>/budget/spend/", views.spend, name="parish-spend"),
    path("<slug:slug>/budget/delegate/", views.delegate, name="parish-delegate"),
    path("<slug:slug>/renewal/", views.renewal, name="parish-renewal"),
    path("<slug:slug>/renewal/request/", views.renewal_new, name="parish-renewal-request"),
    path("<slug:slug>/renewal/<int:pk>/decide/", views.renewal_decide_page, name="parish-renewal-decide"),
    path("<slug:slug>/evaluation/", views.evaluation, name="parish-evaluation"),
    path("<slug:slug>/evaluation/publish/", views.evaluation_edit, name="parish-evaluation-publish"),
]
