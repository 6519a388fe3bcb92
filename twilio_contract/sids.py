"""SID and phone-number formats: two letters naming the resource, then 32 hex digits; numbers in E.164."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: The SID rule every Twilio parameter schema uses.
SID_PATTERN = r"^{prefix}[0-9a-fA-F]{{32}}$"
#: E.164: a plus, a non-zero digit, up to 15 digits in all.
E164 = re.compile(r"^\+[1-9][0-9]{1,14}$")


@cache
def sid_pattern(prefix: str) -> re.Pattern[str]:
    """The compiled pattern of SIDs starting with ``prefix`` (e.g. ``MG`` for a Messaging Service)."""
    return re.compile(SID_PATTERN.format(prefix=prefix))


def is_sid(value: Any, prefix: str) -> bool:
    return isinstance(value, str) and sid_pattern(prefix).match(value) is not None
