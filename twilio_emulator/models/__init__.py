"""Twilio's resources and rules for the modelled slice, apart from HTTP (moto-style models), one module per product.

A `Session` is one unit of work over the SQLite store (one request = one transaction). Operations take parsed,
typed parameters (snake_case names) and return resource documents: snake_case wire fields, dates as epoch seconds,
internal bookkeeping under keys starting with `_`. The HTTP layer (`responses/`) adds URLs and formats dates.

| module | product |
|---|---|
| `accounts` | API 2010 Accounts (main and subaccounts), API keys, Basic-auth credentials |
| `phone_numbers` | API 2010 IncomingPhoneNumbers |
| `applications` | API 2010 Applications (a number's `sms_application_sid`) |
| `addresses` | API 2010 Addresses (a customer profile's physical address) |
| `messaging` | Messaging Services and their sender pool |
| `a2p` | US A2P 10DLC: brand registrations, Usa2p campaigns, use cases, and their reviews |
| `trusthub` | Trust Hub: bundles (customer profiles, trust products), end users, supporting documents, entity assignments, evaluations |
| `evaluation` | a bundle evaluated against its policy's requirements (`twilio_contract.trusthub`) |
| `conversations` | Conversations account configuration and address configurations |
| `flex` | Flex configuration and Flex Flows |
| `studio` | Studio v2 flows |
| `proxy` | Proxy services |
| `reviews` | the review lifecycle those products share |
| `session` | `Session`, which composes the product models, and the long-lived `Backend` |

A new product is a module with a `SessionBase` mixin, added to `Session`'s bases.

Every choice where Twilio's behaviour is undocumented is listed in docs/emulator-decisions.md (D-numbers below).
"""

from .accounts import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN
from .base import Settings
from .session import Backend, Session

__all__ = ["DEFAULT_ACCOUNT_SID", "DEFAULT_AUTH_TOKEN", "Backend", "Session", "Settings"]
