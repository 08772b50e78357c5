"""Button action ids: short, parseable, under Telegram's 64-byte callback limit.

A button pressed after a restart or a database reset still parses; its handler decides whether
what it refers to (an answer, a vendor) still exists and says so politely if not.
"""

from datetime import datetime

from bot import texts
from bot.booking.flow import day_label, when_label

MENU = "menu"
HELP = "help"
ASK = "ask"
VENDORS = "vendors"
BOOK = "book"
HUMAN = "human"
PROFILE = "profile"
SKIP = "skip"

FEEDBACK_UP = "fb:up:"  # + answer id
FEEDBACK_DOWN = "fb:dn:"  # + answer id
VENDOR_DETAILS = "vd:"  # + vendor doc id
VENDOR_BOOK = "vb:"  # + vendor doc id
PROFILE_EDIT = "pf:e:"  # + profile field


def split(action: str) -> tuple[str, str]:
    """("fb:up:", "a1b2") for "fb:up:a1b2"; (action, "") for a plain action."""
    for prefix in (FEEDBACK_UP, FEEDBACK_DOWN, VENDOR_DETAILS, VENDOR_BOOK, PROFILE_EDIT):
        if action.startswith(prefix):
            return prefix, action[len(prefix) :]
    return action, ""


# How a consultant reads a pressed button in the transcript: its label, not its id.
_PLAIN_LABELS = {
    MENU: texts.BUTTON_MENU, ASK: texts.BUTTON_ASK, VENDORS: texts.BUTTON_VENDORS, BOOK: texts.BUTTON_BOOK,
    HUMAN: texts.BUTTON_HUMAN, PROFILE: texts.BUTTON_PROFILE, SKIP: texts.BUTTON_SKIP,
    FEEDBACK_UP: texts.BUTTON_FEEDBACK_UP, FEEDBACK_DOWN: texts.BUTTON_FEEDBACK_DOWN, "handoff:end": texts.HANDOFF_BUTTON_END,
}
_BOOKING_LABELS = {
    "ok": texts.BOOKING_BUTTON_AGREE, "no": texts.BOOKING_BUTTON_DISAGREE, "y": texts.BOOKING_BUTTON_CONFIRM,
    "b": texts.BOOKING_BUTTON_BACK, "x": texts.BOOKING_BUTTON_CANCEL, "m": texts.BOOKING_BUTTON_MORE_DAYS,
    "my": texts.BOOKING_MY_TITLE, "cy": texts.BOOKING_BUTTON_CANCEL_YES, "cn": texts.BOOKING_BUTTON_CANCEL_NO,
    "same": texts.BOOKING_BUTTON_SAME_CONTACT_SHORT, "p": texts.TRANSCRIPT_TOPIC_PICKED,
    "r": texts.TRANSCRIPT_RESCHEDULE, "c": texts.TRANSCRIPT_CANCEL_BOOKING,
    "go": texts.BOOKING_BUTTON_CONTINUE, "e": texts.BOOKING_BUTTON_CHANGE,
}


def describe(action: str) -> str:
    """The pressed button as a consultant reading the transcript would say it: its label, not its id."""
    prefix, argument = split(action)
    if prefix in _PLAIN_LABELS:
        return _PLAIN_LABELS[prefix]
    if prefix in (VENDOR_DETAILS, VENDOR_BOOK):
        return (texts.BUTTON_VENDOR_DETAILS if prefix == VENDOR_DETAILS else texts.BUTTON_VENDOR_BOOK).format(name=argument)
    if prefix == PROFILE_EDIT:
        return texts.BUTTON_PROFILE_EDIT.format(field=texts.PROFILE_FIELDS.get(argument, argument))
    if not action.startswith("bk:"):
        return action
    name, _, value = action.removeprefix("bk:").partition(":")
    try:
        if name == "d":
            return day_label(datetime.strptime(value, "%Y%m%d").date())
        if name == "s":
            return when_label(datetime.strptime(value, "%Y%m%d%H%M"))
    except ValueError:
        return action
    if name == "t":
        return texts.BOOKING_TYPE_LABELS.get(value, action)
    if name == "e" and value:
        return texts.BOOKING_CHANGE_LABELS.get(value, action)
    if name == "del":
        return texts.BOOKING_BUTTON_DELETE_YES if value == "y" else texts.BOOKING_BUTTON_DELETE_NO
    return _BOOKING_LABELS.get(name, action)
