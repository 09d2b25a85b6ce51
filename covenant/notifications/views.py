"""The signed-in person's notifications page: list, open (marks read) and mark as read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from covenant.core.permissions import get_object_or_404_for

from .models import Notification
from .selectors import notification_list_for
from .services import notification_mark_read, notifications_mark_all_read

PAGE_SIZE = 20


@require_GET
@login_required
def notification_list(request):
    page = Paginator(notification_list_for(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "notifications": page.object_list})


def _fetch(request, pk: int) -> Notification:
    return get_object_or_404_for(request.user, "notifications.view_notification", Notification, pk=pk)


@require_GET
@login_required
def notification_open(request, pk: int):
    notification = _fetch(request, pk)
    notification_mark_read(actor=request.user, notification=notification)
    # Only follow links within this site: a stored url must never send people elsewhere.
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read(request, pk: int):
    notification = _fetch(request, pk)
    notification_mark_read(actor=request.user, notification=notification)
    messages.success(request, _("Notification marked as read"))
    return redirect("notifications:list")


@require_POST
@login_required
def notification_read_all(request):
    count = notifications_mark_all_read(actor=request.user)
    if count:
        messages.success(
            request,
            ngettext("%(count)d notification marked as read", "%(count)d notifications marked as read", count)
            % {"count": count},
        )
    else:
        messages.info(request, _("You have no unread notifications"))
    return redirect("notifications:list")
