"""Deal registration over the API (issue 15): the same rules as the partner's pages, because the same
services decide (deals/services.py); these views parse the input, call them and answer.

Who may call: partner users of an active company (IsPartnerUser). Staff and distributors get 403,
an anonymous call 401, a suspended company 403 (portal.api.permissions.PortalUser), as
`api:enrollments`. The project's authentication classes are kept (token first, so an anonymous call
is answered 401 with "WWW-Authenticate: Token"), but API tokens are a distributor's machines' keys:
distributors.api.authentication refuses a token of any other user, so partners call with their
session (and its CSRF token for POST and PATCH). Giving partners tokens would be a decision about
who issues and revokes them, not something this endpoint should open on its own."""

from django.db import transaction
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from deals import selectors, services
from deals.api.filters import DealFilter
from deals.api.serializers import DealInputSerializer, DealOutcomeSerializer, DealSerializer
from deals.models import PARTNER_FIELDS
from portal.api.errors import error_response
from portal.api.permissions import IsPartnerUser
from toolkit.errors import PortalError


class _DealsView(generics.GenericAPIView):
    permission_classes = [IsPartnerUser]
    serializer_class = DealSerializer

    def get_queryset(self):
        """The caller's company's deals only: another partner's deal is 404, as on the pages."""
        return (
            selectors.deals_visible_to(self.request.user)
            .prefetch_related("lines__product", "lines__product_line")
            .order_by("-created_at", "-pk")
        )

    def answer(self, deal, *, status_code=status.HTTP_200_OK):
        return Response(DealSerializer(self.get_queryset().get(pk=deal.pk)).data, status=status_code)

    def save_deal(self, data, *, deal=None, status_code=status.HTTP_200_OK):
        """deal_save, then deal_submit when asked, in one transaction: a refused submission leaves
        nothing changed (no draft the caller does not know the id of)."""
        fields = {name: data[name] for name in PARTNER_FIELDS if name in data}
        if "lines" in data:
            lines = data["lines"]
        else:  # PATCH without lines keeps them
            lines = [
                {"product": line.product, "product_line": line.product_line, "quantity": line.quantity}
                for line in deal.lines.all()
            ]
        try:
            with transaction.atomic():
                saved = services.deal_save(
                    actor=self.request.user, fields=fields, lines=lines, deal_id=deal.pk if deal else None
                )
                if data.get("submit"):
                    saved = services.deal_submit(actor=self.request.user, deal_id=saved.pk)
        except PortalError as error:
            return error_response(error)
        return self.answer(saved, status_code=status_code)

    def act(self, service, **kwargs):
        """One of the partner's buttons on an own deal: the service refuses what the rules do not allow."""
        deal = self.get_object()
        try:
            deal = service(actor=self.request.user, deal_id=deal.pk, **kwargs)
        except PortalError as error:
            return error_response(error)
        return self.answer(deal)


class DealListView(_DealsView, generics.ListAPIView):
    """Your company's deal registrations, newest first; POST registers one (a draft, or submitted at once)."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = DealFilter

    @extend_schema(request=DealInputSerializer, responses={201: DealSerializer})
    def post(self, request):
        data = DealInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self.save_deal(data.validated_data, status_code=status.HTTP_201_CREATED)


class DealDetailView(_DealsView, generics.RetrieveAPIView):
    """One of your company's deals; PATCH changes a draft or a deal returned to you (the fields sent;
    `lines`, when sent, replace the deal's products; `submit: true` submits it too)."""

    @extend_schema(request=DealInputSerializer, responses=DealSerializer)
    def patch(self, request, pk):
        deal = self.get_object()
        data = DealInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return self.save_deal(data.validated_data, deal=deal)


class DealSubmitView(_DealsView):
    """Send a draft (or a returned deal, changed) to your account manager."""

    @extend_schema(request=None, responses=DealSerializer)
    def post(self, request, pk):
        return self.act(services.deal_submit)


class DealWithdrawView(_DealsView):
    """Withdraw a draft, returned, submitted or protected deal."""

    @extend_schema(request=None, responses=DealSerializer)
    def post(self, request, pk):
        return self.act(services.deal_withdraw)


class DealExtensionView(_DealsView):
    """Ask your account manager to extend a protected deal (once)."""

    @extend_schema(request=None, responses=DealSerializer)
    def post(self, request, pk):
        return self.act(services.deal_request_extension)


class DealOutcomeView(_DealsView):
    """Record a protected deal's outcome: won with the invoice numbers, or lost with the reason."""

    @extend_schema(request=DealOutcomeSerializer, responses=DealSerializer)
    def post(self, request, pk):
        data = DealOutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self.act(services.deal_record_outcome, **data.validated_data)
