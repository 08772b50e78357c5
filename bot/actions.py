"""Button action ids: short, parseable, under Telegram's 64-byte callback limit.

A button pressed after a restart or a database reset still parses; its handler decides whether
what it refers to (an answer, a vendor) still exists and says so politely if not.
"""

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
