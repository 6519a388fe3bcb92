"""`pulumi-python:dynamic/twilio:A2PCampaign`: the US A2P 10DLC campaign of a Messaging Service
(`/v1/Services/{MessagingServiceSid}/Compliance/Usa2p`).

- ``check()`` runs the shared content rules (:func:`components.campaign_rules.campaign_violations`): what Twilio
  would reject fails before any fee is paid, naming the field; wording rules that only predict a vetting
  rejection are warnings.
- In place: ``description``, ``message_flow``, ``message_samples``, ``has_embedded_links``,
  ``has_embedded_phone``, ``age_gated``, ``direct_lending`` (what Twilio's Usa2p update accepts).
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

import time
from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult
from twilio.base.exceptions import TwilioRestException

from components.campaign_rules import HEURISTIC_RULES, CampaignViolation, campaign_violations
from components.provider_base import (
    Checker,
    TwilioProvider,
    as_int,
    changed,
    is_unknown,
    plain,
    user_inputs,
    warn,
)
from components.twilio_client import TwilioApiError, idempotent_requests

CAMPAIGN_FIELDS = (
    "brand_registration_sid",
    "us_app_to_person_usecase",
    "description",
    "message_flow",
    "message_samples",
    "has_embedded_links",
    "has_embedded_phone",
    "opt_in_message",
    "opt_out_message",
    "help_message",
    "opt_in_keywords",
    "opt_out_keywords",
    "help_keywords",
    "subscriber_opt_in",
    "age_gated",
    "direct_lending",
)
CONTROL_INPUTS = ("wait_for_review", "review_timeout_seconds", "adopt_sid")
INPUTS = ("messaging_service_sid", *CAMPAIGN_FIELDS, *CONTROL_INPUTS)
OUTPUTS = ("sid", "campaign_status", "campaign_id", "errors", "rate_limits")

REPLACING = ("messaging_service_sid", "brand_registration_sid", "us_app_to_person_usecase")
UPDATABLE = ("description", "message_flow", "message_samples", "has_embedded_links", "has_embedded_phone",
             "age_gated", "direct_lending")
FIXED = ("opt_in_message", "opt_out_message", "help_message", "opt_in_keywords", "opt_out_keywords",
         "help_keywords", "subscriber_opt_in")
REVIEWING = ("PENDING", "IN_PROGRESS")
BRAND_REVIEWING = ("PENDING", "IN_REVIEW")
DEFAULT_REVIEW_TIMEOUT = 300


def campaign_preflight(inputs: Mapping[str, Any]) -> tuple[list[CampaignViolation], list[CampaignViolation]]:
    """(blocking, heuristic) violations of A2PCampaign inputs, some of which may be unknown during preview.

    Blocking ones are what Twilio would reject; heuristic ones only predict a vetting rejection. The stack program
    runs this too, on its config, so a bad campaign stops before any resource is created.
    """
    known = {k: v for k, v in inputs.items() if k in CAMPAIGN_FIELDS and v is not None and not is_unknown(v)}
    unknown = [k for k in CAMPAIGN_FIELDS if is_unknown(inputs.get(k))]
    blocking: list[CampaignViolation] = []
    heuristic: list[CampaignViolation] = []
    for v in campaign_violations(known, unknown_fields=unknown):
        if v.rule == "missing_required_field" and inputs.get("adopt_sid") is not None:
            continue  # an adopted campaign keeps what it has
        (heuristic if v.rule in HEURISTIC_RULES else blocking).append(v)
    return blocking, heuristic


def describe_rule(violation: CampaignViolation) -> str:
    code = f", Twilio error {violation.twilio_error_code}" if violation.twilio_error_code else ""
    return f"{violation.rule}{code}"


class A2PCampaignProvider(TwilioProvider):
    kind = "A2P campaign"
    #: seconds between status polls while waiting for a review
    poll_seconds: float = 2.0

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = dict(news)
        if isinstance(inputs.get("review_timeout_seconds"), float):
            inputs["review_timeout_seconds"] = as_int(inputs["review_timeout_seconds"])
        c = Checker(inputs)
        c.unknown_keys(INPUTS)
        c.required("messaging_service_sid")
        c.sid("messaging_service_sid", "MG", "a Messaging Service")
        if inputs.get("adopt_sid") is None:
            c.required("brand_registration_sid")
        c.boolean("wait_for_review")
        c.integer("review_timeout_seconds", 1, 7 * 24 * 3600)
        c.sid("adopt_sid", "QE", "a Usa2p campaign")

        blocking, heuristic = campaign_preflight(inputs)
        for v in heuristic:
            warn(f"A2P campaign {v.field}: {v.message} (likely vetting rejection: {describe_rule(v)})")
        for v in blocking:
            c.fail(v.field, f"{v.message} (rule {describe_rule(v)})")
        return CheckResult(inputs, c.failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = changed(olds, news, REPLACING)
        adopt = news.get("adopt_sid")
        if adopt is not None and (is_unknown(adopt) or adopt != id_):
            replaces.append("adopt_sid")
        changes = changed(olds, news, (*UPDATABLE, *FIXED, "wait_for_review", "review_timeout_seconds"), _norm)
        # Always delete first: a service holds one campaign, also when `pulumi up --replace` forces it.
        return DiffResult(changes=bool(changes or replaces), replaces=sorted(set(replaces)),
                          delete_before_replace=True)

    # -- helpers -------------------------------------------------------------------------------------------------
    def _outputs(self, campaign: Any, inputs: dict[str, Any]) -> dict[str, Any]:
        outs = {
            key: plain(getattr(campaign, key, None)) if key in CAMPAIGN_FIELDS or key == "messaging_service_sid"
            else value
            for key, value in inputs.items()
        }
        outs.update({key: plain(getattr(campaign, key, None)) for key in OUTPUTS})
        return outs

    def _campaigns(self, service_sid: str) -> Any:
        return self.client.messaging.v1.services(service_sid).us_app_to_person

    def _timeout(self, inputs: dict[str, Any]) -> float:
        return float(inputs.get("review_timeout_seconds") or DEFAULT_REVIEW_TIMEOUT)

    def _wait_for_brand(self, brand_sid: str, timeout: float) -> bool:
        """After a 21717 (brand not approved): wait while the brand is under review. True when it got approved
        meanwhile (create again), False when it already was (the 21717 is about something else)."""
        deadline = time.monotonic() + timeout
        waited = False
        while True:
            brand = self.call(f"read Brand Registration {brand_sid}",
                              lambda: self.client.messaging.v1.brand_registrations(brand_sid).fetch())
            if brand.status == "APPROVED":
                return waited
            if brand.status not in BRAND_REVIEWING:
                reasons = "; ".join(
                    f"{e.get('error_code')}: {e.get('description')}" for e in (brand.errors or []) if isinstance(e, dict)
                ) or brand.failure_reason or "no reason given"
                raise TwilioApiError(
                    f"brand_registration_sid: Brand Registration {brand_sid} is {brand.status} ({reasons}); "
                    "a campaign needs an APPROVED brand (Twilio error 21717)", code=21717
                )
            if time.monotonic() >= deadline:
                raise TwilioApiError(
                    f"brand_registration_sid: Brand Registration {brand_sid} is still {brand.status} after "
                    f"{timeout:.0f}s; a campaign needs an APPROVED brand (Twilio error 21717). Run `pulumi up` "
                    "again once the brand is approved, or raise review_timeout_seconds.", code=21717
                )
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
                f"Set adopt_sid={e.sid!r} to manage it, or delete it first.", code=20409, status=409
            )

    def _wait_for_review(self, campaign: Any, inputs: dict[str, Any]) -> Any:
        if not inputs.get("wait_for_review"):
            return campaign
        timeout = self._timeout(inputs)
        deadline = time.monotonic() + timeout
        context = self._campaigns(campaign.messaging_service_sid)(campaign.sid)
        while campaign.campaign_status in REVIEWING:
            if time.monotonic() >= deadline:
                warn(f"A2P campaign {campaign.sid}: review not finished after {timeout:.0f}s "
                     f"(campaign_status {campaign.campaign_status}); `pulumi refresh` later picks up the outcome")
                return campaign
            time.sleep(self.poll_seconds)
            campaign = self.call(f"read A2P campaign {campaign.sid}", context.fetch)
        if campaign.campaign_status != "VERIFIED":
            errors = "; ".join(f"{e.get('error_code')}: {e.get('description')}" for e in (campaign.errors or [])
                               if isinstance(e, dict))
            warn(f"A2P campaign {campaign.sid} review ended {campaign.campaign_status}"
                 + (f": {errors}" if errors else ""))
        return campaign

    # -- CRUD ----------------------------------------------------------------------------------------------------
    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = user_inputs(props, INPUTS)
        service_sid = inputs["messaging_service_sid"]
        campaigns = self._campaigns(service_sid)
        if "adopt_sid" in inputs:
            campaign = self._adopt(inputs)
        else:
            params = {key: inputs[key] for key in CAMPAIGN_FIELDS if key in inputs}
            brand_sid, usecase = params["brand_registration_sid"], params.get("us_app_to_person_usecase")

            def register() -> Any:
                # No look-ups first: in the usual case (brand approved, service free) this is the only call.
                try:
                    return campaigns.create(**params)
                except TwilioRestException as exc:
                    if exc.code == 21717 and self._wait_for_brand(brand_sid, self._timeout(inputs)):
                        return campaigns.create(**params)
                    if exc.status == 409 or exc.code == 20409:
                        self._refuse_second_campaign(service_sid)
                    raise

            campaign = self.create_once(
                f"create A2P campaign ({usecase}) for Messaging Service {service_sid}",
                register,
                lambda: [c for c in campaigns.list(page_size=50)
                         if (c.brand_registration_sid, c.us_app_to_person_usecase) == (brand_sid, usecase)],
                lambda c: f"A2P campaign {c.sid}",
            )
        campaign = self._wait_for_review(campaign, inputs)
        return CreateResult(campaign.sid, self._outputs(campaign, inputs))

    def _adopt(self, inputs: dict[str, Any]) -> Any:
        sid, service_sid = inputs["adopt_sid"], inputs["messaging_service_sid"]
        campaign = self.fetch_or_none(f"fetch A2P campaign {sid} to adopt", self._campaigns(service_sid)(sid).fetch)
        if campaign is None:
            raise TwilioApiError(f"adopt_sid: Messaging Service {service_sid} has no A2P campaign {sid}",
                                 code=20404, status=404)
        for key in (*REPLACING, *FIXED):
            if key in inputs and _norm(key, inputs[key]) != _norm(key, getattr(campaign, key, None)):
                raise TwilioApiError(
                    f"{key}: adopted A2P campaign {sid} has {getattr(campaign, key, None)!r}, not {inputs[key]!r}, "
                    "and Twilio cannot change it in place; remove the input or fix its value"
                )
        if any(key in inputs and _norm(key, inputs[key]) != _norm(key, getattr(campaign, key, None))
               for key in UPDATABLE):
            campaign = self._update_content(service_sid, sid, inputs, campaign)
        return campaign

    def _update_content(self, service_sid: str, sid: str, inputs: dict[str, Any], live: Any) -> Any:
        # Twilio's update requires all seven fields: unset inputs keep the live values.
        params = {key: inputs[key] if key in inputs else getattr(live, key, None) for key in UPDATABLE}
        params = {k: (False if v is None and k in ("age_gated", "direct_lending") else v) for k, v in params.items()}
        with idempotent_requests():
            return self.call(f"update A2P campaign {sid} of Messaging Service {service_sid}",
                             lambda: self._campaigns(service_sid)(sid).update(**params))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        service_sid = props.get("messaging_service_sid")
        campaign = self.fetch_or_none(f"read A2P campaign {id_} of Messaging Service {service_sid}",
                                      self._campaigns(service_sid)(id_).fetch)
        if campaign is None:
            return ReadResult("", {})
        inputs = user_inputs(props, INPUTS)
        outs = self._outputs(campaign, inputs)
        return ReadResult(campaign.sid, outs, inputs={k: outs[k] for k in inputs if outs.get(k) is not None})

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = user_inputs(news, INPUTS)
        service_sid = inputs["messaging_service_sid"]
        fixed = changed(olds, news, FIXED, _norm)
        if fixed:
            raise TwilioApiError(
                f"{', '.join(fixed)}: Twilio cannot change {'this' if len(fixed) == 1 else 'these'} on an existing "
                "A2P campaign (its update accepts only " + ", ".join(UPDATABLE) + "). To re-register the campaign "
                "with the new values (new vetting and fees; messaging pauses until approval) run "
                "`pulumi up --replace <this campaign's URN>`, or revert the change."
            )
        context = self._campaigns(service_sid)(id_)
        if changed(olds, news, UPDATABLE, _norm):
            live = self.call(f"read A2P campaign {id_}", context.fetch)
            campaign = self._update_content(service_sid, id_, inputs, live)
        else:
            campaign = self.call(f"read A2P campaign {id_}", context.fetch)
        campaign = self._wait_for_review(campaign, inputs)
        return UpdateResult(self._outputs(campaign, inputs))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        service_sid = props.get("messaging_service_sid")
        self.delete_if_present(f"delete A2P campaign {id_} of Messaging Service {service_sid}",
                               self._campaigns(service_sid)(id_).delete)


def _norm(key: str, value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return as_int(value)


class A2PCampaign(pulumi.dynamic.Resource, module="twilio", name="A2PCampaign"):
    """The US A2P 10DLC campaign (Usa2p) registered for a Messaging Service."""

    sid: pulumi.Output[str]
    campaign_status: pulumi.Output[str]
    campaign_id: pulumi.Output[str | None]
    errors: pulumi.Output[list[Any]]
    rate_limits: pulumi.Output[dict[str, Any] | None]

    def __init__(
        self,
        resource_name: str,
        messaging_service_sid: pulumi.Input[str],
        brand_registration_sid: pulumi.Input[str] | None = None,
        *,
        us_app_to_person_usecase: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        message_flow: pulumi.Input[str] | None = None,
        message_samples: pulumi.Input[list[pulumi.Input[str]]] | None = None,
        has_embedded_links: pulumi.Input[bool] | None = None,
        has_embedded_phone: pulumi.Input[bool] | None = None,
        opt_in_message: pulumi.Input[str] | None = None,
        opt_out_message: pulumi.Input[str] | None = None,
        help_message: pulumi.Input[str] | None = None,
        opt_in_keywords: pulumi.Input[list[pulumi.Input[str]]] | None = None,
        opt_out_keywords: pulumi.Input[list[pulumi.Input[str]]] | None = None,
        help_keywords: pulumi.Input[list[pulumi.Input[str]]] | None = None,
        subscriber_opt_in: pulumi.Input[bool] | None = None,
        age_gated: pulumi.Input[bool] | None = None,
        direct_lending: pulumi.Input[bool] | None = None,
        wait_for_review: pulumi.Input[bool] | None = None,
        review_timeout_seconds: pulumi.Input[int] | None = None,
        adopt_sid: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "messaging_service_sid": messaging_service_sid,
            "brand_registration_sid": brand_registration_sid,
            "us_app_to_person_usecase": us_app_to_person_usecase,
            "description": description,
            "message_flow": message_flow,
            "message_samples": message_samples,
            "has_embedded_links": has_embedded_links,
            "has_embedded_phone": has_embedded_phone,
            "opt_in_message": opt_in_message,
            "opt_out_message": opt_out_message,
            "help_message": help_message,
            "opt_in_keywords": opt_in_keywords,
            "opt_out_keywords": opt_out_keywords,
            "help_keywords": help_keywords,
            "subscriber_opt_in": subscriber_opt_in,
            "age_gated": age_gated,
            "direct_lending": direct_lending,
            "wait_for_review": wait_for_review,
            "review_timeout_seconds": review_timeout_seconds,
            "adopt_sid": adopt_sid,
            **{key: None for key in OUTPUTS},
        }
        super().__init__(A2PCampaignProvider(), resource_name, props, opts)
