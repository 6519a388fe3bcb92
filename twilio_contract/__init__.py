"""What Twilio's API defines and both sides of this repository rely on: error codes, SID formats, A2P
constants, API host names, Trust Hub policies (`twilio_contract.trusthub`).

The product (`components/`, `policies/`) and the emulator (`twilio_emulator/`) import these names, so a code or a
SID rule is written once and the two cannot drift apart. Nothing here imports Pulumi or the twilio client.
"""

from twilio_contract.a2p import (A2P_USECASES, AUTH_PLUS_FAILURES, BRAND_TYPES, CAMPAIGN_SID, POLICY_URLS_REQUIRED_SINCE,
                                 USA2P_API_VERSION)
from twilio_contract.error_codes import ErrorCode
from twilio_contract.hosts import host_name, split_twilio_url
from twilio_contract.sids import E164, SID_PATTERN, is_sid, sid_pattern

__all__ = ["A2P_USECASES", "AUTH_PLUS_FAILURES", "BRAND_TYPES", "CAMPAIGN_SID", "E164", "POLICY_URLS_REQUIRED_SINCE",
           "SID_PATTERN", "USA2P_API_VERSION", "ErrorCode", "host_name", "is_sid", "sid_pattern", "split_twilio_url"]
