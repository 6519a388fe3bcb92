"""A local emulator of Twilio's Messaging Services, numbers, A2P 10DLC brands/campaigns and Trust Hub bundles.

Run it with `python -m twilio_emulator --port 0`; around a command with `python -m twilio_emulator.launch ... --
COMMAND`; from Python tests with `twilio_emulator.testing.run_emulator()`.
See docs/emulator.md (how to use it) and docs/emulator-decisions.md (choices where Twilio is undocumented).
"""

from twilio_contract import CAMPAIGN_SID

from .models import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN

__all__ = ["CAMPAIGN_SID", "DEFAULT_ACCOUNT_SID", "DEFAULT_AUTH_TOKEN"]
