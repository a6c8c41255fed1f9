"""PartnerAdvantage over the API: the signed-in member's claims (list, create), balance and the
rewards catalog. Partner users only, as the deals API (portal.api.permissions.IsPartnerUser); a
partner's user who has not joined gets 403 with the reason."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from advantage import claims, selectors
from advantage.api.serializers import BalanceSerializer, ClaimInputSerializer, ClaimSerializer, RewardSerializer
from portal.api.errors import error_response
from portal.api.permissions import IsPartnerUser
from toolkit.errors import PortalError


def _member(request):
    member = selectors.member_of(request.user)
    if member is None:
        raise PermissionDenied("Join PartnerAdvantage first.")
    return member


class ClaimListView(generics.ListAPIView):
    """Your sales claims, newest first; POST claims a sale (matched against distributors' reports)."""

    permission_classes = [IsPartnerUser]
    serializer_class = ClaimSerializer

    def get_queryset(self):
        _member(self.request)
        return selectors.claims_visible_to(self.request.user)

    @extend_schema(request=ClaimInputSerializer, responses={201: ClaimSerializer})
    def post(self, request):
        _member(request)
        data = ClaimInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            claim = claims.claim_submit(actor=request.user, **data.validated_data)
        except PortalError as error:
            return error_response(error)
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class BalanceView(generics.GenericAPIView):
    """Your Advantage Points balance."""

    permission_classes = [IsPartnerUser]
    serializer_class = BalanceSerializer

    def get(self, request):
        member = _member(request)
        data = {
            "balance": selectors.balance(member),
            "reserved": selectors.reserved_points(member),
            "role": member.role,
        }
        return Response(BalanceSerializer(data).data)


class RewardListView(generics.ListAPIView):
    """The rewards catalog."""

    permission_classes = [IsPartnerUser]
    serializer_class = RewardSerializer

    def get_queryset(self):
        return selectors.catalog()
