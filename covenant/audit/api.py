"""API of the audit log: a filterable, read-only list for platform staff."""

from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from .serializers import AuditEntrySerializer, AuditFilterSerializer
from .selectors import audit_entry_list


class IsPlatformStaff(BasePermission):
    """Anyone else is told the log is not there, as the pages do."""

    def has_permission(self, request, view) -> bool:
        if not request.user.has_perm("audit.view_audit_log"):
            raise NotFound
        return True


class AuditEntryListAPI(generics.ListAPIView):
    """Audit entries, newest first. Filters: actor (email, part of), action (prefix), target_type
    (app_label.model), target_id, date_from and date_to (YYYY-MM-DD, inclusive)."""

    serializer_class = AuditEntrySerializer
    permission_classes = [IsPlatformStaff]
    filter_backends: list = []

    def get_queryset(self):
        params = AuditFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return audit_entry_list(
            actor_email=data.get("actor", "").strip().lower(),
            action=data.get("action", ""),
            target_type=data.get("target_type"),
            target_id=data.get("target_id", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
