"""Human handoff to consultants: the channel-free service, its storage and its settings."""

from bot.handoff.actions import HandoffResult, StaffAction, StaffMessage, StaffNotice, StaffPost, UserDelivery
from bot.handoff.service import END_ACTION, ENDED_INTENT, HandoffService, is_end_phrase
from bot.handoff.settings import HandoffSettings

__all__ = [
    "END_ACTION", "ENDED_INTENT", "HandoffResult", "HandoffService", "HandoffSettings", "StaffAction", "StaffMessage", "StaffNotice",
    "StaffPost", "UserDelivery", "is_end_phrase",
]
