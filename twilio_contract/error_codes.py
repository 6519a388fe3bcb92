"""Twilio error codes by name (https://www.twilio.com/docs/api/errors/<code>).

Synchronous codes come back in an error body ``{code, message, more_info, status}``; the 30xxx review codes come
back later in a brand's or campaign's ``errors[]``. A member's docstring-like comment gives Twilio's title.
"""

from __future__ import annotations

from enum import IntEnum


class ErrorCode(IntEnum):
    # -- requests, 200xx
    INVALID_PARAMETER = 20001  # "Missing/unknown parameter" (also used for invalid values)
    AUTHENTICATION_FAILED = 20003  # "Authenticate" / permission denied
    METHOD_NOT_ALLOWED = 20004
    PAGE_SIZE_TOO_LARGE = 20007
    SUBACCOUNT_NOT_ALLOWED = 20008  # (emulator) a subaccount cannot create subaccounts
    NOT_FOUND = 20404
    CONFLICT = 20409
    TOO_MANY_REQUESTS = 20429  # "never processed and always safe to retry"
    INTERNAL_SERVER_ERROR = 20500
    SERVICE_UNAVAILABLE = 20503

    # -- phone numbers and Messaging Services, 21xxx
    INVALID_PHONE_NUMBER = 21421  # also a PN SID that is not on the account
    PHONE_NUMBER_NOT_AVAILABLE = 21422
    NO_NUMBERS_IN_AREA_CODE = 21452
    INVALID_PAGE_TOKEN = 21481
    INVALID_VALIDITY_PERIOD = 21624
    SENDER_ALREADY_IN_SERVICE = 21710  # "Phone Number or Short Code is already in the Messaging Service"
    SENDER_IN_ANOTHER_SERVICE = 21712  # "... is associated with another Messaging Service"
    INVALID_SERVICE_USECASE = 21713
    SENDER_POOL_FULL = 21714  # "Messaging Service Number Pool size limit reached"
    SENDER_LACKS_SMS = 21715

    # -- A2P 10DLC registration, 217xx (synchronous)
    BRAND_NOT_REGISTERED = 21717  # brand not APPROVED, or not valid for the use case
    INCOMPATIBLE_USECASES = 21719
    INVALID_A2P_USECASE = 21720
    BRAND_UPDATE_LIMIT_REACHED = 21724  # resubmissions are limited
    BRAND_NOT_FAILED = 21725  # a brand can be updated only when FAILED
    CAMPAIGN_MISSING_PARAMETERS = 21727
    CAMPAIGN_LENGTH_INVALID = 21728
    CAMPAIGN_SUSPENDED = 21729
    BRAND_SUSPENDED = 21731
    BRAND_CAMPAIGN_LIMIT_REACHED = 21732

    # -- brand Authentication+ (2FA email to the brand contact), in a FAILED brand's errors[]
    AUTH_PLUS_DOMAIN_NOT_VERIFIED = 21736  # "Domain Ownership Could Not Be Verified"
    AUTH_PLUS_VERIFICATION_EXPIRED = 21737  # "2FA Verification Expired"
    AUTH_PLUS_EMAIL_UNDELIVERABLE = 21738  # "2FA Email Undeliverable"
    AUTH_PLUS_FAILED_OR_TIMED_OUT = 21739  # "2FA Verification Failed or Timed Out"
    AUTH_PLUS_EMAIL_DOMAIN_INVALID = 21740  # "Invalid Brand Contact Email Domain"
    AUTH_PLUS_CODE_EXPIRED = 21741  # "2FA Code Expired"

    # -- delivery
    UNREGISTERED_10DLC_BLOCKED = 30034  # message from an unregistered US 10DLC number blocked

    # -- brand review (asynchronous, in errors[])
    BRAND_REGISTRATION_FAILED = 30702
    BRAND_HAS_CAMPAIGNS = 30710  # deleting a brand with active campaigns
    BRAND_REGISTRATION_LIMIT = 30712  # "Brand Registration Failure: Max registration limit reached"
    BRAND_BUNDLES_INVALID = 30793  # connected bundles missing or invalid

    # -- campaign vetting (asynchronous, in errors[])
    CONTENT_VIOLATION = 30883
    OPT_OUT_ERROR = 30887
    EMBEDDED_PHONE_NUMBER = 30889
    SUBSCRIBER_HELP = 30890
    PUBLIC_URL_SHORTENER = 30892
    SAMPLE_MESSAGE = 30893
    DIRECT_LENDING_MISSING = 30895
    OPT_IN_ERROR = 30896
    DISALLOWED_CONTENT = 30897
    MESSAGE_FLOW_INCOMPLETE = 30909
    OPT_IN_CHECKBOX = 30925
    PRIVACY_POLICY_URL_REQUIRED = 30933  # "Campaign registration rejected: Privacy Policy URL is required ..."
    TERMS_URL_REQUIRED = 30934  # "Campaign registration rejected: Terms and Conditions URL is required ..."
    HTTP_URL = 30964
    BRAND_PENDING = 30994  # "Campaign Registration Failed": its brand is pending (e.g. awaiting the 2FA email)

    # -- consent and disclosure rejections shared by Toll-Free Verification and A2P 10DLC (305xx, in errors[]);
    #    the ones a campaign's fields can show (docs/a2p-campaign-rules.md lists the others)
    DOUBLE_OPT_IN_CONFIRMATION = 30540  # "Double opt-in confirmation message is required"
    LIVE_OPT_IN_LINK = 30543  # "Live opt-in link not provided"
    CTA_FREQUENCY = 30545  # "Call-to-Action does not state message frequency"
    CONSENT_NOT_SMS = 30551  # "Consent does not specify SMS or text messaging"
    CONSENT_BUNDLED_CHANNELS = 30556  # "SMS consent is bundled with other communication channels"
    CTA_RATES = 30569  # "Call-to-Action is missing the message and data rates disclosure"
    CTA_SUPPORT = 30570  # "Call-to-Action is missing customer support instructions"

    # -- Trust Hub
    BUNDLE_REJECTED = 18601
    END_USER_MISSING = 22214  # evaluation: a required end user is not in the bundle
    END_USER_FIELD_INVALID = 22215  # evaluation: an end user's attribute is missing or invalid
    SUPPORTING_DOCUMENT_MISSING = 22216  # evaluation: a required document (or bundle) is not in the bundle
    SUPPORTING_DOCUMENT_FIELD_INVALID = 22217  # evaluation: a document's attribute is missing or invalid
    ADDRESS_MISSING = 22219  # evaluation: a document names no Address, or one that does not exist
    PROFILE_NOT_EDITABLE = 60711  # in-review and approved bundles cannot be edited

    @property
    def url(self) -> str:
        return f"https://www.twilio.com/docs/errors/{self.value}"
