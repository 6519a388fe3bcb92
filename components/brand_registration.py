"""`pulumi-python:dynamic/twilio:BrandRegistration`: an A2P 10DLC brand (`/v1/a2p/BrandRegistrations`).

What the API allows shapes the resource:

- Every creation input (``customer_profile_bundle_sid``, ``a2p_profile_bundle_sid``, ``brand_type``, ``mock``,
  ``skip_automatic_sec_vet``) is fixed once the brand exists: the only update the API has is a resubmission with no
  parameters. So a change of any of them **replaces** the brand (a new registration, with its fees and review);
  edit the Trust Hub bundles themselves, keeping their SIDs, to correct data without a new brand.
- A brand whose last known status is FAILED shows as an update and is **resubmitted** (Twilio re-reads the
  bundles; fix them first, resubmissions are limited, error 21724).
- There is no API to delete a brand: destroying the resource only **forgets** it, with a warning, and never fails.
- ``adopt_sid`` brings an existing brand (made in the Console) under management without a new registration; a
  brand used by several stacks is better referenced read-only with :meth:`BrandRegistration.get`.
- Before registering, both bundles are read: a missing, ``draft`` or ``twilio-rejected`` bundle stops the create
  (Twilio would fail the brand with error 30793, after its fees); bundles under review are fine, Twilio reviews the
  brand after them.
- ``wait_for_review`` makes `up` wait (up to ``review_timeout_seconds``) until the brand is APPROVED or FAILED, so the
  campaign that follows is registered at once.
- What a brand's state asks of the user (:func:`next_step`: the Authentication+ 2FA email of a public company's
  brand contact, its failures 21736-21741, the registration limit 30712, a failed review) is warned on every
  `preview`, `up` and `refresh`, and is the stack output ``brandStatusDetail``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pulumi

from components.errors import TwilioApiError
from components.inputs import (Choice, Flag, ResourceArgs, Sid, Update, Violation, adopt_field, review_timeout_field,
                               twilio_field, wait_field)
from components.provider_base import TwilioProvider, TwilioResource, describe_errors
from twilio_contract import AUTH_PLUS_FAILURES, BRAND_TYPES, ErrorCode

#: Brand statuses while Twilio's review goes on.
REVIEWING = ("PENDING", "IN_REVIEW")
#: Bundle statuses a brand cannot be registered with (Twilio would fail it, error 30793).
UNUSABLE_BUNDLE = ("draft", "twilio-rejected")


@dataclass(frozen=True, kw_only=True)
class BrandRegistrationArgs(ResourceArgs):
    OUTPUTS = ("sid", "status", "tcr_id", "identity_status", "brand_score", "failure_reason", "errors")

    customer_profile_bundle_sid: pulumi.Input[str] | None = twilio_field(
        Sid("BU", "a Trust Hub CustomerProfile bundle"), update=Update.REPLACE, required=True)
    a2p_profile_bundle_sid: pulumi.Input[str] | None = twilio_field(
        Sid("BU", "a Trust Hub A2P TrustProduct bundle"), update=Update.REPLACE, required=True)
    brand_type: pulumi.Input[str] | None = twilio_field(Choice(values=BRAND_TYPES, upper=True), update=Update.REPLACE)
    mock: pulumi.Input[bool] | None = twilio_field(Flag(), update=Update.REPLACE)
    skip_automatic_sec_vet: pulumi.Input[bool] | None = twilio_field(Flag(), update=Update.REPLACE)
    wait_for_review: pulumi.Input[bool] | None = wait_field("brand")
    review_timeout_seconds: pulumi.Input[int] | None = review_timeout_field()
    adopt_sid: pulumi.Input[str] | None = adopt_field("BN", "a Brand Registration")


#: What fixes each Authentication+ failure, from Twilio's page of each code (https://www.twilio.com/docs/api/errors/<code>).
_AUTH_PLUS_FIXES: dict[int, str] = {
    ErrorCode.AUTH_PLUS_DOMAIN_NOT_VERIFIED: "use a brand contact email on a domain the business owns",
    ErrorCode.AUTH_PLUS_VERIFICATION_EXPIRED: "the contact must open the link before it expires",
    ErrorCode.AUTH_PLUS_EMAIL_UNDELIVERABLE: "correct the brand contact email: an active mailbox that takes outside mail",
    ErrorCode.AUTH_PLUS_FAILED_OR_TIMED_OUT: "the contact must finish every step, the PIN too, before it times out",
    ErrorCode.AUTH_PLUS_EMAIL_DOMAIN_INVALID: "use a brand contact email on the business's own domain, not a free-mail "
                                              "one such as gmail.com",
    ErrorCode.AUTH_PLUS_CODE_EXPIRED: "the contact must enter the code before it expires",
}
_CONTACT_EMAIL = "brand_contact_email of the A2P profile bundle (us_a2p_messaging_profile_information)"
_NEW_2FA_EMAIL = ("a new 2FA email (Console: Messaging > Regulatory Compliance > Brands, or "
                  "POST /v1/a2p/BrandRegistrations/{sid}/2fa; a new Authentication+ fee)")


def next_step(brand: Mapping[str, Any]) -> str | None:
    """What the user must do next for a brand whose outputs (or Twilio fields) are ``brand``, naming Twilio's code and
    the fix; None when nothing is asked of them. Twilio has no field of its own for Authentication+: a brand that
    waits for its contact is PENDING with identity UNVERIFIED (D37 of docs/emulator-decisions.md)."""
    status, sid = brand.get("status"), brand.get("sid") or "{BrandSid}"
    codes = [int(code) for e in brand.get("errors") or [] if isinstance(e, Mapping)
             if isinstance(code := e.get("error_code") or e.get("code"), (int, float))]
    if status == "FAILED":
        auth_plus = next((c for c in codes if c in AUTH_PLUS_FAILURES), None)
        if auth_plus is not None:
            return (f"Authentication+ failed (Twilio error {auth_plus}: {AUTH_PLUS_FAILURES[auth_plus]}): "
                    f"{_AUTH_PLUS_FIXES[auth_plus]}; the contact email is {_CONTACT_EMAIL}. Then send "
                    f"{_NEW_2FA_EMAIL.format(sid=sid)}, or let `pulumi up` resubmit the brand")
        if ErrorCode.BRAND_REGISTRATION_LIMIT in codes:
            return (f"the account reached its maximum number of brand registrations (Twilio error "
                    f"{int(ErrorCode.BRAND_REGISTRATION_LIMIT)}): contact Twilio Support")
        errors = describe_errors(SimpleNamespace(errors=brand.get("errors"), failure_reason=brand.get("failure_reason")))
        return (f"registration FAILED ({errors}): correct the Trust Hub bundles, then `pulumi up` resubmits the brand; "
                f"Twilio allows three resubmissions (error {int(ErrorCode.BRAND_UPDATE_LIMIT_REACHED)} after that)")
    if status in ("PENDING", "IN_REVIEW") and brand.get("identity_status") == "UNVERIFIED":
        if brand.get("brand_type") == "SOLE_PROPRIETOR":
            return ("waiting for the brand contact to confirm the one-time code sent by SMS to their mobile (a new "
                    f"code: POST /v1/a2p/BrandRegistrations/{sid}/SmsOtp); campaigns are refused until then")
        return ("waiting for the brand contact to complete the Authentication+ 2FA email sent to "
                f"{_CONTACT_EMAIL}, within 7 days; campaigns are refused until then (Twilio error "
                f"{int(ErrorCode.BRAND_PENDING)}). If it did not arrive, resend it from the Console (Messaging > "
                "Regulatory Compliance > Brands)")
    return None


class BrandRegistrationProvider(TwilioProvider):
    args = BrandRegistrationArgs
    kind = "Brand Registration"

    def validate(self, inputs: Any) -> list[Violation]:
        a, b = inputs.get("customer_profile_bundle_sid"), inputs.get("a2p_profile_bundle_sid")
        if isinstance(a, str) and a == b:
            return [Violation("a2p_profile_bundle_sid", "same_bundle_twice",
                              "a2p_profile_bundle_sid must be the A2P TrustProduct bundle, not the CustomerProfile "
                              "bundle given as customer_profile_bundle_sid")]
        return []

    def extra_changes(self, olds: Any, news: Any) -> list[str]:
        return ["status"] if olds.get("status") == "FAILED" else []  # resubmit

    def report(self, outs: Mapping[str, Any]) -> None:
        step = next_step(outs)
        if step is not None:
            self.warn(f"{self.kind} {outs.get('sid') or ''}: {step}")

    def _brands(self) -> Any:
        return self.client.messaging.v1.brand_registrations

    def fetch(self, id_: str, props: Any) -> Any | None:
        return self.fetch_or_none(f"read {self.kind} {id_}", self._brands()(id_).fetch)

    def adopted(self, obj: Any, inputs: dict[str, Any]) -> Any:
        for key in self.differing(obj, inputs, self.args.names(Update.REPLACE)):
            raise self.refuse(key, f"{self.kind} {obj.sid} has {getattr(obj, key, None)!r}, not {inputs[key]!r}; "
                                   "a brand's creation inputs cannot change, so remove the input or fix its value")
        return self._wait(obj, inputs)

    def _wait(self, brand: Any, inputs: Mapping[str, Any]) -> Any:
        if not inputs.get("wait_for_review") or brand.status not in REVIEWING:
            return brand
        brand = self.await_review(f"{self.kind} {brand.sid}", brand, self._brands()(brand.sid).fetch,
                                  lambda b: b.status, REVIEWING, self.review_timeout(inputs))
        if brand.status == "FAILED":
            self.warn(f"{self.kind} {brand.sid} FAILED Twilio's review ({describe_errors(brand)}); fix the Trust Hub "
                      "bundles, then the next `pulumi up --refresh` resubmits the brand")
        return brand

    def _check_bundles(self, params: Mapping[str, Any]) -> None:
        """Refuse bundles Twilio would fail the brand for (30793), before the registration and its fees."""
        trusthub = self.client.trusthub.v1
        for key, kind, collection in (("customer_profile_bundle_sid", "Customer Profile", trusthub.customer_profiles),
                                      ("a2p_profile_bundle_sid", "A2P Trust Product", trusthub.trust_products)):
            sid = params[key]
            bundle = self.fetch_or_none(f"read {kind} {sid}", collection(sid).fetch)
            problem = (f"{kind} {sid} does not exist in account {self.account_sid}" if bundle is None else
                       f"{kind} {sid} is {bundle.status} ({describe_errors(bundle)})"
                       if bundle.status in UNUSABLE_BUNDLE else None)
            if problem:
                raise self.refuse(key, f"{problem}: Twilio would fail a brand registered with it (error "
                                       f"{int(ErrorCode.BRAND_BUNDLES_INVALID)}). Submit the bundle (or fix and "
                                       "resubmit it) first; nothing was registered.",
                                  would_be=ErrorCode.BRAND_BUNDLES_INVALID)

    def create_new(self, inputs: dict[str, Any]) -> Any:
        params = self.args.twilio_params(inputs)
        self._check_bundles(params)
        brands = self._brands()
        bundles = (params["customer_profile_bundle_sid"], params["a2p_profile_bundle_sid"])
        before = {b.sid for b in self.call(f"list {self.kind}s", lambda: brands.list(page_size=1000))}
        brand = self.create_once(
            f"create {self.kind} for bundles {bundles[0]} / {bundles[1]}",
            lambda: brands.create(**params),
            lambda: [
                b for b in brands.list(page_size=1000)
                if b.sid not in before and (b.customer_profile_bundle_sid, b.a2p_profile_bundle_sid) == bundles
            ],
            lambda b: f"{self.kind} {b.sid}",
            repeatable=False,  # Twilio cannot delete a brand, and each registration costs fees
        )
        return self._wait(brand, inputs)

    def update_existing(self, id_: str, olds: dict[str, Any], inputs: dict[str, Any]) -> Any:
        brand = self.call(f"read {self.kind} {id_}", self._brands()(id_).fetch)
        if brand.status == "FAILED":
            self.warn(f"{self.kind} {id_} FAILED ({describe_errors(brand)}); resubmitting it. Twilio limits "
                      f"resubmissions (error {int(ErrorCode.BRAND_UPDATE_LIMIT_REACHED)}): fix the Trust Hub bundles "
                      "before resubmitting again.")
            # Not marked idempotent: a lost answer is not retried, so one `up` never spends two resubmissions.
            try:
                brand = self.call(f"resubmit {self.kind} {id_}", lambda: self._brands()(id_).update())
            except TwilioApiError as exc:
                if exc.code != ErrorCode.BRAND_UPDATE_LIMIT_REACHED:
                    raise
                raise TwilioApiError(f"{exc}. Twilio allows three resubmissions of a brand: correct the Trust Hub "
                                     "bundles and ask Twilio Support to resubmit it", code=exc.code,
                                     status=exc.status) from None
        return self._wait(brand, inputs)

    def remove(self, id_: str, props: Any) -> None:
        self.warn(
            f"{self.kind} {id_} is only forgotten: Twilio has no API to delete brand registrations, so it stays in the "
            f"account (status {props.get('status') or 'unknown'}). Delete it in the Twilio Console if it is no longer "
            f"needed; a brand with campaigns cannot be deleted (error {int(ErrorCode.BRAND_HAS_CAMPAIGNS)})."
        )


class BrandRegistration(TwilioResource, module="twilio", name="BrandRegistration"):
    """A US A2P 10DLC brand registration (the business behind the messages)."""

    Args = BrandRegistrationArgs
    Provider = BrandRegistrationProvider

    sid: pulumi.Output[str]
    status: pulumi.Output[str]
    tcr_id: pulumi.Output[str | None]
    identity_status: pulumi.Output[str | None]
    brand_score: pulumi.Output[int | None]
    failure_reason: pulumi.Output[str | None]
    errors: pulumi.Output[list[Any]]

    @staticmethod
    def get(resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None) -> "BrandRegistration":
        """Read an existing brand without managing it (no create, update or delete)."""
        return BrandRegistration(resource_name, opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)))


TYPE = BrandRegistration.type_token()
