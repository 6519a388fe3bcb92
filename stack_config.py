"""The stack's configuration (`flex-a2p:*` keys in `Pulumi.<stack>.yaml`), typed and validated.

Keys are camelCase in stack config, as Pulumi users write them, and become the snake_case input names of the
resources in `components/`. This schema checks shape and types and names the offending key; the Twilio rules on
values (enums, lengths, campaign content) live once, in the providers' `check()`, which runs before anything is
created.
"""
from __future__ import annotations

from typing import Annotated, Any, Callable, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

NAMESPACE = "flex-a2p"

def to_camel(snake_name: str) -> str:
    """`a2p_profile_bundle_sid` -> `a2pProfileBundleSid` (pydantic's own gives `a2PProfileBundleSid`)."""
    first, *rest = snake_name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


E164 = Annotated[str, StringConstraints(pattern=r"^\+[1-9][0-9]{1,14}$")]


def _sid(prefix: str) -> Any:
    return Annotated[str, StringConstraints(pattern=rf"^{prefix}[0-9a-fA-F]{{32}}$")]


class _Section(BaseModel):
    """camelCase keys, unknown keys rejected (a typo must not be silently ignored)."""

    model_config = ConfigDict(alias_generator=to_camel, extra="forbid", frozen=True, strict=True)

    def inputs(self) -> dict[str, Any]:
        """The resource inputs: snake_case names, unset keys left out so the providers' defaults apply."""
        return self.model_dump(exclude_none=True)


class MessagingServiceConfig(_Section):
    friendly_name: Annotated[str, StringConstraints(min_length=1)]
    inbound_request_url: Optional[str] = None
    inbound_method: Optional[str] = None
    fallback_url: Optional[str] = None
    fallback_method: Optional[str] = None
    status_callback: Optional[str] = None
    sticky_sender: Optional[bool] = None
    mms_converter: Optional[bool] = None
    smart_encoding: Optional[bool] = None
    scan_message_content: Optional[str] = None
    fallback_to_long_code: Optional[bool] = None
    area_code_geomatch: Optional[bool] = None
    validity_period: Optional[int] = None
    synchronous_validation: Optional[bool] = None
    usecase: Optional[str] = None
    use_inbound_webhook_on_number: Optional[bool] = None
    adopt_sid: Optional[_sid("MG")] = None


class BrandConfig(_Section):
    """Either `sid` of an existing brand (referenced read-only), or the inputs of a registration."""

    sid: Optional[_sid("BN")] = None
    customer_profile_bundle_sid: Optional[_sid("BU")] = None
    a2p_profile_bundle_sid: Optional[_sid("BU")] = None
    brand_type: Optional[str] = None
    mock: Optional[bool] = None
    skip_automatic_sec_vet: Optional[bool] = None
    adopt_sid: Optional[_sid("BN")] = None

    @model_validator(mode="after")
    def _one_way_to_name_a_brand(self) -> "BrandConfig":
        registration = {k: v for k, v in self.inputs().items() if k != "sid"}
        if self.sid is not None and registration:
            raise ValueError(
                "give either `sid` (an existing brand) or registration inputs, not both; "
                f"also given: {', '.join(to_camel(k) for k in sorted(registration))}"
            )
        if self.sid is None and self.adopt_sid is None:
            missing = [k for k in ("customer_profile_bundle_sid", "a2p_profile_bundle_sid") if getattr(self, k) is None]
            if missing:
                raise ValueError(
                    f"a new brand registration needs {' and '.join(to_camel(k) for k in missing)} "
                    "(or give `sid` of an existing brand, or `adoptSid`)"
                )
        return self


class CampaignConfig(_Section):
    usecase: Optional[str] = None
    description: Optional[str] = None
    message_flow: Optional[str] = None
    message_samples: Optional[list[str]] = None
    has_embedded_links: Optional[bool] = None
    has_embedded_phone: Optional[bool] = None
    opt_in_message: Optional[str] = None
    opt_out_message: Optional[str] = None
    help_message: Optional[str] = None
    opt_in_keywords: Optional[list[str]] = None
    opt_out_keywords: Optional[list[str]] = None
    help_keywords: Optional[list[str]] = None
    subscriber_opt_in: Optional[bool] = None
    age_gated: Optional[bool] = None
    direct_lending: Optional[bool] = None
    wait_for_review: Optional[bool] = None
    review_timeout_seconds: Optional[int] = Field(default=None, ge=1)
    adopt_sid: Optional[_sid("QE")] = None

    def inputs(self) -> dict[str, Any]:
        inputs = super().inputs()
        if "usecase" in inputs:
            inputs["us_app_to_person_usecase"] = inputs.pop("usecase")
        return inputs


class StackConfig(_Section):
    messaging_service: MessagingServiceConfig
    phone_numbers: list[E164] = Field(default_factory=list)
    brand: Optional[BrandConfig] = None
    campaign: Optional[CampaignConfig] = None

    @model_validator(mode="after")
    def _campaign_needs_brand(self) -> "StackConfig":
        if self.campaign is not None and self.brand is None:
            raise ValueError("`campaign` is set but `brand` is not: a campaign is registered under a brand")
        duplicates = sorted({n for n in self.phone_numbers if self.phone_numbers.count(n) > 1})
        if duplicates:
            raise ValueError(f"`phoneNumbers` lists {', '.join(duplicates)} more than once")
        return self


class StackConfigError(ValueError):
    """A stack config error whose message names each offending `flex-a2p:` key and the rule it breaks."""


def load(get_object: Callable[[str], Any]) -> StackConfig:
    """Reads the `flex-a2p:*` keys through `get_object` (e.g. `pulumi.Config("flex-a2p").get_object`)."""
    raw = {}
    for key in StackConfig.model_fields:
        value = get_object(to_camel(key))
        if value is not None:
            raw[to_camel(key)] = value
    try:
        config = StackConfig.model_validate(raw)
    except ValidationError as error:
        raise StackConfigError(_describe(error)) from None
    if config.campaign is not None:
        _preflight_campaign(config.campaign)
    return config


def _preflight_campaign(campaign: CampaignConfig) -> None:
    """Runs the campaign provider's own pre-flight on the config, so that content Twilio would reject stops the
    program before it declares anything (with `--skip-preview`, check() alone would run after the service exists)."""
    from pulumi.output import Unknown

    from components.a2p_campaign import campaign_preflight, describe_rule

    inputs = {**campaign.inputs(), "messaging_service_sid": Unknown(), "brand_registration_sid": Unknown()}
    blocking, _heuristic = campaign_preflight(inputs)  # heuristics are warned about by the provider
    if blocking:
        config_key = {"us_app_to_person_usecase": "usecase"}
        lines = [
            f"{NAMESPACE}:campaign.{config_key.get(v.field, to_camel(v.field))}: {v.message} (rule {describe_rule(v)})"
            for v in blocking
        ]
        raise StackConfigError("campaign content Twilio would reject:\n  " + "\n  ".join(lines))


def _describe(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        location = [str(part) for part in problem["loc"]]
        key = f"{NAMESPACE}:{location[0]}" if location else NAMESPACE
        path = "".join(f"[{p}]" if p.isdigit() else f".{p}" for p in location[1:])
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown key"
        elif problem["type"] == "missing":
            message = "required"
        elif problem["type"] == "string_pattern_mismatch":
            message = f"{problem['input']!r} does not match {problem['ctx']['pattern']}"
        lines.append(f"{key}{path}: {message}")
    return "invalid stack configuration:\n  " + "\n  ".join(lines)
