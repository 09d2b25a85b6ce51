"""Values every page's layout needs."""

from django.conf import settings


def layout(request):
    return {"service_name": settings.SERVICE_NAME}
