"""API conventions shared by every app: pagination and one consistent error body."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Window
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF error details as a flat list of {field, message, code}."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            if isinstance(key, int):
                # ListField and DictField report a child's errors under its integer position.
                errors += _flatten(value, f"{prefix}[{key}]")
                continue
            field = key if key != "non_field_errors" else ""
            errors += _flatten(value, f"{prefix}.{field}" if prefix and field else (field or prefix))
        return errors
    if isinstance(detail, list):
        errors = []
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)) and not isinstance(value, exceptions.ErrorDetail):
                errors += _flatten(value, f"{prefix}[{index}]" if prefix else f"[{index}]")
            else:
                errors += _flatten(value, prefix)
        return errors
    return [{"field": prefix or None, "message": str(detail), "code": getattr(detail, "code", "invalid")}]


def exception_handler(exc, context):
    """Every API error answers {"status": ..., "code": ..., "message": ..., "errors": [...]}."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        message = "Check the request: some fields are not valid"
        code = "invalid"
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        errors = []
        message = str(detail)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    response.data = {"status": response.status_code, "code": code, "message": message, "errors": errors}
    return response


def error_response(message: str, *, code: str = "invalid", status_code: int = status.HTTP_400_BAD_REQUEST,
                   errors: list[dict] | None = None) -> Response:
    return Response({"status": status_code, "code": code, "message": message, "errors": errors or []},
                    status=status_code)


class _CountedPaginator(Paginator):
    """Takes the total from the page's own query (`COUNT(*) OVER ()`), so that a page costs one query, not two.

    Only a page with no rows (past the end, or nothing found) asks for the count on its own, to tell an empty
    first page from a page out of range exactly as Django's Paginator does.
    """

    TOTAL = "pagination_total"

    def page(self, number):
        if self.orphans or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        try:
            page_number = int(number)
        except (TypeError, ValueError):
            return super().page(number)
        if page_number < 1 or (isinstance(number, float) and not number.is_integer()):
            return super().page(number)
        bottom = (page_number - 1) * self.per_page
        rows = list(self.object_list.annotate(**{self.TOTAL: Window(Count("*"))})[bottom:bottom + self.per_page])
        if not rows:
            return super().page(number)
        self.count = getattr(rows[0], self.TOTAL)  # fills the cached property, so no COUNT query follows
        return self._get_page(rows, page_number, self)


class CountedPagination(Pagination):
    """Pagination that reads the total along with the page: for querysets whose count costs as much as the page."""

    django_paginator_class = _CountedPaginator
