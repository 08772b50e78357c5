"""CardOrder: a request's card waits for earlier requests' cards, never for long."""

from bot.handoff.ordering import CardOrder


def test_a_card_waits_for_lower_numbers_until_they_are_posted_or_overdue():
    now = [0.0]
    order = CardOrder(max_wait_s=3.0, clock=lambda: now[0])
    for number in (5, 6, 7):
        order.expect(number)
    assert not order.earlier_pending(5) and order.earlier_pending(6) and order.earlier_pending(7)
    order.posted(5)
    assert not order.earlier_pending(6) and order.earlier_pending(7)
    now[0] = 3.5  # #6's turn died before its card went out: #7 stops waiting
    assert not order.earlier_pending(7)
    order.posted(99)  # unknown numbers are fine
