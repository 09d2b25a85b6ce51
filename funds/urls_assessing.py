"""Addresses of Assessors' and fund administrators' pages on applications, included by funds/urls.py.

A round's queue and ranking under /funds/manage/rounds/<id>/applications/ and /ranking/; one application's case
and each step on it under /funds/manage/applications/<id>/; an assessor's own queue, declaration and scores
under /funds/assess/.
"""

from django.urls import path

from . import views_assessing as views

urlpatterns: list = [
    path("manage/rounds/<int:round_id>/applications/", views.round_applications, name="manage-round-applications"),
    path("manage/rounds/<int:round_id>/ranking/", views.round_ranking, name="manage-round-ranking"),
    # One application's case.
    path("manage/applications/<int:pk>/", views.application_case, name="manage-application"),
    path("manage/applications/<int:pk>/files/<int:answer_id>/", views.answer_file, name="manage-answer-file"),
    path("manage/applications/<int:pk>/assessors/", views.assessor_assign_page, name="manage-assign"),
    path("manage/applications/<int:pk>/moderate/<int:criterion_id>/", views.moderation_page,
         name="manage-moderate"),
    path("manage/applications/<int:pk>/recommend/", views.recommend_page, name="manage-recommend"),
    path("manage/applications/<int:pk>/approve/", views.approve_page, name="manage-approve"),
    path("manage/applications/<int:pk>/reject/", views.reject_page, name="manage-reject"),
    path("manage/applications/<int:pk>/second-approval/", views.second_approval_page,
         name="manage-second-approval"),
    path("manage/applications/<int:pk>/second-approval/return/", views.second_approval_return_page,
         name="manage-second-approval-return"),
    # After the award.
    path("manage/applications/<int:pk>/payments/", views.payments_page, name="manage-payments"),
    path("manage/applications/<int:pk>/tranches/", views.tranches_page, name="manage-tranches"),
    path("manage/applications/<int:pk>/tranches/<int:tranche_id>/release/", views.tranche_release_page,
         name="manage-tranche-release"),
    path("manage/applications/<int:pk>/reports/", views.reports_schedule_page, name="manage-reports-schedule"),
    path("manage/applications/<int:pk>/reports/<int:report_id>/", views.report_review_page,
         name="manage-report-review"),
    path("manage/applications/<int:pk>/variations/<int:variation_id>/", views.variation_decide_page,
         name="manage-variation"),
    path("manage/applications/<int:pk>/underspend/", views.underspend_page, name="manage-underspend"),
    path("manage/applications/<int:pk>/clawback/", views.clawback_page, name="manage-clawback"),
    path("manage/applications/<int:pk>/clawbacks/<int:clawback_id>/received/", views.clawback_received_page,
         name="manage-clawback-received"),
    # An assessor's own work.
    path("assess/", views.assess_queue, name="assess"),
    path("assess/<int:pk>/declare/", views.conflict_declare_page, name="assess-declare"),
    path("assess/<int:pk>/score/", views.scores_page, name="assess-score"),
]
