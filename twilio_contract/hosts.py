"""Twilio's API host names: each product has its own (`https://<product>.twilio.com`), and two products may serve
the same path (Conversations and Flex both have `/v1/Configuration`; Messaging and Proxy both have `/v1/Services`).

So whoever stands in for Twilio on one address (the emulator) must be told the product by the host name: the
product's client rewrites a Twilio URL to that address and keeps the host name in the `Host` header, and the
emulator routes by it. Both sides split URLs here.
"""

from __future__ import annotations

import re

#: ``https://<host>.twilio.com<path>``; region and edge hosts (``api.dublin.ie1``) keep their dots in ``host``.
TWILIO_URL = re.compile(r"^https://(?P<host>[a-z0-9.-]+)\.twilio\.com(?P<rest>/.*)?$")
TWILIO_DOMAIN = ".twilio.com"


def split_twilio_url(url: str) -> tuple[str, str] | None:
    """``(host, path and query)`` of a Twilio API URL, e.g. ``("flex-api", "/v1/FlexFlows?PageSize=50")``; None for
    any other URL."""
    match = TWILIO_URL.match(url)
    if match is None:
        return None
    return match.group("host"), match.group("rest") or ""


def host_name(host: str) -> str:
    """The full host name of a Twilio product host (``proxy`` -> ``proxy.twilio.com``)."""
    return host + TWILIO_DOMAIN
