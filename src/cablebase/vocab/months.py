"""Month names, shared by the routing header, the timeline and the entity rules."""

from __future__ import annotations

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
MONTH_NUMBERS = {name: number for number, name in enumerate(MONTH_NAMES, 1)}
"""Lower-case full names, three-letter abbreviations and `sept` -> month number."""
MONTH_NUMBERS.update({name[:3]: number for name, number in list(MONTH_NUMBERS.items())})
MONTH_NUMBERS["sept"] = 9
