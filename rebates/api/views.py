from django.utils.translation import get_language
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.selectors import current_quarter
from portal.api.errors import error_response
from portal.api.permissions import IsPartnerUser, PortalUser
from rebates import selectors, services
from rebates.api.filters import PayoutLineFilter, ProgramFilter
from rebates.api.serializers import (
    EnrollmentInputSerializer,
    EnrollmentSerializer,
    PayoutLineSerializer,
    ProgramSerializer,
    ProgressSerializer,
)
from rebates.inputs_cache import cached
from rebates.models import Program
from toolkit.errors import PortalError


class ProgramListView(generics.ListAPIView):
    """Programs of a quarter with their plans and RUB rates per group."""

    serializer_class = ProgramSerializer
    permission_classes = [PortalUser]
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProgramFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator: no current quarter to look up
            return Program.objects.none()
        if self.request.query_params.get("quarter"):
            return selectors.programs_of(None)  # all quarters; the filter picks the asked one
        quarter = current_quarter()
        return selectors.programs_of(quarter) if quarter else Program.objects.none()

    def list(self, request, *args, **kwargs):
        if request.query_params.get("quarter"):
            return super().list(request, *args, **kwargs)
        # The current quarter's programs, as every partner's ERP asks for them: serialized once per
        # language and version of the inputs (rebates/inputs_cache.py), not six queries each time.
        quarter = selectors.quarter_now()
        if quarter is None:
            return self.get_paginated_response(self.paginate_queryset([]))
        programs = cached(
            f"api-programs:{quarter.pk}:{get_language()}",
            lambda: [dict(p) for p in self.get_serializer(selectors.quarter_programs(quarter), many=True).data],
            shared=True,
        )
        return self.get_paginated_response(self.paginate_queryset(programs))


class EnrollmentView(APIView):
    """The caller's enrollments; POST accepts a program with a plan, or changes the plan, before the deadline."""

    permission_classes = [IsPartnerUser]

    @extend_schema(responses=EnrollmentSerializer(many=True))
    def get(self, request):
        enrollments = selectors.enrollments_visible_to(request.user).order_by(
            "-program__quarter__start_date", "program__kind"
        )
        return Response(EnrollmentSerializer(enrollments, many=True).data)

    @extend_schema(request=EnrollmentInputSerializer, responses={200: EnrollmentSerializer, 201: EnrollmentSerializer})
    def post(self, request):
        data = EnrollmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        existed = request.user.partner.enrollments.filter(program=data.validated_data["program"]).exists()
        try:
            enrollment = services.enrollment_accept(
                partner=request.user.partner,
                program=data.validated_data["program"],
                tier=data.validated_data["tier"],
                actor=request.user,
            )
        except PortalError as error:
            return error_response(error)
        return Response(
            EnrollmentSerializer(enrollment).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )


class PayoutLineListView(generics.ListAPIView):
    """Payout lines the caller may see: vendor staff all, a distributor those paid through it, a partner its own."""

    serializer_class = PayoutLineSerializer
    permission_classes = [PortalUser]
    filter_backends = [DjangoFilterBackend]
    filterset_class = PayoutLineFilter

    def get_queryset(self):
        return selectors.payout_lines_visible_to(self.request.user).order_by(
            "run_id", "partner_ref", "distributor_id", "program_id", "group_code", "reason"
        )


class ProgressView(APIView):
    """The caller's progress to plan in the current quarter, per accepted program."""

    permission_classes = [IsPartnerUser]

    @extend_schema(responses=ProgressSerializer(many=True))
    def get(self, request):
        return Response(ProgressSerializer(selectors.current_progress(request.user.partner), many=True).data)
