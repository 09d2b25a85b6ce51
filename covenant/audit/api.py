"""API of the audit log: a filterable, read-only list for platform staff."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission

from covenant.accounts.selectors import user_has_mfa, user_requires_mfa

from .selectors import audit_entry_list
from .serializers import AuditEntrySerializer, AuditFilterSerializer


class IsPlatformStaff(BasePermission):
    """Anyone else is told the log is not there, as the pages do."""

    def has_permission(self, request, view) -> bool:
        if not request.user.has_perm("audit.view_audit_log"):
            raise NotFound
        # The pages get this from the staff-area middleware; the API enforces the same rule itself.
        if user_requires_mfa(request.user) and not user_has_mfa(request.user):
            raise PermissionDenied("Set up two-factor authentication before you use the audit log")
        return True


class AuditEntryListAPI(generics.ListAPIView):
    """Audit entries, newest first. Filters: actor (email, part of), action (prefix), target_type
    (app_label.model), target_id, date_from and date_to (YYYY-MM-DD, inclusive)."""

    serializer_class = AuditEntrySerializer
    permission_classes = [IsPlatformStaff]
    filter_backends: list = []

    @extend_schema(parameters=[AuditFilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

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
