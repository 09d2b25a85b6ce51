"""Addresses of co-design and participatory budgets: pages under /services/co-design/, API under /api/v1/."""

from django.urls import path

from . import views, views_officers
from .api import api_urlpatterns  # noqa: F401  (the API's routes, mounted under /api/v1/)
from .models import ContributionKind

# Ideas and proposals share their pages, told apart by the address's segment.
CONTRIBUTIONS = [("ideas", ContributionKind.IDEA, "idea"), ("proposals", ContributionKind.PROPOSAL, "proposal")]

# The fixed addresses come before a process's own (process_create never gives a process these slugs).
urlpatterns = [
    path("", views.process_list, name="codesign-list"),
    path("officers/", views_officers.officer_home, name="codesign-officers"),
    path("officers/new/", views_officers.process_new, name="codesign-process-new"),
    path("<slug:slug>/", views.process_detail, name="codesign-process"),
    path("<slug:slug>/follow/", views.process_follow, name="codesign-follow"),
    path("<slug:slug>/ideas/new/", views.idea_new, name="codesign-idea-new"),
    path("<slug:slug>/proposals/new/", views.proposal_new, name="codesign-proposal-new"),
    *[route for segment, kind, name in CONTRIBUTIONS for route in (
        path(f"<slug:slug>/{segment}/", views.contribution_list, {"kind": kind}, name=f"codesign-{segment}"),
        path(f"<slug:slug>/{segment}/<int:pk>/", views.contribution_detail, {"kind": kind}, name=f"codesign-{name}"),
        path(f"<slug:slug>/{segment}/<int:pk>/comment/", views.contribution_comment, {"kind": kind},
             name=f"codesign-{name}-comment"),
        path(f"<slug:slug>/{segment}/<int:pk>/comments/<int:comment>/reply/", views.comment_reply, {"kind": kind},
             name=f"codesign-{name}-reply"),
        path(f"<slug:slug>/{segment}/<int:pk>/report/", views.contribution_report, {"kind": kind},
             name=f"codesign-{name}-report"),
        path(f"<slug:slug>/{segment}/<int:pk>/comments/<int:comment>/report/", views.comment_report,
             {"kind": kind}, name=f"codesign-{name}-comment-report"),
    )],
    path("<slug:slug>/proposals/<int:pk>/edit/", views.proposal_edit, name="codesign-proposal-edit"),
    path("<slug:slug>/proposals/<int:pk>/support/", views.proposal_support, name="codesign-support"),
    path("<slug:slug>/proposals/<int:pk>/co-authors/", views.proposal_coauthors, name="codesign-coauthors"),
    path("<slug:slug>/proposals/<int:pk>/co-authors/answer/", views.proposal_coauthor_answer,
         name="codesign-coauthor-answer"),
    path("<slug:slug>/vote/", views.ballot, name="codesign-ballot"),
    path("<slug:slug>/vote/total/", views.ballot_total, name="codesign-ballot-total"),
    path("<slug:slug>/results/", views.results, name="codesign-results"),
    path("<slug:slug>/results/ballots.json", views.results_json, name="codesign-results-json"),
    path("<slug:slug>/results/ballots.csv", views.results_csv, name="codesign-results-csv"),
    path("<slug:slug>/accountability/", views.accountability, name="codesign-accountability"),
    # Officers of the service's council.
    path("<slug:slug>/manage/", views_officers.manage, name="codesign-manage"),
    path("<slug:slug>/manage/details/", views_officers.manage_details, name="codesign-manage-details"),
    path("<slug:slug>/manage/budget/", views_officers.manage_budget, name="codesign-manage-budget"),
    path("<slug:slug>/manage/phases/add/", views_officers.phase_add_page, name="codesign-phase-add"),
    path("<slug:slug>/manage/phases/next/", views_officers.phase_next_page, name="codesign-phase-next"),
    path("<slug:slug>/manage/phases/<int:pk>/", views_officers.phase_edit_page, name="codesign-phase-edit"),
    path("<slug:slug>/manage/phases/<int:pk>/remove/", views_officers.phase_remove_page,
         name="codesign-phase-remove"),
    path("<slug:slug>/manage/publish/", views_officers.publish_page, name="codesign-publish"),
    path("<slug:slug>/manage/close/", views_officers.close_page, name="codesign-close"),
    path("<slug:slug>/manage/moderation/", views_officers.moderation, name="codesign-moderation"),
    *[path(f"<slug:slug>/manage/moderation/{what}/<int:pk>/hide/", views_officers.hide_page, {"what": what},
           name=f"codesign-hide-{what}") for what in ("idea", "proposal", "comment")],
    *[path(f"<slug:slug>/manage/moderation/{what}/<int:pk>/restore/", views_officers.restore_page, {"what": what},
           name=f"codesign-restore-{what}") for what in ("idea", "proposal", "comment")],
    path("<slug:slug>/manage/moderation/reports/", views_officers.reports_page, name="codesign-reports"),
    *[path(f"<slug:slug>/manage/moderation/reports/{what}/<int:pk>/dismiss/", views_officers.dismiss_page,
           {"what": what}, name=f"codesign-dismiss-{what}") for what in ("idea", "proposal", "comment")],
    path("<slug:slug>/manage/responses/", views_officers.responses, name="codesign-responses"),
    path("<slug:slug>/manage/responses/<int:pk>/", views_officers.respond_page, name="codesign-respond"),
    path("<slug:slug>/manage/result/", views_officers.result_page, name="codesign-result"),
    path("<slug:slug>/manage/result/compute/", views_officers.result_compute_page, name="codesign-result-compute"),
    path("<slug:slug>/manage/result/publish/", views_officers.result_publish_page, name="codesign-result-publish"),
    path("<slug:slug>/manage/accountability/", views_officers.follow_ups_page, name="codesign-follow-ups"),
    path("<slug:slug>/manage/accountability/<int:pk>/", views_officers.follow_up_page, name="codesign-follow-up"),
]
