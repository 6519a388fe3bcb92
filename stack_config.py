"""The stack's whole configuration (`Pulumi.<stack>.yaml`) as one schema, checked before the program declares
anything.

- ``flex-a2p:*``: one section per resource, derived from its input declaration (``components/inputs.py``): the keys
  are the inputs in camelCase (nested objects too: ``trustHub.customerProfile.authorizedRepresentatives[0].email``),
  values are converted from what YAML and ``pulumi config set --path`` typed (:meth:`Rule.from_config`) and checked by
  the declared rules; ``phoneNumbers`` is a list of E.164 numbers; the campaign's content goes through the provider's
  own pre-flight; ``trustHub`` holds the bundles the stack makes (``customerProfile``, ``a2pProfile``), whose SIDs the
  brand then takes; ``flexInbound`` says how the numbers reach Flex (``mode``, ``flavour`` and the Conversations
  address configuration's inputs).
- ``twilio:*``: the settings of ``components/twilio_settings.py``, typed and bounded, each with its environment
  variable as fallback.
- An unknown key in either namespace, or a namespace one typo away from them (``Twilio:``), is an error naming the
  key and the known one it most likely meant: a typo must never be silently ignored.

Every problem is reported at once, each naming the key and the rule. :func:`load` is what the program runs (on
the config Pulumi hands it); :func:`load_file` runs the same schema on the stack file before Pulumi does
(``python -m stack_config --stack NAME``, in ``scripts/pr-check`` and ``scripts/up``) and also catches what never
reaches the program: a malformed ``secure:`` value, which the CLI refuses without naming the key, and a
configuration too large for the environment variable Pulumi passes it in.

Personal data (the Trust Hub representatives' email and phone number, the tax ID, a brand contact email) must be
stored encrypted: a value of one of those keys in plain text in `Pulumi.<stack>.yaml` stops the program, and the
error gives the exact `pulumi config set --secret --path …` command for each (:func:`plain_text_personal_data`).
"""
from __future__ import annotations

import argparse
import base64
import binascii
import json
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from components.a2p_campaign import A2PCampaignArgs, campaign_preflight
from components.a2p_trust_product import A2PTrustProductArgs
from components.brand_registration import BrandRegistrationArgs
from components.conversations_address import TARGETS, AddressSettingsArgs, target_violations
from components.customer_profile import CustomerProfileArgs
from components.inbound_routing import Flavour, FlexInbound
from components.inputs import (
    THIS_KEY,
    UNKNOWN,
    Choice,
    ConfigValueError,
    Phone,
    ResourceArgs,
    Sid,
    TextList,
    Update,
    Violation,
    nearest,
    shown,
    to_camel,
    twilio_field,
    unknown_key,
)
from components.messaging_service import MessagingServiceArgs
from components.twilio_settings import NAMESPACE as TWILIO, Resolved, TwilioSettings, resolve

NAMESPACE = "flex-a2p"
#: the flex-a2p:* keys
KEYS = ("messagingService", "phoneNumbers", "trustHub", "brand", "campaign", "flexInbound")
#: the Trust Hub bundles `trustHub` makes: its key -> (the bundle's declaration, the brand input that takes its SID)
TRUST_HUB: dict[str, tuple[type[ResourceArgs], str]] = {
    "customerProfile": (CustomerProfileArgs, "customer_profile_bundle_sid"),
    "a2pProfile": (A2PTrustProductArgs, "a2p_profile_bundle_sid"),
}
#: Pulumi hands the whole stack config to the program and to the providers in one environment variable
#: (PULUMI_CONFIG); Linux refuses to start a process with a variable over 128 KiB (MAX_ARG_STRLEN), and the CLI
#: then says only "argument list too long".
ENVIRONMENT_LIMIT = 128 * 1024
#: what an encrypted value stands for when the stack file is checked without decrypting it: a Pulumi unknown, which
#: the value rules leave alone
_SECRET = UNKNOWN


@dataclass(frozen=True, kw_only=True)
class FlexInboundArgs(AddressSettingsArgs):
    """``flex-a2p:flexInbound``: how the numbers reach Flex. ``mode: verify`` (the default) only checks each number's
    route; ``mode: conversations`` also manages the numbers' Conversations address configurations (one
    ConversationsAddressConfigurations resource), into ``studioFlowSid`` or ``webhookUrl`` (the other settings keep
    their keys). ``flavour``
    (conversations or legacy) overrides the one detected from the account."""

    mode: str | None = twilio_field(Choice(values=("verify", "conversations")), update=Update.LOCAL,
                                    doc="verify (read only, the default) or conversations (manage the addresses)")
    flavour: str | None = twilio_field(Choice(values=tuple(f.value for f in Flavour)), update=Update.LOCAL,
                                       doc="the Flex flavour, when it is not to be detected from the account")


@dataclass(frozen=True)
class StackConfig:
    """The validated configuration: resource inputs (snake_case, only what was set) and the Twilio settings."""

    messaging_service: dict[str, Any]
    phone_numbers: list[str]
    brand: dict[str, Any] | None  # {"sid": "BN…"} for an existing brand (read only), or registration inputs
    campaign: dict[str, Any] | None
    twilio: Resolved
    #: the Trust Hub bundles the stack makes: ``customer_profile`` and/or ``a2p_profile`` inputs
    trust_hub: dict[str, dict[str, Any]] | None = None
    flex_inbound: FlexInbound | None = None

    def managed_bundles(self) -> tuple[str, ...]:
        """The brand's bundle inputs that the stack's own Trust Hub bundles provide."""
        return _managed_bundles(self.trust_hub)


class StackConfigError(ValueError):
    """A stack config error whose message names each offending key and the rule it breaks."""

    def __init__(self, problems: list[str], what: str = "invalid stack configuration") -> None:
        super().__init__(f"{what}:\n  " + "\n  ".join(problems))
        self.problems = problems


def load(config: Mapping[str, Any], environ: Mapping[str, str] | None = None, *,
         campaign_exists: Callable[[], bool] = lambda: False, is_secret: Callable[[str], bool] | None = None,
         stack_file: Mapping[str, Any] | None = None, stack: str = "<stack>") -> StackConfig:
    """Validates the whole stack config: ``config`` maps full keys (``flex-a2p:brand``) to values as Pulumi hands
    them to the program (text, JSON for objects; see ``pulumi.runtime.config.get_config_env``) or as YAML typed them.
    ``environ`` supplies the ``TWILIO_*`` fallbacks.

    ``campaign_exists`` says whether the stack registered its campaign in an earlier update; it is asked only when the
    campaign lacks what Twilio requires of new campaigns alone (its privacy and terms URLs). With ``is_secret`` (the
    engine's `pulumi.runtime.is_config_secret`) personal data in plain text is refused; ``stack_file`` is the
    `config:` of `Pulumi.<stack>.yaml` as written (:func:`read_stack_file`), which tells which values inside an
    object are encrypted.
    """
    problems = _unknown_keys(config) + _size(config)
    twilio = resolve(config.get, environ)
    problems += twilio.problems
    flex = {key: _decoded(config[f"{NAMESPACE}:{key}"]) for key in KEYS if f"{NAMESPACE}:{key}" in config}
    encrypted = {key for key, value in flex.items() if value == _SECRET}  # a whole key encrypted: not checkable here
    flex = {key: value for key, value in flex.items() if key not in encrypted}
    service = _section("messagingService", MessagingServiceArgs, flex.get("messagingService"), problems)
    if "messagingService" not in flex and "messagingService" not in encrypted:
        problems.append(f"{NAMESPACE}:messagingService: required (at least `pulumi config set --path "
                        f"'{NAMESPACE}:messagingService.friendlyName' NAME`)")
    numbers = _phone_numbers(flex.get("phoneNumbers"), problems)
    trust_hub = _trust_hub(flex.get("trustHub"), problems)
    brand = _brand(flex.get("brand"), _managed_bundles(trust_hub), problems)
    campaign = _campaign(flex.get("campaign"), campaign_exists, problems)
    if campaign is not None and "brand" not in flex:
        problems.append(f"{NAMESPACE}:campaign: a campaign is registered under a brand, so `{NAMESPACE}:brand` must "
                        "be set too")
    flex_inbound = _flex_inbound(flex.get("flexInbound"), problems)
    if problems:
        raise StackConfigError(problems)
    loaded = StackConfig(service or {}, numbers, brand, campaign, twilio, trust_hub, flex_inbound)
    if is_secret is not None:
        commands = plain_text_personal_data(loaded, is_secret, stack_file, stack)
        if commands:
            raise StackConfigError(commands, "personal data in plain text in the stack configuration; store each "
                                             "value encrypted (the command prompts for it, so it stays out of your "
                                             "shell history), then run again")
    return loaded


def load_file(path: Path, environ: Mapping[str, str] | None = None) -> StackConfig:
    """:func:`load` on a ``Pulumi.<stack>.yaml``, before Pulumi reads it: ``secure:`` values are checked for shape
    (they stay encrypted), the whole config against the environment limit, and personal data for encryption."""
    document = yaml.safe_load(path.read_text()) or {}
    config = document.get("config") or {}
    if not isinstance(config, Mapping):
        raise StackConfigError([f"{path.name}: `config` must be a mapping of keys to values"])
    passphrase = str(document.get("encryptionsalt", "")).startswith("v1:")
    problems = [problem for key, value in config.items() for problem in _secure_problems(str(key), value, passphrase)]
    stack = path.name.removeprefix("Pulumi.").removesuffix(".yaml")
    try:
        loaded = load({str(k): _without_secrets(v) for k, v in config.items()}, environ,
                      is_secret=lambda key: _holds_secure(config.get(key)), stack_file=config, stack=stack)
    except StackConfigError as error:
        if not problems:
            raise
        raise StackConfigError(problems + error.problems) from None
    if problems:
        raise StackConfigError(problems)
    return loaded


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
    paths = [f"trustHub.{name}.{declaration.config_path(p)}" for name, (declaration, _) in TRUST_HUB.items()
             if (inputs := (config.trust_hub or {}).get(_snake(name))) for p in declaration.secret_paths(inputs)]
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


# ---------------------------------------------------------------------------------------------------------------
# the parts


def _unknown_keys(config: Mapping[str, Any]) -> list[str]:
    known = {NAMESPACE: KEYS, TWILIO: tuple(TwilioSettings.config_keys().values())}
    problems = []
    for full in sorted(config):
        namespace, _, key = full.partition(":")
        if namespace in known:
            if key not in known[namespace]:
                problems.append(f"{full}: {unknown_key(key, known[namespace]).message}".replace(
                    "did you mean ", f"did you mean {namespace}:"))
        elif (guess := nearest(namespace, known)) is not None:
            problems.append(f"{full}: unknown namespace {namespace!r} (did you mean "
                            f"{guess}:{nearest(key, known[guess]) or key}?)")
    return problems


def _size(config: Mapping[str, Any]) -> list[str]:
    """The config as Pulumi passes it on (one JSON object of text values) must fit in one environment variable."""
    as_passed = {k: v if isinstance(v, str) else json.dumps(v, separators=(",", ":")) for k, v in config.items()}
    size = len("PULUMI_CONFIG=" + json.dumps(as_passed, separators=(",", ":")))
    if size <= ENVIRONMENT_LIMIT:
        return []
    largest = max(as_passed, key=lambda k: len(as_passed[k]))
    return [f"the stack config is {size // 1024} KiB as Pulumi passes it to the program, over the "
            f"{ENVIRONMENT_LIMIT // 1024} KiB a process environment variable may hold (largest: {largest}, "
            f"{len(as_passed[largest]) // 1024} KiB); Pulumi would stop with \"argument list too long\""]


def _decoded(value: Any) -> Any:
    """A flex-a2p value as Pulumi hands it over (JSON text for objects and lists), decoded; plain text stays text."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _section(key: str, declaration: type[ResourceArgs], value: Any, problems: list[str], *,
             check_rules: bool = True, skip_required: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """A resource section (``key`` is its path below the namespace): converted inputs, with each problem (unknown
    key, wrong type, rule) added to ``problems``. Inputs the component fills from sibling resources are not required
    here, nor ``skip_required``."""
    if value is None:
        return None
    inputs, found = declaration.from_config(value)
    if check_rules and not found:
        found = declaration.violations(declaration.normalized(inputs),
                                       skip_required=_sibling_inputs(declaration) + skip_required)
    problems += [_line(f"{NAMESPACE}:{key}", declaration, v) for v in found]
    return inputs


def _sibling_inputs(declaration: type[ResourceArgs]) -> tuple[str, ...]:
    """Inputs the component fills from sibling resources, never from config."""
    return tuple(name for name in declaration.specs() if name not in declaration.config_keys())


def _phone_numbers(value: Any, problems: list[str]) -> list[str]:
    path = f"{NAMESPACE}:phoneNumbers"
    if value is None:
        return []
    rule = Phone()
    try:
        numbers = TextList(item=rule).from_config("phoneNumbers", value)
    except ConfigValueError as exc:
        problems.append(_line(path, None, exc.violation))
        return []
    for i, number in enumerate(numbers):
        problems += [_line(path, None, v) for v in rule.problems(f"phoneNumbers[{i}]", number)]
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        problems.append(f"{path}: must list each number once; {', '.join(repeated)} appears more than once")
    return numbers


def _snake(key: str) -> str:
    """``customerProfile`` -> ``customer_profile``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()


def _managed_bundles(trust_hub: Mapping[str, Any] | None) -> tuple[str, ...]:
    return tuple(bundle for name, (_, bundle) in TRUST_HUB.items() if _snake(name) in (trust_hub or {}))


def _trust_hub(value: Any, problems: list[str]) -> dict[str, dict[str, Any]] | None:
    """The Trust Hub bundles the stack makes, each its resource's inputs; an A2P profile holds one customer profile,
    the managed one or an existing one named by ``customerProfileSid``."""
    path = f"{NAMESPACE}:trustHub"
    if value is None:
        return None
    if not isinstance(value, Mapping):
        problems.append(f"{path}: must be an object of {', '.join(TRUST_HUB)}, got {shown(value)}")
        return None
    problems += [f"{path}.{key}: {unknown_key(str(key), TRUST_HUB).message}" for key in value if key not in TRUST_HUB]
    profile, a2p = value.get("customerProfile"), value.get("a2pProfile")
    if isinstance(a2p, Mapping):
        given = a2p.get("customerProfileSid") is not None
        if profile is not None and given:
            problems.append(f"{path}: `a2pProfile.customerProfileSid` is set but so is `customerProfile`, whose profile "
                            "the A2P profile holds; remove one of them")
        elif profile is None and not given and a2p.get("adoptSid") is None:
            problems.append(f"{path}: `a2pProfile` needs a customer profile: set `customerProfile` (made by the stack) "
                            "or `a2pProfile.customerProfileSid` (an existing, approved one)")
    hub: dict[str, dict[str, Any]] = {}
    for name, (declaration, _) in TRUST_HUB.items():
        managed_profile = ("customer_profile_sid",) if name == "a2pProfile" and profile is not None else ()
        inputs = _section(f"trustHub.{name}", declaration, value.get(name), problems, skip_required=managed_profile)
        if inputs is not None:
            hub[_snake(name)] = inputs
    return hub or None


def _brand(value: Any, managed: tuple[str, ...], problems: list[str]) -> dict[str, Any] | None:
    """Either ``sid`` of an existing brand (referenced read-only), or the inputs of a registration, which takes the
    SIDs of the bundles ``trustHub`` makes (``managed``)."""
    path = f"{NAMESPACE}:brand"
    if not (isinstance(value, Mapping) and "sid" in value):
        keys = BrandRegistrationArgs.config_keys()
        twice = [keys[k] for k in managed if isinstance(value, Mapping) and value.get(keys[k]) is not None]
        problems += [f"{path}.{key}: `brand.{key}` is set but `trustHub` makes that bundle, and the brand takes the "
                     "bundle the stack makes; remove it from `brand`" for key in twice]
        return _section("brand", BrandRegistrationArgs, value, problems, skip_required=managed)
    others = sorted(k for k in value if k != "sid")
    if others:
        problems.append(f"{path}: give either `sid` (an existing brand) or registration inputs, not both; also "
                        f"given: {', '.join(others)}")
    rule = Sid("BN", "a Brand Registration")
    try:
        sid = rule.from_config("sid", value["sid"])
    except ConfigValueError as exc:
        problems.append(_line(path, None, exc.violation))
        return None
    found = list(rule.problems("sid", sid))
    problems += [_line(path, None, v) for v in found]
    return {"sid": sid}


def _campaign(value: Any, campaign_exists: Callable[[], bool], problems: list[str]) -> dict[str, Any] | None:
    """The campaign section through the provider's own pre-flight, so that content Twilio would reject stops the
    program before it declares anything (with `--skip-preview`, check() alone would run after the service exists).
    What Twilio requires of new campaigns only is not asked of the campaign the stack already has
    (``campaign_exists``, asked only then)."""
    before = len(problems)
    inputs = _section("campaign", A2PCampaignArgs, value, problems, check_rules=False)
    if inputs is None or len(problems) > before:
        return inputs
    from pulumi.output import Unknown

    complete = {**inputs, "messaging_service_sid": Unknown(), "brand_registration_sid": Unknown()}
    blocking, _heuristic = campaign_preflight(complete)  # heuristics are warned about by the provider
    if {v.rule for v in blocking} & A2PCampaignArgs.new_requirement_rules() and campaign_exists():
        blocking, _heuristic = campaign_preflight(complete, existing=True)  # check() says what they'd need
    problems += [_line(f"{NAMESPACE}:campaign", A2PCampaignArgs, v) for v in blocking]
    return inputs


def _flex_inbound(value: Any, problems: list[str]) -> FlexInbound | None:
    """``flexInbound``: its declared rules, then which mode manages what, then the address configuration's own
    cross-field rules (``target_violations``, as its check() applies them)."""
    path = f"{NAMESPACE}:flexInbound"
    before = len(problems)
    inputs = _section("flexInbound", FlexInboundArgs, value, problems)
    if inputs is None or len(problems) > before:
        return None
    mode, flavour = inputs.pop("mode", None) or "verify", inputs.pop("flavour", None)
    keys = FlexInboundArgs.config_keys()
    given = sorted(keys[k] for k in inputs)
    targets = [keys[target] for target, _ in TARGETS.values()]
    if mode != "conversations":
        if given:
            problems.append(f"{path}: {', '.join(given)}: address configurations are managed only with "
                            "`mode: conversations` (`mode: verify`, the default, only reads)")
            return None
    elif flavour == Flavour.LEGACY.value:
        problems.append(f"{path}: `mode: conversations` manages Conversations address configurations; legacy Flex "
                        "Flows are verified, never created: drop `flavour: legacy` or the mode")
        return None
    elif len(chosen := [t for t in targets if t in given]) != 1:
        problems.append(f"{path}: `mode: conversations` needs exactly one target: `studioFlowSid` (a published Studio "
                        "flow that sends to Flex) or `webhookUrl`" + (", not both" if chosen else ""))
        return None
    for kind, (target, _) in TARGETS.items():
        if target in inputs:
            inputs["auto_creation_type"] = kind  # the auto-creation type follows the target
    found = target_violations(FlexInboundArgs.normalized(inputs))
    problems += [_line(path, FlexInboundArgs, v) for v in found]
    return FlexInbound(mode=mode, flavour=Flavour(flavour) if flavour else None, address=inputs)


def _line(path: str, declaration: type[ResourceArgs] | None, v: Violation) -> str:
    """A violation in the words of the stack config: its full key path (camelCase names), the rule."""
    section = path.rpartition(":")[2].rpartition(".")[2]
    if not v.field:
        where = path
    elif v.field == section or v.field.startswith(section + "["):
        where = path + v.field[len(section):]  # phoneNumbers[0]
    else:
        where = f"{path}.{declaration.config_path(v.field) if declaration is not None else v.field}"
    if v.rule == "missing_required_field":
        adoptable = declaration is not None and "adopt_sid" in declaration.specs() and "." not in v.field
        return f"{where}: required" + (" (or adoptSid, to adopt an existing one)" if adoptable else "")
    message = v.describe()
    if v.field and message.startswith(v.field + " must "):
        message = message[len(v.field):].lstrip()  # "flex-a2p:brand.sid: must be ..."
    if declaration is not None:
        keys = declaration.config_names()
        names = re.compile(r"\b(" + "|".join(sorted(keys, key=len, reverse=True)) + r")\b")
        message = names.sub(lambda m: keys[m.group(1)], message)
    return f"{where}: {message.replace(THIS_KEY, where)}"


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


def _holds_secure(value: Any) -> bool:
    """Whether a stack-file value is, or holds, an encrypted one (the engine then marks the whole key secret)."""
    if isinstance(value, Mapping):
        return "secure" in value or any(_holds_secure(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_secure(v) for v in value)
    return False


def _secure_problems(key: str, value: Any, passphrase: bool) -> list[str]:
    """A ``secure:`` value that cannot be ciphertext (Pulumi's own error, "bad value", names no key)."""
    if not (isinstance(value, Mapping) and "secure" in value):
        if isinstance(value, Mapping):
            return [p for k, v in value.items() for p in _secure_problems(f"{key}.{k}", v, passphrase)]
        if isinstance(value, list):
            return [p for i, v in enumerate(value) for p in _secure_problems(f"{key}[{i}]", v, passphrase)]
        return []
    text = value["secure"]
    if not isinstance(text, str) or not text or (passphrase and not _passphrase_ciphertext(text)):
        what = "v1:<nonce>:<ciphertext>, as `pulumi config set --secret` writes it" if passphrase else "ciphertext"
        return [f"{key}: the secure value is not {what}; set it again with `pulumi config set --secret {key}`"]
    return []


def _passphrase_ciphertext(text: str) -> bool:
    parts = text.split(":")
    if len(parts) != 3 or parts[0] != "v1":
        return False
    try:
        return all(base64.b64decode(part, validate=True) for part in parts[1:])
    except (binascii.Error, ValueError):
        return False


def _without_secrets(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _SECRET if "secure" in value else {k: _without_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_secrets(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    """``python -m stack_config [--stack NAME | FILE]``: check a stack file as the program would, before Pulumi."""
    parser = argparse.ArgumentParser(prog="python -m stack_config", description=main.__doc__)
    parser.add_argument("file", nargs="?", type=Path, help="a Pulumi.<stack>.yaml (default: that of --stack)")
    parser.add_argument("--stack", default="dev")
    args = parser.parse_args(argv)
    path = args.file or Path(f"Pulumi.{args.stack}.yaml")
    if not path.exists():
        print(f"stack config: {path} does not exist", file=sys.stderr)
        return 2
    try:
        load_file(path)
    except StackConfigError as error:
        print(f"stack config {path}: {error}", file=sys.stderr)
        return 1
    print(f"stack config {path}: ok")
    return 0


__all__ = ["KEYS", "NAMESPACE", "StackConfig", "StackConfigError", "load", "load_file", "to_camel"]

if __name__ == "__main__":
    sys.exit(main())
