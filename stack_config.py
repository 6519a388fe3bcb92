"""The stack's configuration (`flex-a2p:*` keys in `Pulumi.<stack>.yaml`), typed and validated.

Each section is derived from its resource's input declaration (``components/inputs.py``): the keys are the inputs
in camelCase, the types and value rules are the declared ones, so config, ``check()`` and the policy pack cannot
disagree. Shape and types are checked by pydantic (strict; unknown keys are errors), the value rules by the
declaration, and the campaign's content by the provider's own pre-flight: all before the program declares
anything, each error naming the `flex-a2p:` key and the rule.

Personal data (the Trust Hub representatives' email and phone number, the tax ID, a brand contact email) must be
stored encrypted: a value of one of those keys in plain text in `Pulumi.<stack>.yaml` stops the program, and the
error gives the exact `pulumi config set --secret --path …` command for each (:func:`plain_text_personal_data`).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Callable, ClassVar, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, create_model, model_validator

from components.a2p_campaign import A2PCampaignArgs, campaign_preflight
from components.a2p_trust_product import A2PTrustProductArgs
from components.brand_registration import BrandRegistrationArgs
from components.conversations_address import TARGETS, ConversationsAddressArgs, target_violations
from components.customer_profile import CustomerProfileArgs
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


CustomerProfileConfig = _section(CustomerProfileArgs, "CustomerProfileConfig")
A2PProfileConfig = _section(A2PTrustProductArgs, "A2PProfileConfig")


class TrustHubConfig(_Section):
    """The Trust Hub bundles the stack makes: `customerProfile` and `a2pProfile` (an A2P trust product)."""

    customer_profile: Optional[CustomerProfileConfig] = None  # type: ignore[valid-type]
    a2p_profile: Optional[A2PProfileConfig] = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _a2p_profile_names_its_customer_profile_once(self) -> "TrustHubConfig":
        if self.a2p_profile is None:
            return self
        given = self.a2p_profile.customer_profile_sid is not None
        if self.customer_profile is not None and given:
            raise ValueError("`a2pProfile.customerProfileSid` is set but so is `customerProfile`, whose profile the "
                             "A2P profile holds; remove one of them")
        if self.customer_profile is None and not given and self.a2p_profile.adopt_sid is None:
            raise ValueError("`a2pProfile` needs a customer profile: set `customerProfile` (made by the stack) or "
                             "`a2pProfile.customerProfileSid` (an existing, approved one)")
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
    trust_hub: Optional[TrustHubConfig] = None
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
        if self.brand is not None and self.brand.sid is None:
            twice = [to_camel(k) for k in self.managed_bundles() if getattr(self.brand, k) is not None]
            if twice:
                raise ValueError(f"`brand.{twice[0]}` is set but `trustHub` makes that bundle, and the brand takes "
                                 "the bundle the stack makes; remove it from `brand`")
        return self

    def managed_bundles(self) -> tuple[str, ...]:
        """The brand's bundle inputs that the stack's own Trust Hub bundles provide."""
        hub = self.trust_hub
        if hub is None:
            return ()
        return tuple(key for key, section in (("customer_profile_bundle_sid", hub.customer_profile),
                                              ("a2p_profile_bundle_sid", hub.a2p_profile)) if section is not None)

    def trust_hub_sections(self) -> list[tuple[str, _Section]]:
        """(config path, section) of each Trust Hub bundle the stack makes."""
        hub = self.trust_hub
        if hub is None:
            return []
        return [(f"trustHub.{name}", section) for name, section in (("customerProfile", hub.customer_profile),
                                                                     ("a2pProfile", hub.a2p_profile))
                if section is not None]


class StackConfigError(ValueError):
    """A stack config error whose message names each offending `flex-a2p:` key and the rule it breaks."""


def load(get_object: Callable[[str], Any], *, campaign_exists: Callable[[], bool] = lambda: False,
         is_secret: Callable[[str], bool] | None = None, stack_file: Mapping[str, Any] | None = None,
         stack: str = "<stack>") -> StackConfig:
    """Reads the `flex-a2p:*` keys through `get_object` (e.g. `pulumi.Config("flex-a2p").get_object`).

    `campaign_exists` says whether the stack registered its campaign in an earlier update; it is asked only when the
    campaign lacks what Twilio requires of new campaigns alone (its privacy and terms URLs). With ``is_secret`` (the
    engine's `pulumi.runtime.is_config_secret`) personal data in plain text is refused; ``stack_file`` is the
    `config:` of `Pulumi.<stack>.yaml` as written (:func:`read_stack_file`), which tells which values inside an
    object are encrypted.
    """
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
    if is_secret is not None:
        commands = plain_text_personal_data(config, is_secret, stack_file, stack)
        if commands:
            raise StackConfigError(
                "personal data in plain text in the stack configuration; store each value encrypted (the command "
                "prompts for it, so it stays out of your shell history), then run again:\n  " + "\n  ".join(commands))
    return config


def read_stack_file(path: Path) -> Mapping[str, Any] | None:
    """The `config:` of a stack file as written (encrypted values as `{secure: …}`), or None without one."""
    if not path.is_file():
        return None
    document = yaml.safe_load(path.read_text()) or {}
    config = document.get("config") if isinstance(document, dict) else None
    return config if isinstance(config, dict) else None


def plain_text_personal_data(config: StackConfig, is_secret: Callable[[str], bool],
                             stack_file: Mapping[str, Any] | None, stack: str) -> list[str]:
    """The `pulumi config set --secret --path` command for each personal-data value not stored encrypted.

    The engine marks a whole key secret when any value inside it is, so the stack file (when it holds the key) tells
    which values are; without it (config from elsewhere) a key marked secret is trusted.
    """
    key = f"{NAMESPACE}:trustHub"
    paths = [f"{name}.{section.declaration.config_path(p)}" for name, section in config.trust_hub_sections()
             if section.declaration is not None for p in section.declaration.secret_paths(section.inputs())]
    if not paths:
        return []
    stored = (stack_file or {}).get(key)
    if is_secret(key) and stored is None:
        plain: list[str] = []
    elif not is_secret(key):
        plain = paths
    else:
        plain = [p for p in paths if not _encrypted(_at(stored, p.removeprefix("trustHub.")))]
    return [f"pulumi config set --stack {stack} --secret --path '{NAMESPACE}:{p}'" for p in plain]


def _at(value: Any, path: str) -> Any:
    """The value at a config path (`customerProfile.authorizedRepresentatives[0].email`) of a nested document."""
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if name:
            value = value.get(name) if isinstance(value, dict) else None
        else:
            value = value[int(index)] if isinstance(value, list) and int(index) < len(value) else None
    return value


def _encrypted(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"secure"}


def _value_rules(config: StackConfig) -> list[str]:
    """The declared value rules of each section, in config words."""
    sections: list[tuple[str, _Section, tuple[str, ...]]] = [("messagingService", config.messaging_service, ())]
    for path, section in config.trust_hub_sections():
        managed_profile = path.endswith("a2pProfile") and config.trust_hub and config.trust_hub.customer_profile
        sections.append((path, section, ("customer_profile_sid",) if managed_profile else ()))
    if config.brand is not None and config.brand.sid is None:  # a brand named by `sid` is only read
        sections.append(("brand", config.brand, config.managed_bundles()))
    if config.flex_inbound is not None:
        sections.append(("flexInbound", config.flex_inbound, ()))
    lines = []
    for key, section, managed in sections:
        declaration = section.declaration
        assert declaration is not None
        inputs = declaration.normalized(section.inputs())
        found = declaration.violations(inputs, skip_required=_sibling_sids(declaration) + managed)
        found += section.cross_rules(inputs)
        lines += [_config_line(key, declaration, v) for v in found]
    return lines


def _sibling_sids(declaration: type[ResourceArgs]) -> tuple[str, ...]:
    """Inputs the component fills from sibling resources, never from config."""
    return tuple(name for name in declaration.specs() if name not in declaration.config_keys())


def _config_line(section: str, declaration: type[ResourceArgs], v: Violation) -> str:
    """A violation of a resource input, in the words of the stack config (its key path and camelCase names)."""
    path = f"{NAMESPACE}:{section}.{declaration.config_path(v.field)}"
    if v.rule == "missing_required_field":
        adoptable = "adopt_sid" in declaration.specs() and "." not in v.field
        return f"{path}: required" + (" (or adoptSid, to adopt an existing one)" if adoptable else "")
    keys = declaration.config_names()
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
