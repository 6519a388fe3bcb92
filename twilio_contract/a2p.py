"""US A2P 10DLC facts from Twilio's API documents: use-case codes, brand types, Trust Hub policy SIDs."""

from __future__ import annotations

from datetime import date

from twilio_contract.error_codes import ErrorCode

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

#: The `X-Twilio-Api-Version` whose Usa2p bodies carry `privacy_policy_url` and `terms_and_conditions_url` (the v2
#: representation of the campaign); without it Twilio may answer with the v1 one, which has neither.
USA2P_API_VERSION = "v1.2"

#: From this day Twilio refuses campaigns created through the API without `PrivacyPolicyUrl` (30933) or
#: `TermsAndConditionsUrl` (30934); campaigns created before keep working.
POLICY_URLS_REQUIRED_SINCE = date(2026, 6, 30)

#: Brand Authentication+ (the 2FA email to a public company's brand contact) failures: code -> Twilio's title.
AUTH_PLUS_FAILURES: dict[int, str] = {
    ErrorCode.AUTH_PLUS_DOMAIN_NOT_VERIFIED: "Domain Ownership Could Not Be Verified",
    ErrorCode.AUTH_PLUS_VERIFICATION_EXPIRED: "2FA Verification Expired",
    ErrorCode.AUTH_PLUS_EMAIL_UNDELIVERABLE: "2FA Email Undeliverable",
    ErrorCode.AUTH_PLUS_FAILED_OR_TIMED_OUT: "2FA Verification Failed or Timed Out",
    ErrorCode.AUTH_PLUS_EMAIL_DOMAIN_INVALID: "Invalid Brand Contact Email Domain",
    ErrorCode.AUTH_PLUS_CODE_EXPIRED: "2FA Code Expired",
}
