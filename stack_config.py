"""The stack's configuration (`flex-a2p:*` keys in `Pulumi.<stack>.yaml`), typed and validated.

Each section is derived from its resource's input declaration (``components/inputs.py``): the keys are the inputs
in camelCase, the types and value rules are the declared ones, so config, ``check()`` and the policy pack cannot
disagree. Shape and types are checked by pydantic (strict; unknown keys are errors), the value rules by the
declaration, and the campaign's content by the provider's own pre-flight: all before the program declares
anything, each error naming the `flex-a2p:` key and the rule.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Callable, ClassVar, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, create_model, model_validator

from components.a2p_campaign import A2PCampaignArgs, campaign_preflight
from components.brand_registration import BrandRegistrationArgs
from components.conversations_address import TARGETS, ConversationsAddressArgs, target_violations
from components.inbound_routing import Flavour, FlexInbound
from components.inputs import ResourceArgs, Violation, to_camel
from components.messaging_service import MessagingServiceArgs
from twilio_contract import E164, sid_pattern

NAMESPACE = "flex-a2p"


class _Section(BaseModel):
    """camelCase keys, unknown keys rejected (a typo must not be silently ignored)."""

    model_config = ConfigDict(alias_generator=to_camel, extra="forbid", frozen=True, strict=True)
    #: the resource declaration this section configures
    declaration: ClassVar[type[ResourceArgs] | None] = None

    def inputs(self) -> dict[str, Any]:
        """The resource inputs: snake_case names, unset keys left out so the providers' defaults apply."""
        return self.model_dump(exclude_none=True)

    def cross_rules(self, inputs: dict[str, Any]) -> list[Violation]:
        """Rules across fields that the resource's check() applies too (none by default)."""
        return []


def _section(declaration: type[ResourceArgs], name: str, **extra: Any) -> type[_Section]:
    model = create_model(name, __base__=_Section, **declaration.config_fields(), **extra)
    model.declaration = declaration
    return model


MessagingServiceConfig = _section(MessagingServiceArgs, "MessagingServiceConfig")
CampaignConfig = _section(A2PCampaignArgs, "CampaignConfig")
_BrandFields = _section(BrandRegistrationArgs, "BrandFields",
                        sid=(Optional[Annotated[str, StringConstraints(pattern=sid_pattern("BN").pattern)]],
                             Field(default=None)))


class BrandConfig(_BrandFields):  # type: ignore[misc, valid-type]
    """Either `sid` of an existing brand (referenced read-only), or the inputs of a registration."""

    @model_validator(mode="after")
    def _one_way_to_name_a_brand(self) -> "BrandConfig":
        registration = {k: v for k, v in self.inputs().items() if k != "sid"}
        if self.sid is not None and registration:
            raise ValueError(
                "give either `sid` (an existing brand) or registration inputs, not both; "
                f"also given: {', '.join(to_camel(k) for k in sorted(registration))}"
            )
        return self


_FlexInboundFields = _section(
    ConversationsAddressArgs, "FlexInboundFields",
    mode=(Optional[Literal["verify", "conversations"]], Field(default=None)),
    flavour=(Optional[Literal[tuple(f.value for f in Flavour)]], Field(default=None)))  # type: ignore[misc]


class FlexInboundConfig(_FlexInboundFields):  # type: ignore[misc, valid-type]
    """How the numbers reach Flex: `mode: verify` (the default) only checks each number's route; `mode:
    conversations` also manages one Conversations address configuration per number, into `studioFlowSid` or
    `webhookUrl`. `flavour` (conversations or legacy) overrides the one detected from the account."""

    @model_validator(mode="after")
    def _one_target_with_management(self) -> "FlexInboundConfig":
        keys = ConversationsAddressArgs.config_keys()
        given = {keys[k] for k in super().inputs() if k not in ("mode", "flavour")}
        targets = [keys[t] for t, _ in TARGETS.values()]
        if self.mode != "conversations":
            if given:
                raise ValueError(f"{', '.join(sorted(given))}: address configurations are managed only with "
                                 "`mode: conversations` (`mode: verify`, the default, only reads)")
            return self
        if self.flavour == Flavour.LEGACY.value:
            raise ValueError("`mode: conversations` manages Conversations address configurations; legacy Flex Flows "
                             "are verified, never created: drop `flavour: legacy` or the mode")
        chosen = [t for t in targets if t in given]
        if len(chosen) != 1:
            raise ValueError("`mode: conversations` needs exactly one target: `studioFlowSid` (a published Studio "
                             "flow that sends to Flex) or `webhookUrl`" + (", not both" if chosen else ""))
        return self

    def inputs(self) -> dict[str, Any]:
        """The address configuration inputs every number gets (the auto-creation type follows the target)."""
        inputs = {k: v for k, v in super().inputs().items() if k not in ("mode", "flavour")}
        for kind, (target, _) in TARGETS.items():
            if target in inputs:
                inputs["auto_creation_type"] = kind
        return inputs

    def cross_rules(self, inputs: dict[str, Any]) -> list[Violation]:
        return target_violations(inputs)

    def settings(self) -> FlexInbound:
        return FlexInbound(mode=self.mode or "verify", flavour=Flavour(self.flavour) if self.flavour else None,
                           address=self.inputs())


class StackConfig(_Section):
    messaging_service: MessagingServiceConfig  # type: ignore[valid-type]
    phone_numbers: list[Annotated[str, StringConstraints(pattern=E164.pattern)]] = Field(default_factory=list)
    brand: Optional[BrandConfig] = None
    campaign: Optional[CampaignConfig] = None  # type: ignore[valid-type]
    flex_inbound: Optional[FlexInboundConfig] = None

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


def load(get_object: Callable[[str], Any], *, campaign_exists: Callable[[], bool] = lambda: False) -> StackConfig:
    """Reads the `flex-a2p:*` keys through `get_object` (e.g. `pulumi.Config("flex-a2p").get_object`).

    `campaign_exists` says whether the stack registered its campaign in an earlier update; it is asked only when the
    campaign lacks what Twilio requires of new campaigns alone (its privacy and terms URLs)."""
    raw = {}
    for key in StackConfig.model_fields:
        value = get_object(to_camel(key))
        if value is not None:
            raw[to_camel(key)] = value
    try:
        config = StackConfig.model_validate(raw)
    except ValidationError as error:
        raise StackConfigError("invalid stack configuration:\n  " + "\n  ".join(_describe(error))) from None
    problems = _value_rules(config)
    if problems:
        raise StackConfigError("invalid stack configuration:\n  " + "\n  ".join(problems))
    if config.campaign is not None:
        _preflight_campaign(config.campaign, campaign_exists)
    return config


def _value_rules(config: StackConfig) -> list[str]:
    """The declared value rules of each section, in config words."""
    sections: list[tuple[str, _Section]] = [("messagingService", config.messaging_service)]
    if config.brand is not None and config.brand.sid is None:  # a brand named by `sid` is only read
        sections.append(("brand", config.brand))
    if config.flex_inbound is not None:
        sections.append(("flexInbound", config.flex_inbound))
    lines = []
    for key, section in sections:
        declaration = section.declaration
        assert declaration is not None
        inputs = declaration.normalized(section.inputs())
        found = declaration.violations(inputs, skip_required=_sibling_sids(declaration)) + section.cross_rules(inputs)
        lines += [_config_line(key, declaration, v) for v in found]
    return lines


def _sibling_sids(declaration: type[ResourceArgs]) -> tuple[str, ...]:
    """Inputs the component fills from sibling resources, never from config."""
    return tuple(name for name in declaration.specs() if name not in declaration.config_keys())


def _config_line(section: str, declaration: type[ResourceArgs], v: Violation) -> str:
    """A violation of a resource input, in the words of the stack config (its key path and camelCase names)."""
    keys = declaration.config_keys()
    field, _, index = v.field.partition("[")
    path = f"{NAMESPACE}:{section}.{keys.get(field, to_camel(field))}" + (f"[{index}" if index else "")
    if v.rule == "missing_required_field":
        adoptable = "adopt_sid" in declaration.specs()
        return f"{path}: required" + (" (or adoptSid, to adopt an existing one)" if adoptable else "")
    names = re.compile(r"\b(" + "|".join(sorted(keys, key=len, reverse=True)) + r")\b")
    return f"{path}: " + names.sub(lambda m: keys[m.group(1)], v.describe())


def _preflight_campaign(campaign: _Section, campaign_exists: Callable[[], bool]) -> None:
    """Runs the campaign provider's own pre-flight on the config, so that content Twilio would reject stops the
    program before it declares anything (with `--skip-preview`, check() alone would run after the service exists).
    What Twilio requires of new campaigns only is not asked of the campaign the stack already has."""
    from pulumi.output import Unknown

    inputs = {**campaign.inputs(), "messaging_service_sid": Unknown(), "brand_registration_sid": Unknown()}
    blocking, _heuristic = campaign_preflight(inputs)  # heuristics are warned about by the provider
    if {v.rule for v in blocking} & A2PCampaignArgs.new_requirement_rules() and campaign_exists():
        blocking, _heuristic = campaign_preflight(inputs, existing=True)  # check() says what they'd need
    if blocking:
        lines = [_config_line("campaign", A2PCampaignArgs, v) for v in blocking]
        raise StackConfigError("campaign content Twilio would reject:\n  " + "\n  ".join(lines))


def _describe(error: ValidationError) -> list[str]:
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
    return lines
