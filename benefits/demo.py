"""Demo "Где купить" entries for `make run` (rebates' seed_demo calls it; idempotent): the demo
partner listed, the Siberian one waiting for its manager, so the directory and the queue show both."""

from benefits import services
from benefits.models import ListingDetails
from portal.models import Specialization


def create_demo_listings(*, staff, partner_user, other_partner_user) -> int:
    created = 0
    for user, approve in ((partner_user, True), (other_partner_user, False)):
        partner = user.partner
        if partner.listing_requests.exists():
            continue
        prefill = services.listing_prefill(partner)
        fields = {name: prefill[name] for name in ListingDetails.DETAIL_FIELDS}
        fields["phone"] = fields["phone"] or "+7 495 123-45-67"
        specializations = prefill["specializations"] or list(Specialization.objects.filter(is_active=True)[:2])
        request = services.listing_request_submit(actor=user, fields=fields, specializations=specializations)
        if approve:
            services.listing_approve(actor=staff, request_id=request.pk)
        created += 1
    return created
