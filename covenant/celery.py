"""The Celery application: Redis as broker from REDIS_URL, tasks in-process without it."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "covenant.settings")

app = Celery("covenant")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
