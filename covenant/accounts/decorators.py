"""Marks a view as part of a staff area: sign-in required, and official roles must have enrolled in MFA."""

from django.contrib.auth.decorators import login_required


def staff_area(view):
    """Decorate a view (function or `as_view()` result) that only staff-facing roles should reach.

    StaffMFAMiddleware sees the marker and sends people who must use MFA, but have not enrolled,
    to set it up first.
    """

    guarded = login_required(view)
    guarded.staff_area = True
    return guarded


def is_staff_area_view(view) -> bool:
    return bool(getattr(view, "staff_area", False))
