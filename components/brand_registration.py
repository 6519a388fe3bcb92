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
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from components.provider_base import (
    Checker,
    TwilioProvider,
    changed,
    diff_result,
    is_unknown,
    plain,
    user_inputs,
    warn,
)
from components.twilio_client import TwilioApiError

BRAND_FIELDS = ("customer_profile_bundle_sid", "a2p_profile_bundle_sid", "brand_type", "mock", "skip_automatic_sec_vet")
INPUTS = (*BRAND_FIELDS, "adopt_sid")
OUTPUTS = ("sid", "status", "tcr_id", "identity_status", "brand_score", "failure_reason", "errors")
BRAND_TYPES = ("STANDARD", "SOLE_PROPRIETOR")


def _failure(brand: Any) -> str:
    errors = getattr(brand, "errors", None) or []
    reasons = [
        f"{e.get('error_code')}: {e.get('description')}" if isinstance(e, dict) else str(e) for e in errors
    ] or ([brand.failure_reason] if getattr(brand, "failure_reason", None) else [])
    return "; ".join(str(r) for r in reasons) or "no reason given"


class BrandRegistrationProvider(TwilioProvider):
    kind = "Brand Registration"

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = dict(news)
        if isinstance(inputs.get("brand_type"), str) and not is_unknown(inputs["brand_type"]):
            inputs["brand_type"] = inputs["brand_type"].upper()
        c = Checker(inputs)
        c.unknown_keys(INPUTS)
        if inputs.get("adopt_sid") is None:
            c.required("customer_profile_bundle_sid", "a2p_profile_bundle_sid")
        c.sid("customer_profile_bundle_sid", "BU", "a Trust Hub CustomerProfile bundle")
        c.sid("a2p_profile_bundle_sid", "BU", "a Trust Hub A2P TrustProduct bundle")
        c.enum("brand_type", BRAND_TYPES)
        c.boolean("mock")
        c.boolean("skip_automatic_sec_vet")
        c.sid("adopt_sid", "BN", "a Brand Registration")
        a, b = c.value("customer_profile_bundle_sid"), c.value("a2p_profile_bundle_sid")
        if a is not None and a == b:
            c.fail("a2p_profile_bundle_sid", "a2p_profile_bundle_sid must be the A2P TrustProduct bundle, "
                                             "not the CustomerProfile bundle given as customer_profile_bundle_sid")
        return CheckResult(inputs, c.failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = changed(olds, news, BRAND_FIELDS)
        adopt = news.get("adopt_sid")
        if adopt is not None and (is_unknown(adopt) or adopt != id_):
            replaces.append("adopt_sid")
        changes = ["status"] if olds.get("status") == "FAILED" else []  # resubmit
        return diff_result(changes, replaces)

    # -- CRUD ----------------------------------------------------------------------------------------------------
    def _outputs(self, brand: Any, inputs: dict[str, Any]) -> dict[str, Any]:
        outs = {key: plain(getattr(brand, key, None)) if key in BRAND_FIELDS else value for key, value in inputs.items()}
        outs.update({key: plain(getattr(brand, key, None)) for key in OUTPUTS})
        return outs

    def _fetch(self, sid: str) -> Any:
        return self.client.messaging.v1.brand_registrations(sid).fetch()

    def _adopt(self, sid: str, inputs: dict[str, Any]) -> Any:
        brand = self.fetch_or_none(f"fetch Brand Registration {sid} to adopt", lambda: self._fetch(sid))
        if brand is None:
            raise TwilioApiError(f"adopt_sid: Brand Registration {sid} does not exist in this account",
                                 code=20404, status=404)
        for key in BRAND_FIELDS:
            if key in inputs and inputs[key] != getattr(brand, key, None):
                raise TwilioApiError(
                    f"{key}: Brand Registration {sid} has {getattr(brand, key, None)!r}, not {inputs[key]!r}; a "
                    "brand's creation inputs cannot change, so remove the input or fix its value"
                )
        return brand

    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = user_inputs(props, INPUTS)
        if "adopt_sid" in inputs:
            brand = self._adopt(inputs["adopt_sid"], inputs)
            return CreateResult(brand.sid, self._outputs(brand, inputs))
        params = {key: inputs[key] for key in BRAND_FIELDS if key in inputs}
        brands = self.client.messaging.v1.brand_registrations
        bundles = (params["customer_profile_bundle_sid"], params["a2p_profile_bundle_sid"])
        before = {b.sid for b in self.call("list Brand Registrations", lambda: brands.list(page_size=1000))}
        brand = self.create_once(
            f"create Brand Registration for bundles {bundles[0]} / {bundles[1]}",
            lambda: brands.create(**params),
            lambda: [
                b for b in brands.list(page_size=1000)
                if b.sid not in before and (b.customer_profile_bundle_sid, b.a2p_profile_bundle_sid) == bundles
            ],
            lambda b: f"Brand Registration {b.sid}",
        )
        return CreateResult(brand.sid, self._outputs(brand, inputs))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        brand = self.fetch_or_none(f"read Brand Registration {id_}", lambda: self._fetch(id_))
        if brand is None:
            return ReadResult("", {})
        inputs = user_inputs(props, INPUTS)
        outs = self._outputs(brand, inputs)
        return ReadResult(brand.sid, outs, inputs={k: outs[k] for k in inputs if outs.get(k) is not None})

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = user_inputs(news, INPUTS)
        brand = self.call(f"read Brand Registration {id_}", lambda: self._fetch(id_))
        if brand.status == "FAILED":
            warn(f"Brand Registration {id_} FAILED ({_failure(brand)}); resubmitting it. Twilio limits "
                 "resubmissions (error 21724): fix the Trust Hub bundles before resubmitting again.")
            # Not marked idempotent: a lost answer is not retried, so one `up` never spends two resubmissions.
            brand = self.call(f"resubmit Brand Registration {id_}",
                              lambda: self.client.messaging.v1.brand_registrations(id_).update())
        return UpdateResult(self._outputs(brand, inputs))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        warn(
            f"Brand Registration {id_} is only forgotten: Twilio has no API to delete brand registrations, so it "
            f"stays in the account (status {props.get('status') or 'unknown'}). Delete it in the Twilio Console if "
            "it is no longer needed; a brand with campaigns cannot be deleted (error 30710)."
        )


class BrandRegistration(pulumi.dynamic.Resource, module="twilio", name="BrandRegistration"):
    """A US A2P 10DLC brand registration (the business behind the messages)."""

    sid: pulumi.Output[str]
    status: pulumi.Output[str]
    tcr_id: pulumi.Output[str | None]
    identity_status: pulumi.Output[str | None]
    brand_score: pulumi.Output[int | None]
    failure_reason: pulumi.Output[str | None]
    errors: pulumi.Output[list[Any]]

    def __init__(
        self,
        resource_name: str,
        customer_profile_bundle_sid: pulumi.Input[str] | None = None,
        a2p_profile_bundle_sid: pulumi.Input[str] | None = None,
        *,
        brand_type: pulumi.Input[str] | None = None,
        mock: pulumi.Input[bool] | None = None,
        skip_automatic_sec_vet: pulumi.Input[bool] | None = None,
        adopt_sid: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "customer_profile_bundle_sid": customer_profile_bundle_sid,
            "a2p_profile_bundle_sid": a2p_profile_bundle_sid,
            "brand_type": brand_type,
            "mock": mock,
            "skip_automatic_sec_vet": skip_automatic_sec_vet,
            "adopt_sid": adopt_sid,
            **{key: None for key in OUTPUTS},
        }
        super().__init__(BrandRegistrationProvider(), resource_name, props, opts)

    @staticmethod
    def get(resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None) -> "BrandRegistration":
        """Read an existing brand without managing it (no create, update or delete)."""
        return BrandRegistration(resource_name, opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)))
