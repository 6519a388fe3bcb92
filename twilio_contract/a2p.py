"""US A2P 10DLC facts from Twilio's API documents: use-case codes, brand types, Trust Hub policy SIDs."""

from __future__ import annotations

#: Usa2p use-case code -> (display name, post_approval_required), as `.../Compliance/Usa2p/Usecases` lists them.
#: SOLE_PROPRIETOR is valid only for (and the only one valid for) sole-proprietor brands.
A2P_USECASES: dict[str, tuple[str, bool]] = {
    "2FA": ("Two-Factor authentication (2FA)", False),
    "ACCOUNT_NOTIFICATION": ("Account Notification", False),
    "AGENTS_FRANCHISES": ("Agents and Franchises", True),
    "CHARITY": ("Charity", False),
    "PROXY": ("Proxy", True),
    "CUSTOMER_CARE": ("Customer Care", False),
    "DELIVERY_NOTIFICATION": ("Delivery Notification", False),
    "EMERGENCY": ("Emergency", True),
    "FRAUD_ALERT": ("Fraud Alert Messaging", False),
    "HIGHER_EDUCATION": ("Higher Education", False),
    "K12_EDUCATION": ("K-12 Education", True),
    "LOW_VOLUME": ("Low Volume Mixed", False),
    "MARKETING": ("Marketing", False),
    "MIXED": ("Mixed", False),
    "POLITICAL": ("Political", False),
    "POLLING_VOTING": ("Polling and voting", False),
    "PUBLIC_SERVICE_ANNOUNCEMENT": ("Public Service Announcement", False),
    "SECURITY_ALERT": ("Security Alert", False),
    "SOCIAL": ("Social", True),
    "SWEEPSTAKE": ("Sweepstake", True),
    "SOLE_PROPRIETOR": ("Sole Proprietor", False),
}

#: The Usa2p resource SID is one constant; a campaign is addressed by its Messaging Service.
CAMPAIGN_SID = "QE2c6890da8086d771620e9b13fadeba0b"

BRAND_TYPES = ("STANDARD", "SOLE_PROPRIETOR")
