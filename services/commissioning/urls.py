"""Addresses of public value commissioning: pages under /services/commissioning/, API under /api/v1/."""

from django.urls import path

from . import views, views_bids, views_evaluation, views_officers
from .api import api_urlpatterns  # noqa: F401  (the API's routes, mounted under /api/v1/)

# The fixed addresses come before an exercise's own (services.RESERVED_REFERENCES keeps references off them).
urlpatterns = [
    path("", views.exercise_list, name="commissioning-list"),
    path("manage/", views_officers.manage, name="commissioning-manage"),
    path("manage/new/", views_officers.exercise_new, name="commissioning-new"),
    path("evaluate/", views_evaluation.evaluations, name="commissioning-evaluations"),
    path("bids/", views_bids.your_bids, name="commissioning-bids"),
    path("bids/<int:pk>/", views_bids.bid_tasks, name="commissioning-bid"),
    path("bids/<int:pk>/organisation/", views_bids.bid_supplier, name="commissioning-bid-supplier"),
    path("bids/<int:pk>/answers/<int:criterion>/", views_bids.bid_answer_page, name="commissioning-bid-answer"),
    path("bids/<int:pk>/price/", views_bids.bid_price, name="commissioning-bid-price"),
    path("bids/<int:pk>/check/", views_bids.bid_check, name="commissioning-bid-check"),
    path("spend/<str:council>/", views.spend, name="commissioning-spend"),
    path("spend/<str:council>/awards.csv", views.spend_csv, name="commissioning-spend-csv"),
    path("spend/<str:council>/target/", views_officers.spend_target, name="commissioning-spend-target"),
    path("<slug:reference>/", views.exercise_detail, name="commissioning-exercise"),
    path("<slug:reference>/follow/", views.exercise_follow, name="commissioning-follow"),
    path("<slug:reference>/bid/", views_bids.bid_choose, name="commissioning-bid-choose"),
    path("<slug:reference>/lots/<int:number>/ranking/", views.award_ranking, name="commissioning-ranking"),
    path("<slug:reference>/evaluate/", views_evaluation.evaluate, name="commissioning-evaluate"),
    path("<slug:reference>/evaluate/bids/<int:pk>/", views_evaluation.score, name="commissioning-score"),
    path("<slug:reference>/manage/", views_officers.exercise_manage, name="commissioning-manage-exercise"),
    path("<slug:reference>/manage/details/", views_officers.exercise_details, name="commissioning-manage-details"),
    path("<slug:reference>/manage/criteria/", views_officers.exercise_criteria,
         name="commissioning-manage-criteria"),
    path("<slug:reference>/manage/lots/", views_officers.exercise_lots, name="commissioning-manage-lots"),
    path("<slug:reference>/manage/evaluators/", views_officers.exercise_evaluators,
         name="commissioning-manage-evaluators"),
    path("<slug:reference>/manage/evaluators/<int:pk>/remove/", views_officers.evaluator_remove_page,
         name="commissioning-manage-evaluator-remove"),
    path("<slug:reference>/manage/cancel/", views_officers.exercise_cancel_page, name="commissioning-manage-cancel"),
    path("<slug:reference>/manage/publish/", views_officers.exercise_publish_page,
         name="commissioning-manage-publish"),
    path("<slug:reference>/manage/lots/<int:number>/award/", views_officers.lot_award,
         name="commissioning-manage-award"),
]
