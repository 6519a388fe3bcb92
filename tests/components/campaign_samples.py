"""A campaign Twilio accepts (and vetting should pass), shared by the campaign-rule and policy tests."""

from __future__ import annotations

from typing import Any

BRAND = "Acme Support"

COMPLIANT_CAMPAIGN: dict[str, Any] = {
    "messaging_service_sid": "MG" + "a" * 32,
    "brand_registration_sid": "BN" + "0" * 32,
    "us_app_to_person_usecase": "CUSTOMER_CARE",
    "description": "Acme Support agents answer questions from existing customers who contact Acme about orders.",
    "message_flow": (
        "Customers opt in by texting JOIN to our support line or by ticking an unchecked consent box on "
        "https://acme.example.com/support. Acme Support sends up to 5 msgs/week. Msg & data rates may apply. "
        "Reply STOP to opt out and HELP for help. Terms: https://acme.example.com/terms, privacy: "
        "https://acme.example.com/privacy."
    ),
    "message_samples": [
        "Acme Support: your ticket [ticket_id] was updated, an agent replies shortly. Reply STOP to opt out.",
        "Acme Support: thanks for contacting us about order [order_id]. How can we help today?",
    ],
    "has_embedded_links": False,
    "has_embedded_phone": False,
    "opt_in_keywords": ["JOIN"],
    "opt_in_message": "Acme Support: you are subscribed to support texts. Msg & data rates may apply. Reply HELP for help, STOP to opt out.",
    "opt_out_keywords": ["STOP", "QUIT"],
    "opt_out_message": "Acme Support: you are unsubscribed and will not receive any more messages.",
    "help_keywords": ["HELP"],
    "help_message": "Acme Support: for help email support@acme.example.com or call +1 415 555 0100.",
    "subscriber_opt_in": True,
    "age_gated": False,
    "direct_lending": False,
    "privacy_policy_url": "https://acme.example.com/privacy",
    "terms_and_conditions_url": "https://acme.example.com/terms",
}
