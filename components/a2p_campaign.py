"""`pulumi-python:dynamic/twilio:A2PCampaign`: the US A2P 10DLC campaign of a Messaging Service
(`/v1/Services/{MessagingServiceSid}/Compliance/Usa2p`).

- ``check()`` runs :func:`campaign_violations`: the rules declared with each field (required fields, lengths, use
  case, keywords) and the cross-field and wording rules of ``components/campaign_rules.py``. What Twilio would
  reject fails before any fee is paid, naming the field; wording rules that only predict a vetting rejection are
  warnings.
- ``privacy_policy_url`` and ``terms_and_conditions_url`` (public https URLs) are required of a *new* campaign:
  Twilio refuses campaigns created without them since 2026-06-30 (30933, 30934). A campaign registered earlier, or
  adopted, keeps working without them; check() then says what a re-registration will need, and a change of brand,
  use case or service (which re-registers) makes it a new campaign again.
- Usa2p calls ask for the representation that carries both URLs (``X-Twilio-Api-Version``, D12 of
  docs/emulator-decisions.md), so that what Twilio stores is read back and compared.
- In place: ``description``, ``message_flow``, ``message_samples``, ``has_embedded_links``,
  ``has_embedded_phone``, ``age_gated``, ``direct_lending``, ``privacy_policy_url``, ``terms_and_conditions_url``
  (what Twilio's Usa2p update accepts).
- Replace (deleting first: a service holds one campaign): ``brand_registration_sid``,
  ``us_app_to_person_usecase``, and ``messaging_service_sid`` (the campaign lives under its service).
- The opt-in/opt-out/help messages and keywords and ``subscriber_opt_in`` cannot be changed through the API and
  do not replace on their own (a new campaign means new fees, a new review and paused messaging): a change shows
  in the preview and ``up`` stops with an error before calling Twilio, telling how to re-register deliberately
  (``pulumi up --replace <urn>``).
- A campaign can only be created for an APPROVED brand: when Twilio says 21717 for a brand still under review,
  create waits for it (up to ``review_timeout_seconds``) and tries again; with ``wait_for_review`` it also waits
  for the campaign's own review to end. In the usual case create is a single API call.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.dynamic import CheckResult
from pulumi.output import Unknown
from twilio.base.exceptions import TwilioRestException

from components.campaign_rules import HEURISTIC_RULES, wording_violations
from components.errors import TwilioApiError
from components.inputs import (
    Choice,
    Flag,
    NewRequirement,
    ResourceArgs,
    Sid,
    Text,
    TextList,
    Update,
    Url,
    Violation,
    Whole,
    adopt_field,
    is_unknown,
    twilio_field,
)
from components.provider_base import DEFAULT_REVIEW_TIMEOUT, TwilioProvider, TwilioResource, describe_errors
from components.twilio_client import idempotent_requests
from twilio_contract import A2P_USECASES, POLICY_URLS_REQUIRED_SINCE, USA2P_API_VERSION, ErrorCode

REVIEWING = ("PENDING", "IN_PROGRESS")
BRAND_REVIEWING = ("PENDING", "IN_REVIEW")

_MISSING = ErrorCode.CAMPAIGN_MISSING_PARAMETERS
_LENGTH = ErrorCode.CAMPAIGN_LENGTH_INVALID


def _text(low: int, high: int, reason: str) -> Text:
    return Text(min_len=low, max_len=high, reason=reason, code=_LENGTH, type_code=_MISSING, multiline=True)


def _policy_url(code: int) -> Url:
    """R16: Twilio's reviewers open the privacy policy and the terms, so each is a public absolute https URL; Twilio
    names the field's own code (30933, 30934) for a value that is not."""
    return Url(https_only=True, public=True, reason="invalid_url_format", code=code)


_KEYWORDS = TextList(item=Text(pattern=re.compile(r"^[A-Za-z0-9]+$"), what="alphanumeric (no spaces or punctuation)",
                               reason="keyword_format"), joined_max=255)


@dataclass(frozen=True, kw_only=True)
class A2PCampaignArgs(ResourceArgs):
    """The Usa2p create parameters (R01-R09, R13, R14 and R16 of docs/a2p-campaign-rules.md are the rules declared
    here)."""

    OUTPUTS = ("sid", "campaign_status", "campaign_id", "errors", "rate_limits")

    messaging_service_sid: pulumi.Input[str] | None = twilio_field(
        Sid("MG", "a Messaging Service", reason="invalid_messaging_service_sid", code=ErrorCode.NOT_FOUND),
        update=Update.REPLACE, path=True, config="")
    brand_registration_sid: pulumi.Input[str] | None = twilio_field(
        Sid("BN", "a Brand Registration", reason="invalid_brand_registration_sid",
            code=ErrorCode.BRAND_NOT_REGISTERED),
        update=Update.REPLACE, required=True, config="")
    us_app_to_person_usecase: pulumi.Input[str] | None = twilio_field(
        Choice(values=tuple(A2P_USECASES), reason="invalid_usecase", code=ErrorCode.INVALID_A2P_USECASE,
               example="the Usa2p use-case codes (upper case), e.g. CUSTOMER_CARE, ACCOUNT_NOTIFICATION, MIXED"),
        update=Update.REPLACE, required=True, required_code=_MISSING, config="usecase")
    description: pulumi.Input[str] | None = twilio_field(
        _text(40, 4096, "description_length"), required=True, required_code=_MISSING)
    message_flow: pulumi.Input[str] | None = twilio_field(
        _text(40, 2048, "message_flow_length"), required=True, required_code=_MISSING)
    message_samples: pulumi.Input[list[pulumi.Input[str]]] | None = twilio_field(
        TextList(min_items=2, max_items=5, count_reason="sample_count", noun="samples",
                 item=_text(20, 1024, "sample_length"), code=_LENGTH, type_code=_MISSING),
        required=True, required_code=_MISSING)
    has_embedded_links: pulumi.Input[bool] | None = twilio_field(Flag(code=_MISSING), required=True,
                                                                 required_code=_MISSING)
    has_embedded_phone: pulumi.Input[bool] | None = twilio_field(Flag(code=_MISSING), required=True,
                                                                 required_code=_MISSING)
    opt_in_message: pulumi.Input[str] | None = twilio_field(_text(20, 320, "opt_in_message_length"),
                                                            update=Update.FIXED)
    opt_out_message: pulumi.Input[str] | None = twilio_field(_text(20, 320, "opt_out_message_length"),
                                                             update=Update.FIXED)
    help_message: pulumi.Input[str] | None = twilio_field(_text(20, 320, "help_message_length"),
                                                          update=Update.FIXED)
    opt_in_keywords: pulumi.Input[list[pulumi.Input[str]]] | None = twilio_field(_KEYWORDS, update=Update.FIXED)
    opt_out_keywords: pulumi.Input[list[pulumi.Input[str]]] | None = twilio_field(_KEYWORDS, update=Update.FIXED)
    help_keywords: pulumi.Input[list[pulumi.Input[str]]] | None = twilio_field(_KEYWORDS, update=Update.FIXED)
    subscriber_opt_in: pulumi.Input[bool] | None = twilio_field(Flag(code=_MISSING), update=Update.FIXED)
    age_gated: pulumi.Input[bool] | None = twilio_field(Flag(code=_MISSING))
    direct_lending: pulumi.Input[bool] | None = twilio_field(Flag(code=_MISSING))
    privacy_policy_url: pulumi.Input[str] | None = twilio_field(
        _policy_url(ErrorCode.PRIVACY_POLICY_URL_REQUIRED),
        new_requirement=NewRequirement("privacy_policy_url_missing", ErrorCode.PRIVACY_POLICY_URL_REQUIRED,
                                       POLICY_URLS_REQUIRED_SINCE),
        doc="public https URL of the business's privacy policy (R13, R16)")
    terms_and_conditions_url: pulumi.Input[str] | None = twilio_field(
        _policy_url(ErrorCode.TERMS_URL_REQUIRED),
        new_requirement=NewRequirement("terms_url_missing", ErrorCode.TERMS_URL_REQUIRED, POLICY_URLS_REQUIRED_SINCE),
        doc="public https URL of the business's terms and conditions (R14, R16)")
    wait_for_review: pulumi.Input[bool] | None = twilio_field(
        Flag(), update=Update.LOCAL, doc="wait during `up` until Twilio's review ends")
    review_timeout_seconds: pulumi.Input[int] | None = twilio_field(
        Whole(low=1, high=7 * 24 * 3600), update=Update.LOCAL,
        doc=f"how long to wait for a review (default {DEFAULT_REVIEW_TIMEOUT})")
    adopt_sid: pulumi.Input[str] | None = adopt_field("QE", "a Usa2p campaign")


def campaign_violations(campaign: Mapping[str, Any], *, brand_name: str | None = None,
                        unknown_fields: Collection[str] = (), existing: bool = False) -> list[Violation]:
    """Everything Twilio would reject in this campaign: the declared field rules first, then the cross-field and
    wording rules. Values may be Pulumi unknowns, or be named in ``unknown_fields``; neither is reported missing.
    ``existing``: the campaign was registered earlier, so what Twilio requires only of new ones (R13, R14) is not
    reported.

    The service and brand SIDs are outputs of other resources; their absence is left to the resource's own
    required inputs (check() reports it), so the policy pack and the config pre-flight do not.
    """
    specs = A2PCampaignArgs.specs()
    values = {k: v for k, v in campaign.items() if k in specs}
    values.update({k: Unknown() for k in unknown_fields})
    unknown = {k for k, v in values.items() if is_unknown(v)}
    known = {k: v for k, v in values.items() if v is not None and k not in unknown}
    return [*A2PCampaignArgs.violations(values, existing=existing,
                                        skip_required=("messaging_service_sid", "brand_registration_sid")),
            *wording_violations(known, brand_name=brand_name, unknown=unknown)]


def campaign_preflight(inputs: Mapping[str, Any], *, existing: bool = False
                       ) -> tuple[list[Violation], list[Violation]]:
    """(blocking, heuristic) violations of A2PCampaign inputs, some of which may be unknown during preview.

    Blocking ones are what Twilio would reject; heuristic ones only predict a vetting rejection. The stack program
    runs this too, on its config, so a bad campaign stops before any resource is created.
    """
    blocking: list[Violation] = []
    heuristic: list[Violation] = []
    for v in campaign_violations(inputs, existing=existing):
        (heuristic if v.rule in HEURISTIC_RULES else blocking).append(v)
    return blocking, heuristic


def reregistration_needs(missing: list[Violation]) -> str:
    """What an existing campaign without the fields Twilio now requires of new ones must get before it is
    registered again (a change of brand, use case or service, or ``pulumi up --replace``)."""
    return "; ".join(f"{v.field} (Twilio error {int(v.twilio_error_code or 0)})" for v in missing)


class A2PCampaignProvider(TwilioProvider):
    args = A2PCampaignArgs
    kind = "A2P campaign"
    delete_first = True  # a service holds one campaign, also when `pulumi up --replace` forces it
    #: seconds between status polls while waiting for a review
    poll_seconds: float = 2.0

    def registered(self, olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
        """An existing campaign stays one unless a change of brand, use case or service (an unknown value counts)
        re-registers it: then it is new, and Twilio's newer requirements apply."""
        return bool(olds) and not self._changed(olds, inputs, self.args.names(Update.REPLACE))

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(olds, news)
        adopting = result.inputs.get("adopt_sid") is not None
        missing = self.args.new_requirements_missing(result.inputs)
        if missing and (adopting or self.registered(olds, result.inputs)):
            self.warn(f"A2P campaign: this existing campaign keeps working without {reregistration_needs(missing)}, "
                      f"but Twilio refuses new campaigns without them since {POLICY_URLS_REQUIRED_SINCE:%Y-%m-%d}: "
                      "set them before it is registered again (a change of brand, use case or service, or "
                      "`pulumi up --replace`)")
        return result

    def validate(self, inputs: Mapping[str, Any]) -> list[Violation]:
        blocking, heuristic = campaign_preflight(inputs)
        for v in heuristic:
            self.warn(f"A2P campaign {v.field}: {v.message} (likely vetting rejection: rule {v.rule}"
                      + (f", Twilio error {int(v.twilio_error_code)})" if v.twilio_error_code else ")"))
        declared = {(v.field, v.rule) for v in self.args.violations(inputs)}
        return [v for v in blocking if (v.field, v.rule) not in declared]  # check() reports those already

    # -- helpers -------------------------------------------------------------------------------------------------
    def _campaigns(self, service_sid: str) -> Any:
        return self.client.messaging.v1.services(service_sid).us_app_to_person

    def _read(self, service_sid: str, sid: str) -> Callable[[], Any]:
        """The fetch of a campaign in the representation that carries its policy URLs (D12)."""
        return lambda: self._campaigns(service_sid)(sid).fetch(x_twilio_api_version=USA2P_API_VERSION)

    def _timeout(self, inputs: Mapping[str, Any]) -> float:
        return self.review_timeout(inputs)

    def _wait_for_brand(self, brand_sid: str, timeout: float) -> bool:
        """After a 21717 (brand not approved): wait while the brand is under review. True when it got approved
        meanwhile (create again), False when it already was (the 21717 is about something else)."""
        deadline = time.monotonic() + timeout
        waited = False
        code = ErrorCode.BRAND_NOT_REGISTERED
        while True:
            brand = self.call(f"read Brand Registration {brand_sid}",
                              lambda: self.client.messaging.v1.brand_registrations(brand_sid).fetch())
            if brand.status == "APPROVED":
                return waited
            if brand.status not in BRAND_REVIEWING:
                raise TwilioApiError(
                    f"brand_registration_sid: Brand Registration {brand_sid} is {brand.status} "
                    f"({describe_errors(brand)}); a campaign needs an APPROVED brand (Twilio error {int(code)})",
                    code=code)
            if time.monotonic() >= deadline:
                raise TwilioApiError(
                    f"brand_registration_sid: Brand Registration {brand_sid} is still {brand.status} after "
                    f"{timeout:.0f}s; a campaign needs an APPROVED brand (Twilio error {int(code)}). Run `pulumi up` "
                    "again once the brand is approved, or raise review_timeout_seconds.", code=code)
            waited = True
            time.sleep(self.poll_seconds)

    def _refuse_second_campaign(self, service_sid: str) -> None:
        existing = self.call(f"list A2P campaigns of Messaging Service {service_sid}",
                             lambda: self._campaigns(service_sid).list(page_size=50))
        if existing:
            e = existing[0]
            raise TwilioApiError(
                f"messaging_service_sid: Messaging Service {service_sid} already has an A2P campaign ({e.sid}, "
                f"{e.us_app_to_person_usecase}, status {e.campaign_status}) and a service holds only one. "
                f"Set adopt_sid={e.sid!r} to manage it, or delete it first.", code=ErrorCode.CONFLICT, status=409
            )

    def _wait_for_review(self, campaign: Any, inputs: Mapping[str, Any]) -> Any:
        if not inputs.get("wait_for_review"):
            return campaign
        read = self._read(campaign.messaging_service_sid, campaign.sid)
        campaign = self.await_review(f"A2P campaign {campaign.sid}", campaign, read,
                                     lambda c: c.campaign_status, REVIEWING, self._timeout(inputs))
        if campaign.campaign_status not in (*REVIEWING, "VERIFIED"):
            errors = describe_errors(campaign) if campaign.errors else ""
            self.warn(f"A2P campaign {campaign.sid} review ended {campaign.campaign_status}"
                      + (f": {errors}" if errors else ""))
        return campaign

    def _update_content(self, service_sid: str, sid: str, inputs: Mapping[str, Any], live: Any) -> Any:
        # Twilio's update requires all seven fields: unset inputs keep the live values.
        params = {key: inputs[key] if key in inputs else getattr(live, key, None)
                  for key in self.args.names(Update.IN_PLACE)}
        params = {k: (False if v is None and k in ("age_gated", "direct_lending") else v) for k, v in params.items()}
        with idempotent_requests():
            return self.call(f"update A2P campaign {sid} of Messaging Service {service_sid}",
                             lambda: self._campaigns(service_sid)(sid).update(
                                 **params, x_twilio_api_version=USA2P_API_VERSION))

    # -- CRUD hooks ----------------------------------------------------------------------------------------------
    def fetch(self, id_: str, props: Mapping[str, Any]) -> Any | None:
        service_sid = props.get("messaging_service_sid")
        return self.fetch_or_none(f"read A2P campaign {id_} of Messaging Service {service_sid}",
                                  self._read(service_sid, id_))

    def _adopt(self, sid: str, inputs: dict[str, Any]) -> Any:
        campaign = self.fetch(sid, inputs)
        if campaign is None:
            raise TwilioApiError(f"adopt_sid: Messaging Service {inputs['messaging_service_sid']} has no A2P "
                                 f"campaign {sid}", code=ErrorCode.NOT_FOUND, status=404)
        return campaign

    def adopted(self, obj: Any, inputs: dict[str, Any]) -> Any:
        for key in self.differing(obj, inputs, self.args.names(Update.REPLACE, Update.FIXED)):
            raise self.refuse(key, f"adopted A2P campaign {obj.sid} has {getattr(obj, key, None)!r}, not "
                                   f"{inputs[key]!r}, and Twilio cannot change it in place; remove the input or "
                                   "fix its value")
        if self.differing(obj, inputs, self.args.names(Update.IN_PLACE)):
            obj = self._update_content(inputs["messaging_service_sid"], obj.sid, inputs, obj)
        return self._wait_for_review(obj, inputs)

    def create_new(self, inputs: dict[str, Any]) -> Any:
        missing = self.args.new_requirements_missing(inputs)
        if missing:  # `up --replace` of a campaign registered before Twilio required these: stop before any write
            raise self.refuse(missing[0].field, f"a new A2P campaign needs {reregistration_needs(missing)}; Twilio "
                                                f"refuses one without them since {POLICY_URLS_REQUIRED_SINCE:%Y-%m-%d}",
                              would_be=missing[0].twilio_error_code)
        service_sid = inputs["messaging_service_sid"]
        campaigns = self._campaigns(service_sid)
        params = {**self.args.twilio_params(inputs), "x_twilio_api_version": USA2P_API_VERSION}
        brand_sid, usecase = params["brand_registration_sid"], params.get("us_app_to_person_usecase")

        def ours() -> list[Any]:
            return [c for c in campaigns.list(page_size=50)
                    if (c.brand_registration_sid, c.us_app_to_person_usecase) == (brand_sid, usecase)]

        tries = 0

        def register() -> Any:
            # No look-ups first: in the usual case (brand approved, service free) this is the only call.
            nonlocal tries
            tries += 1
            try:
                return campaigns.create(**params)
            except TwilioRestException as exc:
                if exc.code == ErrorCode.BRAND_NOT_REGISTERED and self._wait_for_brand(brand_sid, self._timeout(inputs)):
                    return campaigns.create(**params)
                if exc.status == 409 or exc.code == ErrorCode.CONFLICT:
                    made = ours() if tries > 1 else []
                    if made:  # an earlier try of this create lost its answer; a service holds one campaign: this one
                        self.warn(f"A2P campaign {made[0].sid}: an earlier request of this create was processed "
                                  "although its answer was lost; using it")
                        return made[0]
                    self._refuse_second_campaign(service_sid)
                raise

        campaign = self.create_once(
            f"create A2P campaign ({usecase}) for Messaging Service {service_sid}", register, ours,
            lambda c: f"A2P campaign {c.sid}",
        )
        return self._wait_for_review(campaign, inputs)

    def update_existing(self, id_: str, olds: dict[str, Any], inputs: dict[str, Any]) -> Any:
        service_sid = inputs["messaging_service_sid"]
        live = self.call(f"read A2P campaign {id_}", self._read(service_sid, id_))
        if self._changed(olds, inputs, self.args.names(Update.IN_PLACE)):
            live = self._update_content(service_sid, id_, inputs, live)
        return self._wait_for_review(live, inputs)

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        service_sid = props.get("messaging_service_sid")
        self.delete_if_present(f"delete A2P campaign {id_} of Messaging Service {service_sid}",
                               self._campaigns(service_sid)(id_).delete)


class A2PCampaign(TwilioResource, module="twilio", name="A2PCampaign"):
    """The US A2P 10DLC campaign (Usa2p) registered for a Messaging Service."""

    Args = A2PCampaignArgs
    Provider = A2PCampaignProvider

    sid: pulumi.Output[str]
    campaign_status: pulumi.Output[str]
    campaign_id: pulumi.Output[str | None]
    errors: pulumi.Output[list[Any]]
    rate_limits: pulumi.Output[dict[str, Any] | None]


TYPE = A2PCampaign.type_token()
