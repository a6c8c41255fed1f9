"""Brochure p.11: who covers which district and direction, and a partner's personal manager."""

import pytest
from django.core.management import call_command

from portal.models import AccountManager, ChannelRole, Coverage, Region
from portal.selectors import account_managers_for


def manager_for(region, segment):
    return [m.email for m in account_managers_for(region_id=Region.objects.get(code=region).pk, segment=segment)]


def test_seed_program_loads_the_brochure_coverage_and_is_idempotent(brochure):
    call_command("seed_program", verbosity=0)
    assert AccountManager.objects.count() == 5
    assert Coverage.objects.count() == 16  # every district × direction exactly once
    assert AccountManager.objects.get(role=ChannelRole.RETAIL).email.endswith("@example.com")
    assert AccountManager.objects.filter(role=ChannelRole.PARTNER_PROGRAM).count() == 1
    assert not AccountManager.objects.exclude(email__endswith="@example.com").exists()


@pytest.mark.parametrize(
    "region, segment, expected",
    [
        ("central", "consumer", ["consumer.manager@example.com"]),
        ("central", "commercial", ["commercial.manager@example.com"]),
        ("central", "both", ["commercial.manager@example.com", "consumer.manager@example.com"]),
        ("north-caucasus", "commercial", ["commercial.manager@example.com"]),
        ("volga", "commercial", ["consumer.manager@example.com"]),  # Volga: one manager for both directions
        ("volga", "both", ["consumer.manager@example.com"]),
        ("urals", "consumer", ["east.manager@example.com"]),
        ("far-east", "both", ["east.manager@example.com"]),
    ],
)
def test_personal_manager_follows_from_district_and_segment(brochure, region, segment, expected):
    assert manager_for(region, segment) == expected


def test_dashboard_shows_the_personal_manager(client, brochure, partner_admin):
    client.force_login(partner_admin)
    page = client.get("/dashboard/").content.decode()
    assert "commercial.manager@example.com" in page and "consumer.manager@example.com" in page
    assert str(partner_admin.partner.dell_id) in page
