"""Demo leads for `make run` (seed_leads, run by seed_tools): one in the pool, one passed to a partner."""

from catalog.models import ProductLine
from leads import selectors, services
from leads.models import Lead
from portal.models import Region

# (company, INN, district code, segment, need, line code)
DEMO_LEADS = [
    ("АО «Казанский приборный завод»", "1655000010", "volga", "commercial",
     "Замена 120 рабочих мест в конструкторском бюро в течение квартала.", "latitude"),
    ("ООО «Столичная логистика»", "7701000019", "central", "commercial",
     "60 ноутбуков для выездных сотрудников и 10 мониторов.", "latitude"),
]  # fmt: skip


def create_demo_leads(*, staff) -> int:
    """Idempotent: a lead whose INN exists is left alone. The second lead is passed to the first
    partner that suits it, if there is one. Returns how many leads were made."""
    made = 0
    for company, inn, region, segment, need, line in DEMO_LEADS:
        region = Region.objects.filter(code=region).first() or Region.objects.first()
        if region is None or Lead.objects.filter(inn=inn).exists():
            continue
        lead = Lead.objects.create(
            company=company, inn=inn, region=region, segment=segment, need=need, created_by=staff
        )
        lead.product_lines.set(ProductLine.objects.filter(code=line))
        made += 1
        if made == 2 and (partner := selectors.matching_partners(lead).first()):
            services.lead_offer(actor=staff, lead_id=lead.pk, partner_id=partner.pk)
    return made
