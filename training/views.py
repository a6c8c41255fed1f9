"""A completion's certificate, for the partner's users and the staff who see its district. The
trainings page itself (gates met, what is missing, reporting a course) is `rebates.views.trainings`:
it shows which programs need which courses."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from portal.selectors import regions_covered_by, sees_all_regions
from portal.views import member_or_staff_required
from toolkit.files import download_response
from training.models import Completion


@member_or_staff_required
def certificate(request, completion_id):
    """The stored certificate, only for the partner's own users and staff who see its district."""
    completion = get_object_or_404(Completion.objects.select_related("user__partner"), pk=completion_id)
    partner = completion.user.partner
    user = request.user
    allowed = (
        (user.partner_id and partner and user.partner_id == partner.pk)
        or sees_all_regions(user)
        or (user.is_staff and partner and partner.region_id in regions_covered_by(user))
    )
    if not allowed or not completion.certificate:
        raise Http404
    return download_response(completion.certificate, completion.certificate.name.rsplit("/", 1)[-1])
