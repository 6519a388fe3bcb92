"""An account built by hand through Twilio's API, as a team builds it in the Console before adopting flex-a2p:
shared by the discovery tests."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.components.campaign_samples import COMPLIANT_CAMPAIGN
from tests.flex_wiring import send_to_flex_flow
from twilio_contract import USA2P_API_VERSION
from twilio_emulator.testing import REPRESENTATIVE, RunningEmulator, compliant_bundles

NUMBERS = ["+14155550100", "+14155550101", "+14155550102"]
ELSEWHERE = "+14155550198"  # held by another service
#: personal data the hand-built account's bundles hold (twilio_emulator.testing), never to be seen in plain text
PERSONAL = ("12-3456789", REPRESENTATIVE["email"], REPRESENTATIVE["phone_number"])


@dataclass
class Account:
    service: str
    marketing: str
    campaign: str
    brand: str
    bundles: tuple[str, str]
    addresses: list[str]
    flow: str


def build_account(emulator: RunningEmulator, *, defers: bool = True, campaign: dict[str, Any] | None = None
                  ) -> Account:
    """What a team made in the Console, through Twilio's API: a service with three numbers and their Flex address
    configurations, another service holding a fourth number, the Trust Hub bundles, a brand and a campaign."""
    client = emulator.client()
    pns = {n: client.incoming_phone_numbers.create(phone_number=n).sid for n in [*NUMBERS, ELSEWHERE]}
    flow = client.studio.v2.flows.create(friendly_name="Flex Conversations", status="published",
                                         definition=send_to_flex_flow()).sid
    addresses = [client.conversations.v1.address_configurations.create(
        type="sms", address=n, auto_creation_enabled=True, auto_creation_type="studio",
        auto_creation_studio_flow_sid=flow).sid for n in NUMBERS]
    service = client.messaging.v1.services.create(friendly_name="Support (Console)", sticky_sender=True,
                                                  use_inbound_webhook_on_number=defers)
    marketing = client.messaging.v1.services.create(friendly_name="Marketing", use_inbound_webhook_on_number=True)
    for n in NUMBERS:
        client.messaging.v1.services(service.sid).phone_numbers.create(phone_number_sid=pns[n])
    client.messaging.v1.services(marketing.sid).phone_numbers.create(phone_number_sid=pns[ELSEWHERE])
    bundles = compliant_bundles(client)
    brand = client.messaging.v1.brand_registrations.create(customer_profile_bundle_sid=bundles[0],
                                                           a2p_profile_bundle_sid=bundles[1], mock=True)
    client.messaging.v1.brand_registrations(brand.sid).fetch()  # the review (delay 0) concludes on a read
    content = {k: v for k, v in (campaign or COMPLIANT_CAMPAIGN).items() if k != "messaging_service_sid"}
    qe = client.messaging.v1.services(service.sid).us_app_to_person.create(
        **{**content, "brand_registration_sid": brand.sid}, x_twilio_api_version=USA2P_API_VERSION).sid
    return Account(service.sid, marketing.sid, qe, brand.sid, bundles, addresses, flow)
