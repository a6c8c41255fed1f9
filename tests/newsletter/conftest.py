import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def subscribe(db):
    """subscribe(user, topic, frequency, language="ru", confirmed=True) → the subscription."""
    from django.utils import timezone

    from newsletter.models import Subscription

    def make(user, topic="program_news", frequency="as_published", *, language="ru", confirmed=True):
        return Subscription.objects.create(
            user=user, topic=topic, frequency=frequency, language=language,
            confirmed_at=timezone.now() if confirmed else None,
            consent_ip="127.0.0.1" if confirmed else None, consent_email=user.email if confirmed else "",
        )  # fmt: skip

    return make


@pytest.fixture
def make_issue(program_admin):
    from newsletter.models import Issue

    def make(topic="program_news", **fields):
        return Issue.objects.create(
            topic=topic,
            subject_ru=fields.pop("subject_ru", "Новости программы: второй квартал"),
            subject_en=fields.pop("subject_en", "Program news: the second quarter"),
            body_ru=fields.pop("body_ru", "Во втором квартале ставки растут."),
            body_en=fields.pop("body_en", "Rates go up in the second quarter."),
            created_by=program_admin,
            **fields,
        )

    return make


@pytest.fixture
def publisher(program_admin):
    return program_admin


@pytest.fixture
def no_role_staff(db):
    from conftest import make_user

    user = make_user("staff.without.role@example.com", is_staff=True)
    assert not Group.objects.filter(user=user).exists()
    return user
