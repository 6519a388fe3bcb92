"""The stack's whole configuration (`Pulumi.<stack>.yaml`) as one schema, checked before the program declares
anything.

- ``flex-a2p:*``: one section per resource, derived from its input declaration (``components/inputs.py``): the keys
  are the inputs in camelCase, values are converted from what YAML and ``pulumi config set --path`` typed
  (:meth:`Rule.from_config`) and checked by the declared rules; ``phoneNumbers`` is a list of E.164 numbers; the
  campaign's content goes through the provider's own pre-flight.
- ``twilio:*``: the settings of ``components/twilio_settings.py``, typed and bounded, each with its environment
  variable as fallback.
- An unknown key in either namespace, or a namespace one typo away from them (``Twilio:``), is an error naming the
  key and the known one it most likely meant: a typo must never be silently ignored.

Every problem is reported at once, each naming the key and the rule. :func:`load` is what the program runs (on
the config Pulumi hands it); :func:`load_file` runs the same schema on the stack file before Pulumi does
(``python -m stack_config --stack NAME``, in ``scripts/pr-check`` and ``scripts/up``) and also catches what never
reaches the program: a malformed ``secure:`` value, which the CLI refuses without naming the key, and a
configuration too large for the environment variable Pulumi passes it in.
"""
from __future__ import annotations

import argparse
import base64
import binascii
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from components.a2p_campaign import A2PCampaignArgs, campaign_preflight
from components.brand_registration import BrandRegistrationArgs
from components.inputs import (
    THIS_KEY,
    ConfigValueError,
    Phone,
    ResourceArgs,
    Sid,
    TextList,
    Violation,
    nearest,
    to_camel,
    unknown_key,
)
from components.messaging_service import MessagingServiceArgs
from components.twilio_settings import NAMESPACE as TWILIO, Resolved, TwilioSettings, resolve

NAMESPACE = "flex-a2p"
#: the flex-a2p:* keys; the sections among them are configured by these declarations
KEYS = ("messagingService", "phoneNumbers", "brand", "campaign")
SECTIONS: dict[str, type[ResourceArgs]] = {
    "messagingService": MessagingServiceArgs, "brand": BrandRegistrationArgs, "campaign": A2PCampaignArgs,
}
#: Pulumi hands the whole stack config to the program and to the providers in one environment variable
#: (PULUMI_CONFIG); Linux refuses to start a process with a variable over 128 KiB (MAX_ARG_STRLEN), and the CLI
#: then says only "argument list too long".
ENVIRONMENT_LIMIT = 128 * 1024
#: what a secret stands for when the stack file is checked without decrypting it
_SECRET = "<secret>"


@dataclass(frozen=True)
class StackConfig:
    """The validated configuration: resource inputs (snake_case, only what was set) and the Twilio settings."""

    messaging_service: dict[str, Any]
    phone_numbers: list[str]
    brand: dict[str, Any] | None  # {"sid": "BN…"} for an existing brand (read only), or registration inputs
    campaign: dict[str, Any] | None
    twilio: Resolved


class StackConfigError(ValueError):
    """A stack config error whose message names each offending key and the rule it breaks."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("invalid stack configuration:\n  " + "\n  ".join(problems))
        self.problems = problems


def load(config: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> StackConfig:
    """Validates the whole stack config: ``config`` maps full keys (``flex-a2p:brand``) to values as Pulumi hands
    them to the program (text, JSON for objects; see ``pulumi.runtime.config.get_config_env``) or as YAML typed them.
    ``environ`` supplies the ``TWILIO_*`` fallbacks."""
    problems = _unknown_keys(config) + _size(config)
    twilio = resolve(config.get, environ)
    problems += twilio.problems
    flex = {key: _decoded(config[f"{NAMESPACE}:{key}"]) for key in KEYS if f"{NAMESPACE}:{key}" in config}
    service = _section("messagingService", flex.get("messagingService"), problems)
    if service is None and "messagingService" not in flex:
        problems.append(f"{NAMESPACE}:messagingService: required (at least `pulumi config set --path "
                        f"'{NAMESPACE}:messagingService.friendlyName' NAME`)")
    numbers = _phone_numbers(flex.get("phoneNumbers"), problems)
    brand = _brand(flex.get("brand"), problems)
    campaign = _campaign(flex.get("campaign"), problems)
    if campaign is not None and "brand" not in flex:
        problems.append(f"{NAMESPACE}:campaign: a campaign is registered under a brand, so `{NAMESPACE}:brand` must "
                        "be set too")
    if problems:
        raise StackConfigError(problems)
    assert service is not None
    return StackConfig(service, numbers, brand, campaign, twilio)


def load_file(path: Path, environ: Mapping[str, str] | None = None) -> StackConfig:
    """:func:`load` on a ``Pulumi.<stack>.yaml``, before Pulumi reads it: ``secure:`` values are checked for shape
    (they stay encrypted) and the whole config against the environment limit."""
    document = yaml.safe_load(path.read_text()) or {}
    config = document.get("config") or {}
    if not isinstance(config, Mapping):
        raise StackConfigError([f"{path.name}: `config` must be a mapping of keys to values"])
    passphrase = str(document.get("encryptionsalt", "")).startswith("v1:")
    problems = [problem for key, value in config.items() for problem in _secure_problems(str(key), value, passphrase)]
    try:
        loaded = load({str(k): _without_secrets(v) for k, v in config.items()}, environ)
    except StackConfigError as error:
        raise StackConfigError(problems + error.problems) from None
    if problems:
        raise StackConfigError(problems)
    return loaded


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


def _section(key: str, value: Any, problems: list[str], *, check_rules: bool = True) -> dict[str, Any] | None:
    """A resource section: converted inputs, with each problem (unknown key, wrong type, rule) added to
    ``problems``. Inputs the component fills from sibling resources are not required here."""
    if value is None:
        return None
    declaration = SECTIONS[key]
    inputs, found = declaration.from_config(value)
    if check_rules and not found:
        siblings = tuple(name for name in declaration.specs() if name not in declaration.config_keys())
        found = declaration.violations(declaration.normalized(inputs), skip_required=siblings)
    problems += [_line(f"{NAMESPACE}:{key}", declaration, v) for v in found]
    return inputs


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


def _brand(value: Any, problems: list[str]) -> dict[str, Any] | None:
    """Either ``sid`` of an existing brand (referenced read-only), or the inputs of a registration."""
    path = f"{NAMESPACE}:brand"
    if not (isinstance(value, Mapping) and "sid" in value):
        return _section("brand", value, problems)
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


def _campaign(value: Any, problems: list[str]) -> dict[str, Any] | None:
    """The campaign section through the provider's own pre-flight, so that content Twilio would reject stops the
    program before it declares anything (with `--skip-preview`, check() alone would run after the service exists)."""
    before = len(problems)
    inputs = _section("campaign", value, problems, check_rules=False)
    if inputs is None or len(problems) > before:
        return inputs
    from pulumi.output import Unknown

    blocking, _heuristic = campaign_preflight(
        {**inputs, "messaging_service_sid": Unknown(), "brand_registration_sid": Unknown()})
    problems += [_line(f"{NAMESPACE}:campaign", A2PCampaignArgs, v) for v in blocking]
    return inputs


def _line(path: str, declaration: type[ResourceArgs] | None, v: Violation) -> str:
    """A violation in the words of the stack config: its full key, camelCase names, the rule."""
    keys = declaration.config_keys() if declaration is not None else {}
    field, _, index = v.field.partition("[")
    where = path if not field or field == path.rpartition(":")[2] else f"{path}.{keys.get(field, field)}"
    where += f"[{index}" if index else ""
    if v.rule == "missing_required_field":
        adoptable = declaration is not None and "adopt_sid" in declaration.specs()
        return f"{where}: required" + (" (or adoptSid, to adopt an existing one)" if adoptable else "")
    message = v.describe()
    if v.field and message.startswith(v.field):
        message = message[len(v.field):].lstrip()
    if keys:
        names = re.compile(r"\b(" + "|".join(sorted(keys, key=len, reverse=True)) + r")\b")
        message = names.sub(lambda m: keys[m.group(1)], message)
    return f"{where}: {message.replace(THIS_KEY, where)}"


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
