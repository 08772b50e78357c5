"""Consult booking: the flow, slots, storage, .ics files, reminders, 내 예약 and staff listings."""

from bot.booking.service import BookingService, NullNotifier, StaffNotifier, is_active
from bot.booking.settings import AvailabilitySettings, BookingSettings

__all__ = ["AvailabilitySettings", "BookingService", "BookingSettings", "NullNotifier", "StaffNotifier", "is_active"]
