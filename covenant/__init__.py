"""Covenant: the project package and the shared core of the platform."""

from .celery import app as celery_app

__all__ = ("celery_app",)
