"""Reward orders: ordering reserves the points (a redeem row), staff ship (with a tracking note) or
cancel (the points come back as a release row, the item back into stock).

Locks: the reward's row first (its stock), then the member's (the balance): two members ordering the
last item make one order; one member's two orders at once never overdraw the balance."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from advantage import ledger, selectors
from advantage.models import Order, OrderStatus, Reward
from portal.outbox import enqueue
from toolkit.errors import PortalError


def _notify(order: Order, kind: str) -> None:
    from advantage.tasks import send_order_email

    enqueue(send_order_email, order.pk, kind)


@transaction.atomic
def order_place(*, actor, reward_id: int, note: str = "") -> Order:
    member = selectors.member_of(actor)
    if member is None:
        raise PortalError(_("Join PartnerAdvantage first."))
    reward = Reward.objects.select_for_update().get(pk=reward_id)
    if not reward.is_active:
        raise PortalError(_("This reward is no longer offered."))
    if reward.stock is not None and reward.stock < 1:
        raise PortalError(_("“%(reward)s” is out of stock.") % {"reward": reward}, code="out_of_stock")
    if reward.points_cost and not note.strip():
        raise PortalError(_("Give the delivery address: where should we send it?"), field="note")
    member = ledger.lock_member(member.pk)
    # A reward priced on request: the order is a request; staff agree the points with the member.
    points = reward.points_cost or 0
    order = Order.objects.create(member=member, reward=reward, points=points, note=note.strip())
    if points:
        ledger.redeem(member, points, order=order)
    if reward.stock is not None:
        reward.stock -= 1
        reward.save(update_fields=["stock"])
    _notify(order, "placed")
    return order


def _open_order(actor, order_id: int) -> Order:
    order = Order.objects.select_for_update().get(pk=order_id)
    if not selectors.orders_visible_to(actor).filter(pk=order.pk).exists():
        raise PortalError(_("This order is outside your districts."))
    if order.status != OrderStatus.RESERVED:
        raise PortalError(_("Order #%(id)s is already shipped or cancelled.") % {"id": order.pk})
    return order


@transaction.atomic
def order_ship(*, actor, order_id: int, tracking_note: str) -> Order:
    if not tracking_note.strip():
        raise PortalError(_("Say how it was sent (carrier and tracking number): the member reads it."), field="reason")
    order = _open_order(actor, order_id)
    order.status = OrderStatus.SHIPPED
    order.tracking_note = tracking_note.strip()
    order.decided_at, order.decided_by = timezone.now(), actor
    order.save()
    _notify(order, "shipped")
    return order


@transaction.atomic
def order_cancel(*, actor, order_id: int, reason: str) -> Order:
    """Staff cancel (the member's points return, the item goes back into stock)."""
    if not reason.strip():
        raise PortalError(_("Say why the order is cancelled: the member reads it."), field="reason")
    order = _open_order(actor, order_id)
    reward = Reward.objects.select_for_update().get(pk=order.reward_id)
    member = ledger.lock_member(order.member_id)
    if order.points:
        ledger.release(member, order.points, order=order, actor=actor)
    if reward.stock is not None:
        reward.stock += 1
        reward.save(update_fields=["stock"])
    order.status = OrderStatus.CANCELLED
    order.tracking_note = reason.strip()
    order.decided_at, order.decided_by = timezone.now(), actor
    order.save()
    _notify(order, "cancelled")
    return order
