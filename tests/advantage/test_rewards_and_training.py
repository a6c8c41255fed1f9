"""Orders reserve, cancel returns, shipping records the tracking note; courses pay once."""

from datetime import date

import pytest
from django.db import transaction

from advantage import ledger, rewards, selectors, training
from advantage.models import CampaignCourse, CampaignKind, OrderStatus, TrainingAward
from toolkit.errors import PortalError
from training.models import Completion, Course

pytestmark = pytest.mark.django_db


def _earn(member, points):
    with transaction.atomic():
        ledger.earn(ledger.lock_member(member.pk), points, reason="test")


def test_an_order_reserves_points_and_stock_and_cancel_gives_them_back(
    member, partner_user, program_admin, reward, django_capture_on_commit_callbacks, mailoutbox
):
    _earn(member, 500)
    with django_capture_on_commit_callbacks(execute=True):
        order = rewards.order_place(actor=partner_user, reward_id=reward.pk, note="Москва, ул. Тверская, 1")
    reward.refresh_from_db()
    assert selectors.balance(member) == 200 and reward.stock == 0
    with pytest.raises(PortalError):
        rewards.order_place(
            actor=partner_user, reward_id=reward.pk, note="Москва, ул. Тверская, 1"
        )  # the last one is gone
    with django_capture_on_commit_callbacks(execute=True):
        rewards.order_cancel(actor=program_admin, order_id=order.pk, reason="Нет в наличии")
    reward.refresh_from_db()
    assert selectors.balance(member) == 500 and reward.stock == 1
    assert len(mailoutbox) == 2


def test_shipping_records_the_tracking_note(member, partner_user, program_admin, reward, mailoutbox,
                                            django_capture_on_commit_callbacks):  # fmt: skip
    _earn(member, 300)
    order = rewards.order_place(actor=partner_user, reward_id=reward.pk, note="Москва, ул. Тверская, 1")
    with django_capture_on_commit_callbacks(execute=True):
        rewards.order_ship(actor=program_admin, order_id=order.pk, tracking_note="СДЭК 123456")
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED and order.decided_by == program_admin
    assert "СДЭК 123456" in mailoutbox[-1].body
    with pytest.raises(PortalError):
        rewards.order_cancel(actor=program_admin, order_id=order.pk, reason="late")


def test_an_order_beyond_the_balance_is_refused(member, partner_user, reward):
    _earn(member, 299)
    with pytest.raises(PortalError) as refused:
        rewards.order_place(actor=partner_user, reward_id=reward.pk, note="Москва, ул. Тверская, 1")
    assert refused.value.code == "insufficient_points"


def test_brochure_rewards_are_seeded():
    from advantage.models import Reward

    costs = dict(Reward.objects.values_list("name_en", "points_cost"))
    assert costs["Sunglasses"] == 9620 and costs["Trolley set"] == 20170
    assert costs['Dell Latitude 10.1" tablet'] == 64310 and costs["Concierge experience (on request)"] is None


def test_a_confirmed_completion_pays_once_per_member_and_course(
    campaign, member, partner_user, django_capture_on_commit_callbacks
):
    course = Course.objects.first()
    campaign.kind = CampaignKind.TRAINING
    campaign.save()
    CampaignCourse.objects.create(campaign=campaign, course=course, points=150)
    with django_capture_on_commit_callbacks(execute=True):
        completion = Completion.objects.create(
            user=partner_user, course=course, completed_on=date(2016, 2, 1), source="lms", status="pending"
        )
    assert selectors.balance(member) == 0  # not confirmed yet
    with django_capture_on_commit_callbacks(execute=True):
        completion.status = "confirmed"
        completion.save()
    assert selectors.balance(member) == 150
    assert training.training_award(completion.pk) is None and training.trainings_catch_up() == 0
    assert TrainingAward.objects.count() == 1 and selectors.balance(member) == 150


def test_cloning_a_campaign_names_the_next_quarter_starts_inactive_and_happens_once(db):
    from advantage import services
    from advantage.models import Campaign
    from catalog.models import FiscalQuarter

    quarter = FiscalQuarter.objects.get(code="2016-Q1")
    campaign = Campaign.objects.create(
        name_ru="Продажи, 2016-Q1", name_en="Sales, 2016-Q1", starts_on=quarter.start_date, ends_on=quarter.end_date,
        roles=["sales"],
    )  # fmt: skip
    copy = services.campaign_clone(campaign_id=campaign.pk)
    following = FiscalQuarter.objects.filter(start_date__gt=quarter.end_date).order_by("start_date").first()
    assert copy.name_ru == f"Продажи, {following.code}" and copy.starts_on == following.start_date
    assert not copy.is_active and copy.starts_on > date(2016, 1, 1)
    with pytest.raises(PortalError):
        services.campaign_clone(campaign_id=campaign.pk)


def test_a_priced_reward_needs_an_address_and_a_reward_on_request_reserves_nothing(member, partner_user, reward):
    from advantage.models import Order, Reward

    ledger.adjust(actor=partner_user, member_id=member.pk, points=500, reason="Тест")
    with pytest.raises(PortalError, match="адрес"):
        rewards.order_place(actor=partner_user, reward_id=reward.pk, note="  ")
    assert not Order.objects.exists() and selectors.balance(member) == 500  # nothing taken

    concierge = Reward.objects.create(name_ru="Консьерж", name_en="Concierge", points_cost=None, stock=None)
    request = rewards.order_place(actor=partner_user, reward_id=concierge.pk)
    assert request.points == 0 and selectors.balance(member) == 500
    assert request.status_label() == "Запрос отправлен, менеджер свяжется с вами"
