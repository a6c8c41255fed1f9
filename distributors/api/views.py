from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from distributors import selectors, services
from distributors.api.serializers import (
    ReportSerializer,
    ReportUploadSerializer,
    RowErrorSerializer,
    SalesLineSerializer,
    UploadRefusalSerializer,
)
from distributors.models import SalesReport
from portal.api.errors import error_response
from portal.api.permissions import IsDistributorUser, PortalUser
from portal.api.throttles import ReportUploadThrottle
from toolkit.errors import PortalError
from toolkit.request_limits import allows_report_upload


@allows_report_upload
class ReportListView(APIView):
    """Upload a sell-through report (answers at once; processing follows) and list your reports."""

    permission_classes = [IsDistributorUser]
    parser_classes = [MultiPartParser, FormParser]

    def get_throttles(self):
        return [*super().get_throttles(), ReportUploadThrottle()]

    @extend_schema(responses=ReportSerializer(many=True))
    def get(self, request):
        reports = selectors.reports_visible_to(request.user)[:200]
        return Response(ReportSerializer(reports, many=True).data)

    @extend_schema(
        request={"multipart/form-data": ReportUploadSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
                OpenApiParameter.HEADER,
                description=(
                    "Your name for this upload, e.g. a UUID (1–255 visible ASCII characters), so that a retried "
                    "request cannot import the file twice. The same key with the same file answers 200 with the "
                    "report made the first time, whatever its status, and stores nothing; the same key with another "
                    "file answers 422. Keys are per distributor."
                ),
            )
        ],
        responses={
            202: OpenApiResponse(ReportSerializer, description="Received; processing follows."),
            200: OpenApiResponse(ReportSerializer, description="The same Idempotency-Key and file again."),
            400: OpenApiResponse(
                UploadRefusalSerializer,
                description="Refused: size, type, the key's format, or already imported (code duplicate_report).",
            ),
            422: OpenApiResponse(UploadRefusalSerializer, description="The Idempotency-Key was used for another file."),
        },
    )
    def post(self, request):
        data = ReportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        replaces = None
        if data.validated_data.get("replaces"):
            replaces = SalesReport.objects.filter(
                pk=data.validated_data["replaces"], distributor=request.user.distributor
            ).first()
            if replaces is None:
                return Response({"replaces": [_("No such report of yours.")]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            report, created = services.report_receive_once(
                idempotency_key=request.headers.get("Idempotency-Key"),
                distributor=request.user.distributor,
                upload=data.validated_data["file"],
                uploaded_by=request.user,
                source="api",
                replaces=replaces,
            )
        except PortalError as error:
            # A well-formed request that contradicts its key's first use is 422, as the Idempotency-Key draft says.
            if error.code == services.IDEMPOTENCY_KEY_REUSED:
                return error_response(error, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
            return error_response(error)
        report.refresh_from_db()
        return Response(
            ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK
        )


class ReportDetailView(generics.RetrieveAPIView):
    """A report's status and counts."""

    permission_classes = [IsDistributorUser]
    serializer_class = ReportSerializer

    def get_queryset(self):
        return selectors.reports_visible_to(self.request.user)


class ReportErrorListView(generics.ListAPIView):
    """A report's rejected rows with the reason and the original cells."""

    permission_classes = [IsDistributorUser]
    serializer_class = RowErrorSerializer

    def get_queryset(self):
        report = get_object_or_404(selectors.reports_visible_to(self.request.user), pk=self.kwargs["pk"])
        return report.row_errors.all()


class SalesLineListView(generics.ListAPIView):
    """Sales lines: a distributor sees its own, a partner the lines bought under its Dell ID."""

    permission_classes = [PortalUser]
    serializer_class = SalesLineSerializer

    def get_queryset(self):
        return selectors.sales_lines_visible_to(self.request.user).order_by("-invoice_date", "id")
