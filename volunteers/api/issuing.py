"""API for issued credentials: anyone may check a document, or ask for a credential's live status."""

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from covenant.core.api import error_response

from ..selectors import issuing as selectors
from ..services.sharing import passport_view_record


class VerificationResultSerializer(serializers.Serializer):
    verified = serializers.BooleanField(help_text="Whether the signature is Covenant's, over exactly this document")
    # Plain strings rather than enums: "status" is a choice field in other apps too, and the names would collide.
    status = serializers.CharField(help_text="valid, expired, revoked, or invalid when the signature fails")
    problem = serializers.CharField(allow_null=True, help_text="What failed: malformed_json, not_covenant, "
                                    "no_proof, unsupported_proof, unknown_key, signature_mismatch, malformed or "
                                    "unknown_credential")
    message = serializers.CharField()
    id = serializers.CharField(required=False)
    issuer = serializers.CharField(required=False)
    holder = serializers.CharField(required=False)
    validFrom = serializers.CharField(required=False)  # noqa: N815 (the credential's own field names)
    validUntil = serializers.CharField(required=False, allow_null=True)  # noqa: N815
    credentials = serializers.ListField(child=serializers.DictField(), required=False)
    statusPage = serializers.URLField(required=False, allow_null=True)  # noqa: N815


class StatusSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.CharField(help_text="valid, expired or revoked")
    reason = serializers.CharField()
    issuer = serializers.CharField()
    holder = serializers.CharField()
    issuedAt = serializers.CharField()  # noqa: N815
    validUntil = serializers.CharField(allow_null=True)  # noqa: N815
    revokedAt = serializers.CharField(allow_null=True)  # noqa: N815
    credentials = serializers.ListField(child=serializers.DictField())


def _log(request, issued) -> None:
    viewer = request.user if getattr(request.user, "is_authenticated", False) else None
    passport_view_record(viewer=viewer, organisation=None, passport=issued.passport,
                         sections=selectors.issued_sections(issued), channel="api")


class VerifyAPI(APIView):
    """Check a credential document: send the JSON document itself as the request body."""

    # Public and stateless: no session, so no CSRF token is needed to check a document.
    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser]

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: VerificationResultSerializer})
    def post(self, request):
        if len(request.body) > selectors.MAX_DOCUMENT_BYTES:
            return error_response("The credential must be smaller than 100 KB", code="too_large",
                                  status_code=413)
        try:
            document = request.data
        except ParseError:
            return error_response(str(selectors.PROBLEMS["malformed_json"]), code="malformed_json")
        result = selectors.document_verify(document)
        if result.issued is not None:
            _log(request, result.issued)
        return Response(result.as_dict())


class StatusAPI(APIView):
    """The live status of an issued credential: valid, expired or revoked."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: StatusSerializer})
    def get(self, request, pk):
        issued = selectors.issued_credential(pk)
        if issued is None:
            raise Http404
        _log(request, issued)
        state = selectors.issued_status(issued)
        document = issued.document
        return Response({
            "id": str(issued.pk), "status": state.status, "reason": state.reason,
            "issuer": document.get("issuer", {}).get("name"),
            "holder": document.get("credentialSubject", {}).get("name"),
            "issuedAt": selectors.timestamp(issued.issued_at),
            "validUntil": selectors.timestamp(issued.valid_until) if issued.valid_until else None,
            "revokedAt": selectors.timestamp(issued.revoked_at) if issued.revoked_at else None,
            "credentials": document.get("credentialSubject", {}).get("credentials", []),
        })


urlpatterns = [
    path("volunteering/credentials/verify/", VerifyAPI.as_view(), name="issuing-verify"),
    path("volunteering/credentials/<uuid:pk>/status/", StatusAPI.as_view(), name="issuing-status"),
]
