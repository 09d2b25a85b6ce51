"""Addresses of the council officers' pages on pop-up parishes, under /parishes/council/, and of residents' part in
a review (comments in the consultation, proposers' answers) under the proposal's own address."""

from django.urls import path

from . import views_council as views

urlpatterns = [
    # The fixed addresses first: "electorate" and "powers" are reserved, so no proposal's review hides them.
    path("council/", views.council_queue, name="council"),
    path("council/electorate/", views.electorate_index, name="council-electorate"),
    path("council/electorate/<str:code>/", views.electorate_authority, name="council-electorate-authority"),
    path("council/electorate/<str:code>/record/", views.electorate_record_page, name="council-electorate-record"),
    path("council/electorate/<str:code>/import/", views.electorate_import_page, name="council-electorate-import"),
    path("council/powers/", views.powers_page, name="council-powers"),
    path("council/powers/<str:code>/add/", views.power_add_page, name="council-power-add"),
    path("council/<str:code>/map/", views.council_map, name="council-map"),
    # One proposal's review.
    path("council/<slug:slug>/", views.review_page, name="review"),
    path("council/<slug:slug>/start/", views.review_start_page, name="review-start"),
    path("council/<slug:slug>/decline/", views.review_decline_page, name="review-decline"),
    path("council/<slug:slug>/case-officer/", views.review_case_officer_page, name="review-case-officer"),
    path("council/<slug:slug>/checklist/<slug:key>/", views.review_checklist_page, name="review-checklist"),
    path("council/<slug:slug>/changes/", views.review_changes_page, name="review-changes"),
    path("council/<slug:slug>/consultation/open/", views.consultation_open_page, name="consultation-open"),
    path("council/<slug:slug>/consultation/respond/", views.consultation_respond_page, name="consultation-respond"),
    path("council/<slug:slug>/consultation/comments/<int:pk>/respond/", views.consultation_respond_page,
         name="consultation-respond-to"),
    path("council/<slug:slug>/consultation/comments/<int:pk>/hide/", views.consultation_hide_page,
         name="consultation-hide"),
    path("council/<slug:slug>/consultation/close/", views.consultation_close_page, name="consultation-close"),
    path("council/<slug:slug>/decision/", views.decision_page, name="decision"),
    path("council/<slug:slug>/decision/conditions/", views.decision_conditions_page, name="decision-conditions"),
    path("council/<slug:slug>/decision/check/", views.decision_check_page, name="decision-check"),
    # Residents' part, on the proposal's page.
    path("<slug:slug>/consultation/comment/", views.consultation_comment_page, name="comment"),
    path("<slug:slug>/changes/<int:pk>/answer/", views.change_answer_page, name="answer-changes"),
]
