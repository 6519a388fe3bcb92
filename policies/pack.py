"""The flex-a2p pack: its name and its policies, in the order they run, gathered from the concern modules.

Kept apart from ``policies/__main__.py`` because constructing a ``PolicyPack`` starts a gRPC server and never
returns, so nothing in ``__main__`` could be imported by tests.
"""

from __future__ import annotations

from pulumi_policy import Policy

from policies import campaign_content, flex_numbers, phone_numbers, webhook_routing

PACK_NAME = "flex-a2p"
DISPLAY_NAME = "flex-a2p"
DESCRIPTION = "Keeps Flex inbound SMS routing intact and catches A2P 10DLC mistakes before Twilio does."

#: One module per concern; each exports its ``POLICIES``.
CONCERNS = (webhook_routing, flex_numbers, phone_numbers, campaign_content)

POLICIES: list[Policy] = [policy for concern in CONCERNS for policy in concern.POLICIES]
