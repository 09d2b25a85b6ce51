"""Fetch-and-authorise helpers: a missing object and a forbidden one answer the same 404."""

from collections.abc import Callable
from functools import wraps

from django.db.models import Model, QuerySet
from django.http import Http404


def get_object_or_404_for(user, perm: str, queryset: QuerySet | type[Model], **lookup) -> Model:
    """Return the object if it exists and `user` holds `perm` on it; otherwise raise Http404."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not user.has_perm(perm, obj):
        raise Http404
    return obj


def permission_required_or_404(perm: str) -> Callable:
    """Guard a view that acts on no single object: those without `perm` see a 404, not a 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
