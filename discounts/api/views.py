from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.selectors import current_quarter
from discounts import selectors
from discounts.api.serializers import DistributorDiscountSerializer, ToolSerializer
from portal.api.permissions import IsDistributorUser, IsPartnerUser


class DiscountToolView(APIView):
    """The partner's discount web tool in numbers (null when the quarter has no discount terms)."""

    permission_classes = [IsPartnerUser]

    @extend_schema(responses=ToolSerializer)
    def get(self, request):
        found = selectors.tool_for(request.user.partner, current_quarter(), today=timezone.localdate())
        return Response(ToolSerializer(found).data if found is not None else None)


class DistributorDiscountListView(APIView):
    """The approved discounts of the distributor's partners for the quarter they apply in."""

    permission_classes = [IsDistributorUser]

    @extend_schema(responses=DistributorDiscountSerializer(many=True))
    def get(self, request):
        _run, lines = selectors.discounts_for_distributor(request.user)
        return Response(DistributorDiscountSerializer(lines, many=True).data)
