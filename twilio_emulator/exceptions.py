"""Every error the emulator answers with, one class per condition (in the style of moto's per-service exceptions).

Twilio's legacy error body is `{code, message, more_info, status}`: `status` repeats the HTTP status and `code` is a
Twilio error code (https://www.twilio.com/docs/api/errors). A class fixes the status and the code of its condition
and builds the message, so a model raises `SenderPoolFull(limit)` rather than spelling out numbers, and the wire
body of a condition is written in one place. Codes come from `twilio_contract.ErrorCode`, which the product's
providers use too.

Classes are grouped as the models are: request handling and control API, accounts, phone numbers, Messaging
Services, A2P 10DLC, Trust Hub, and the Flex inbound products (Conversations, Flex, Proxy).
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from twilio_contract import ErrorCode


class TwilioError(Exception):
    """A Twilio API error. Subclasses set `status` and `code`; an instance may override both (injected faults)."""

    status: int = HTTPStatus.BAD_REQUEST
    code: int = ErrorCode.INVALID_PARAMETER

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        self.headers: dict[str, str] = dict(headers or {})

    def body(self) -> dict[str, object]:
        code = int(self.code)
        return {
            "code": code,
            "message": self.message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": int(self.status),
        }


# ------------------------------------------------------------------------------------ requests and parameters
class InvalidParameter(TwilioError):
    """A parameter's value breaks a rule; the message names both (D27)."""

    def __init__(self, name: str, rule: str) -> None:
        super().__init__(f"Invalid parameter {name}: {rule}")


class MissingParameter(TwilioError):
    def __init__(self, name: str, where: str = "post body") -> None:
        super().__init__(f"Missing required parameter {name} in the {where}")


class UnknownParameter(TwilioError):
    """D17: undeclared parameters are rejected, so a client's typo is not silently ignored."""

    def __init__(self, name: str, where: str, allowed: str) -> None:
        super().__init__(f"Unknown parameter {name} in the {where} (allowed: {allowed})")


class UnsupportedContentType(TwilioError):
    def __init__(self, media: str) -> None:
        super().__init__(f"Unsupported Content-Type {media}: Twilio expects application/x-www-form-urlencoded "
                         "parameters")


class MalformedRequest(TwilioError):
    """A body or query string that cannot be decoded (`what`: "form body", "query string", "JSON body")."""

    def __init__(self, what: str, detail: object) -> None:
        super().__init__(f"Malformed {what}: {detail}")


class UnexpectedBody(TwilioError):
    def __init__(self, method: str) -> None:
        super().__init__(f"A {method} request takes no body")


class BodyTooLarge(TwilioError):
    """D22: bodies are bounded; Twilio's own limit is undocumented."""

    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE

    def __init__(self, limit: int) -> None:
        super().__init__(f"Request body too large: the limit is {limit} bytes")


class InvalidPageToken(TwilioError):
    """D30: page tokens are the emulator's own `PT<offset>`."""

    code = ErrorCode.INVALID_PAGE_TOKEN

    def __init__(self, token: str) -> None:
        super().__init__(f"Invalid PageToken {token!r}")


class NotFound(TwilioError):
    """Twilio's message template; product APIs name the path without the version prefix (D13)."""

    status = HTTPStatus.NOT_FOUND
    code = ErrorCode.NOT_FOUND

    def __init__(self, path: str) -> None:
        super().__init__(f"The requested resource {path} was not found")


class MethodNotAllowed(TwilioError):
    status = HTTPStatus.METHOD_NOT_ALLOWED
    code = ErrorCode.METHOD_NOT_ALLOWED

    def __init__(self, path: str, method: str) -> None:
        super().__init__(f"The requested resource {path} does not support the attempted HTTP method {method}")


class InternalServerError(TwilioError):
    status = HTTPStatus.INTERNAL_SERVER_ERROR
    code = ErrorCode.INTERNAL_SERVER_ERROR

    def __init__(self) -> None:
        super().__init__("Internal Server Error")


class AuthenticationFailed(TwilioError):
    """401 with the challenge header Twilio sends, so HTTP clients know to use Basic auth."""

    status = HTTPStatus.UNAUTHORIZED
    code = ErrorCode.AUTHENTICATION_FAILED

    def __init__(self, message: str = "Authenticate") -> None:
        super().__init__(message, headers={"WWW-Authenticate": 'Basic realm="Twilio API"'})


class NoCredentials(AuthenticationFailed):
    def __init__(self) -> None:
        super().__init__("Authentication Error - No credentials provided")


class InvalidCredentials(AuthenticationFailed):
    def __init__(self) -> None:
        super().__init__("Authentication Error - invalid username or password")


class AccountNotAccessible(AuthenticationFailed):
    """D19: a v2010 path naming an account the credentials may not act for."""

    def __init__(self, account_sid: str) -> None:
        super().__init__(f"Authenticated account may not access {account_sid}")


# ------------------------------------------------------------------------------------------ control API
class InvalidFault(TwilioError):
    """A `/_emulator/faults` body that does not describe one fault."""


class InjectedFault(TwilioError):
    """The answer of a fault added through `/_emulator/faults`: any status and code the test asked for (D33)."""

    def __init__(self, status: int, code: int, retry_after: float | None) -> None:
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else None
        super().__init__(f"Injected fault: HTTP {status}", status=status, code=code, headers=headers)


class ReviewTargetNotFound(TwilioError):
    status = HTTPStatus.NOT_FOUND
    code = ErrorCode.NOT_FOUND

    def __init__(self, sid: str) -> None:
        super().__init__(f"No brand, campaign or bundle with SID {sid} (use the Messaging Service SID MG… to "
                         "address its campaign)")


class AmbiguousCampaignSid(TwilioError):
    """D26: every campaign has the same SID, so with several the service must name the one meant."""

    status = HTTPStatus.CONFLICT
    code = ErrorCode.CONFLICT

    def __init__(self) -> None:
        super().__init__("Several campaigns share the constant SID QE2c68…; address the campaign by its Messaging "
                         "Service SID (MG…)")


# ------------------------------------------------------------------------------------------------ accounts
class SubaccountNotAllowed(TwilioError):
    """D19: only a main account creates subaccounts."""

    code = ErrorCode.SUBACCOUNT_NOT_ALLOWED

    def __init__(self) -> None:
        super().__init__("Cannot create a subaccount from a subaccount")


# ------------------------------------------------------------------------------------------- phone numbers
class InvalidPhoneNumberSid(TwilioError):
    """A malformed PhoneNumberSid is an invalid phone number to Twilio, not a generic invalid parameter."""

    code = ErrorCode.INVALID_PHONE_NUMBER

    def __init__(self, value: str) -> None:
        super().__init__(f"PhoneNumberSid must be a PN SID (PN + 32 hex digits), got {value!r}")


class PhoneNumberNotOnAccount(TwilioError):
    code = ErrorCode.INVALID_PHONE_NUMBER

    def __init__(self, sid: str) -> None:
        super().__init__(f"PhoneNumberSid {sid} is not a phone number on this account")


class UnsupportedPhoneNumber(TwilioError):
    """D29: the emulator sells US/Canada numbers only."""

    code = ErrorCode.INVALID_PHONE_NUMBER

    def __init__(self, phone_number: str) -> None:
        super().__init__(f"PhoneNumber {phone_number} is invalid: the emulator sells US/Canada numbers in E.164 "
                         "form (+1NXXNXXXXXX)")


class PhoneNumberOrAreaCodeRequired(TwilioError):
    """Twilio's documents mark the two as alternatives (`x-twilio.conditional`); one is needed."""

    code = ErrorCode.INVALID_PHONE_NUMBER

    def __init__(self) -> None:
        super().__init__("A PhoneNumber or AreaCode is required")


class PhoneNumberNotAvailable(TwilioError):
    code = ErrorCode.PHONE_NUMBER_NOT_AVAILABLE

    def __init__(self, phone_number: str) -> None:
        super().__init__(f"PhoneNumber {phone_number} is not available")


class NoNumbersInAreaCode(TwilioError):
    code = ErrorCode.NO_NUMBERS_IN_AREA_CODE

    def __init__(self, area_code: str) -> None:
        super().__init__(f"No phone numbers found in area code {area_code}")


class NumberInServiceCannotMove(TwilioError):
    """D20: a number moves to another account only once no Messaging Service holds it."""

    code = ErrorCode.SENDER_IN_ANOTHER_SERVICE

    def __init__(self) -> None:
        super().__init__("Phone Number or Short Code is associated with a Messaging Service; remove it before "
                         "moving it to another account.")


# ------------------------------------------------------------------------------------- Messaging Services
class InvalidServiceUsecase(TwilioError):
    code = ErrorCode.INVALID_SERVICE_USECASE

    def __init__(self, usecase: str, allowed: str) -> None:
        super().__init__(f"Messaging Service Use Case is Invalid: '{usecase}' is not one of {allowed}")


class InvalidValidityPeriod(TwilioError):
    code = ErrorCode.INVALID_VALIDITY_PERIOD

    def __init__(self) -> None:
        super().__init__("Invalid validity period value: ValidityPeriod must be between 1 and 36000")


class SenderAlreadyInService(TwilioError):
    """D3: the association conflicts are Twilio's only 409s among these codes."""

    status = HTTPStatus.CONFLICT
    code = ErrorCode.SENDER_ALREADY_IN_SERVICE

    def __init__(self) -> None:
        super().__init__("Phone Number or Short Code is already in the Messaging Service.")


class SenderInAnotherService(TwilioError):
    status = HTTPStatus.CONFLICT
    code = ErrorCode.SENDER_IN_ANOTHER_SERVICE

    def __init__(self) -> None:
        super().__init__("Phone Number or Short Code is associated with another Messaging Service.")


class SenderPoolFull(TwilioError):
    code = ErrorCode.SENDER_POOL_FULL

    def __init__(self, limit: int) -> None:
        super().__init__(f"Messaging Service Number Pool size limit reached ({limit} senders).")


# -------------------------------------------------------------------------------------------- A2P 10DLC
class BrandNotApproved(TwilioError):
    """A campaign needs an APPROVED brand of the same account; `state` says what the brand is instead."""

    code = ErrorCode.BRAND_NOT_REGISTERED

    def __init__(self, brand_sid: str, state: str) -> None:
        super().__init__(f"Brand Registration {brand_sid} {state}; a campaign needs an APPROVED brand")


class SoleProprietorMismatch(TwilioError):
    """D31: the SOLE_PROPRIETOR use case and a sole-proprietor brand go only with each other."""

    code = ErrorCode.BRAND_NOT_REGISTERED

    def __init__(self) -> None:
        super().__init__("SOLE_PROPRIETOR campaigns need a SOLE_PROPRIETOR brand, and a SOLE_PROPRIETOR brand "
                         "allows only the SOLE_PROPRIETOR use case")


class InvalidA2PUsecase(TwilioError):
    code = ErrorCode.INVALID_A2P_USECASE

    def __init__(self, usecase: str) -> None:
        super().__init__(f"A2P Use Case is Invalid: '{usecase}'")


class CampaignLimitReached(TwilioError):
    code = ErrorCode.BRAND_CAMPAIGN_LIMIT_REACHED

    def __init__(self) -> None:
        super().__init__("Campaign limit reached on the Brand: a SOLE_PROPRIETOR brand has one campaign")


class CampaignAlreadyExists(TwilioError):
    """D4: one campaign per Messaging Service."""

    status = HTTPStatus.CONFLICT
    code = ErrorCode.CONFLICT

    def __init__(self, service_sid: str) -> None:
        super().__init__(f"Messaging Service {service_sid} already has a US A2P campaign; a Messaging Service can "
                         "hold only one")


class CampaignUnderReview(TwilioError):
    """D5: a campaign in review cannot be changed."""

    status = HTTPStatus.CONFLICT
    code = ErrorCode.CONFLICT

    def __init__(self, campaign_status: str) -> None:
        super().__init__(f"Campaign is {campaign_status}: it can be updated only when VERIFIED or FAILED")


class CampaignSuspended(TwilioError):
    code = ErrorCode.CAMPAIGN_SUSPENDED

    def __init__(self) -> None:
        super().__init__("Cannot perform operation on suspended campaign")


class CampaignContentInvalid(TwilioError):
    """D31: Twilio's documented content rules, checked when the campaign is submitted."""

    code = ErrorCode.CAMPAIGN_LENGTH_INVALID

    def __init__(self, detail: str) -> None:
        super().__init__(f"Campaign registration failed: {detail}")


class BrandNotFailed(TwilioError):
    """Only a FAILED brand can be resubmitted."""

    code = ErrorCode.BRAND_NOT_FAILED

    def __init__(self, brand_status: str) -> None:
        super().__init__(f"Brand can only be updated when in FAILED state (status is {brand_status})")


class BrandUpdateLimitReached(TwilioError):
    """D6: resubmissions per brand are limited (`Settings.brand_update_limit`)."""

    code = ErrorCode.BRAND_UPDATE_LIMIT_REACHED

    def __init__(self, limit: int) -> None:
        super().__init__(f"Maximum number of brand update requests reached ({limit})")


# ----------------------------------------------------------------------------------------------- Trust Hub
class BundleNotEditable(TwilioError):
    """D24: a bundle in review or approved is frozen (its assignments too, D45; under review it cannot be deleted)."""

    code = ErrorCode.PROFILE_NOT_EDITABLE

    def __init__(self, sid: str, bundle_status: str) -> None:
        super().__init__(f"Bundle {sid} is {bundle_status} and cannot be edited")


class ItemInLockedBundle(TwilioError):
    """D46: an end user or supporting document held by a bundle under review or approved is frozen with it."""

    code = ErrorCode.PROFILE_NOT_EDITABLE

    def __init__(self, item_sid: str, bundle_sid: str, bundle_status: str) -> None:
        super().__init__(f"{item_sid} is assigned to bundle {bundle_sid}, which is {bundle_status} and cannot be "
                         "edited")


class AlreadyAssigned(TwilioError):
    """D45: an object is assigned to a bundle once."""

    status = HTTPStatus.CONFLICT
    code = ErrorCode.CONFLICT

    def __init__(self, object_sid: str, bundle_sid: str) -> None:
        super().__init__(f"{object_sid} is already assigned to bundle {bundle_sid}")


# ------------------------------------------------------------------------------- Conversations, Flex, Proxy
class AddressConfigurationExists(TwilioError):
    """D39: an address has one address configuration."""

    status = HTTPStatus.CONFLICT
    code = ErrorCode.CONFLICT

    def __init__(self, address: str) -> None:
        super().__init__(f"An address configuration for {address} already exists")


class FlexFlowConflict(TwilioError):
    """D41: two enabled inbound Flex Flows cannot claim the same contact identity on one channel."""

    status = HTTPStatus.CONFLICT
    code = ErrorCode.CONFLICT

    def __init__(self, contact_identity: str, other_sid: str) -> None:
        super().__init__(f"Flex Flow {other_sid} already handles contact identity {contact_identity} on this channel")


class ProxyUniqueNameTaken(TwilioError):
    """D43: a Proxy service's unique name is unique in its account."""

    status = HTTPStatus.CONFLICT
    code = ErrorCode.CONFLICT

    def __init__(self, unique_name: str) -> None:
        super().__init__(f"A Proxy service named {unique_name!r} already exists")
