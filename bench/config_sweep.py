#!/usr/bin/env python
"""A sweep of malformed stack configurations (issue 16), generated from the declarations, run through the real CLI.

Every case is the dev stack's configuration with one thing wrong: each config key of each resource section gets
the bad values its rule refuses (wrong type, out of range, control characters, malformed SIDs and URLs) and a
misspelling of its name; every ``twilio:*`` setting likewise; then the top level (unknown keys, namespace typos,
missing or contradictory sections, phone numbers), what only Twilio knows (SIDs that do not exist, numbers not on the
account or in another service, a full sender pool, an object that exists already), and what Pulumi refuses before
the program runs (a malformed ``secure:`` value, a config too large for the environment).

For each case ``pulumi preview`` runs against a fresh emulator account and must fail naming the key and the rule,
with no Python traceback; across the sweep the emulator must see no write (POST or DELETE). The two cases Pulumi
refuses before the program runs are caught by ``python -m stack_config`` (what ``scripts/pr-check`` runs before
``pulumi preview``) and counted apart.

    .venv/bin/python bench/config_sweep.py              # every case through the CLI (about 15 minutes on 2 cores)
    .venv/bin/python bench/config_sweep.py --list       # the cases, one a line
    .venv/bin/python bench/config_sweep.py --limit 10   # the first 10
"""
from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.a2p_campaign import A2PCampaignArgs  # noqa: E402
from components.brand_registration import BrandRegistrationArgs  # noqa: E402
from components.inputs import Choice, Flag, PhoneNumber, ResourceArgs, Rule, Seconds, Text, TextList, Url, Whole  # noqa: E402
from components.messaging_service import MessagingServiceArgs  # noqa: E402
from components.twilio_settings import TwilioSettings, config_key  # noqa: E402

SECTIONS: dict[str, type[ResourceArgs]] = {
    "messagingService": MessagingServiceArgs, "brand": BrandRegistrationArgs, "campaign": A2PCampaignArgs,
}
#: a line naming a problem says what the rule is
RULE_WORDS = re.compile(r"must|unknown key|unknown namespace|required|does not exist|already|give either|"
                        r"over the|over its .*limit|one service only|not a phone number|cannot|secure value")
MISSING = {"MG": "MG" + "0" * 32, "BN": "BN" + "0" * 32, "BU": "BU" + "0" * 32,
           "QE": "QE2c6890da8086d771620e9b13fadeba0b"}
Config = dict[str, Any]


@dataclass
class Case:
    name: str
    key: str  # the key the error must name
    mutate: Callable[[Config], None]
    setup: Callable[[Any], None] | None = None  # Twilio objects the case needs (a twilio.rest.Client)
    before_pulumi: bool = False  # Pulumi refuses it before the program runs; the stack-file check names the key


def dev_config() -> Config:
    """The benchmark's dev config (the brand on the fixtures' approved bundles), its ``flex-a2p:`` keys."""
    from bench.run import dev_config as bench_config
    return {k: v for k, v in bench_config().items() if k.startswith("flex-a2p:")}


def bad_values(rule: Rule) -> list[tuple[str, Any]]:
    """Values ``rule`` refuses, whatever YAML or --path typing makes of them."""
    if isinstance(rule, Flag):
        return [("not a boolean", "maybe"), ("an object", {"on": True})]
    if isinstance(rule, Whole):
        return [("below the range", rule.low - 1), ("above the range", rule.high + 1), ("not a number", "abc")]
    if isinstance(rule, Seconds):
        return [("below the range", str(rule.low / 2 if rule.low else -1)), ("not a number", "soon")]
    if isinstance(rule, Choice):
        return [("not one of the choices", "nope"), ("a number", 7)]
    if isinstance(rule, Url):
        values = [("not an http URL", "ftp://example.com/x"), ("a space in the host", "https://hooks .example.com/x"),
                  ("a malformed host", "https://-x-.example.com/x"), ("too long", "https://example.com/" + "a" * 2100)]
        if rule.https_only:
            values.append(("not https", "http://example.com/x"))
        if rule.base:
            values = [("no scheme", "127.0.0.1:4010"), ("a query", "http://127.0.0.1:4010/?x=1")]
        return values
    if isinstance(rule, PhoneNumber):
        return [("not E.164", "4155550100"), ("a decimal number", 4155550100.5)]
    if isinstance(rule, Text) and rule.pattern is not None:
        return [("malformed", "XX 12!"), ("a number", 12345)]
    if isinstance(rule, Text):
        values: list[tuple[str, Any]] = [("a control character", "Example\x00Co" + "x" * max(0, (rule.min_len or 0)))]
        if rule.max_len is not None:
            values.append(("too long", "x" * (rule.max_len + 1)))
        if (rule.min_len or 0) > 1:
            values.append(("too short", "x" * (rule.min_len - 1)))  # type: ignore[operator]
        return values
    if isinstance(rule, TextList):
        values = [("not a list", "ONE"), ("an object", {"a": "b"})]
        if rule.max_items is not None:
            values.append(("too many items", ["Example Co: a sample message of enough length."] * (rule.max_items + 1)))
        values.append(("a bad item", [f"{item}" for _label, item in bad_values(rule.item)[:1]]))
        return values
    raise AssertionError(f"no bad values for {rule!r}")


def _set(key: str, value: Any, path: str | None = None) -> Callable[[Config], None]:
    def mutate(config: Config) -> None:
        if path is None:
            config[key] = value
        else:
            config[key] = {**config.get(key, {}), path: value}
    return mutate


def _rename(key: str, old: str | None, new: str) -> Callable[[Config], None]:
    def mutate(config: Config) -> None:
        if old is None:
            config[new] = config.pop(key)
        else:
            section = dict(config[key])
            section[new] = section.pop(old, "value")
            config[key] = section
    return mutate


def _drop(*keys: str) -> Callable[[Config], None]:
    def mutate(config: Config) -> None:
        for key in keys:
            config.pop(key, None)
    return mutate


def _all(*mutations: Callable[[Config], None]) -> Callable[[Config], None]:
    def mutate(config: Config) -> None:
        for m in mutations:
            m(config)
    return mutate


def cases() -> list[Case]:
    """Every case, in a fixed order."""
    found: list[Case] = []
    base = dev_config()
    for section, declaration in SECTIONS.items():
        key = f"flex-a2p:{section}"
        for name, camel in declaration.config_keys().items():
            for label, value in bad_values(declaration.specs()[name].rule):
                found.append(Case(f"{section}.{camel}: {label}", f"{key}.{camel}", _set(key, value, camel)))
            present = camel in base[key]
            misspelt = camel[:-1]
            found.append(Case(f"{section}.{camel}: misspelt {misspelt}", f"{key}.{misspelt}",
                              _rename(key, camel if present else None, misspelt) if present
                              else _set(key, "x", misspelt)))
    for name, camel in TwilioSettings.config_keys().items():
        full = config_key(name)
        for label, value in bad_values(TwilioSettings.specs()[name].rule):
            if isinstance(value, (dict, list)):
                continue  # Pulumi hands twilio:* values over as text
            found.append(Case(f"{full}: {label}", full, _set(full, str(value) if not isinstance(value, str) else value)))
        found.append(Case(f"{full}: misspelt in case", f"twilio:{camel.lower()}", _set(f"twilio:{camel.lower()}", "5")))
    found += [
        Case("top level: flex-a2p:campaigns", "flex-a2p:campaigns", _rename("flex-a2p:campaign", None,
                                                                             "flex-a2p:campaigns")),
        Case("top level: flex-a2p:phoneNumber", "flex-a2p:phoneNumber", _rename("flex-a2p:phoneNumbers", None,
                                                                                 "flex-a2p:phoneNumber")),
        Case("top level: flex-a2p:brands", "flex-a2p:brands", _rename("flex-a2p:brand", None, "flex-a2p:brands")),
        Case("top level: flex-a2p:messagingServices", "flex-a2p:messagingServices",
             _rename("flex-a2p:messagingService", None, "flex-a2p:messagingServices")),
        Case("top level: Twilio: namespace", "Twilio:authToken", _set("Twilio:authToken", "token")),
        Case("top level: twillio: namespace", "twillio:accountSid", _set("twillio:accountSid", "AC" + "1" * 32)),
        Case("top level: flex-a2p2: namespace", "flex-a2p2:brand", _set("flex-a2p2:brand", "x")),
        Case("top level: no messagingService", "flex-a2p:messagingService", _drop("flex-a2p:messagingService")),
        Case("top level: messagingService is text", "flex-a2p:messagingService",
             _set("flex-a2p:messagingService", "Flex")),
        Case("top level: brand is a list", "flex-a2p:brand", _set("flex-a2p:brand", ["BU"])),
        Case("top level: campaign without brand", "flex-a2p:campaign", _drop("flex-a2p:brand")),
        Case("phoneNumbers: not E.164", "flex-a2p:phoneNumbers[0]", _set("flex-a2p:phoneNumbers", ["4155550100"])),
        Case("phoneNumbers: twice", "flex-a2p:phoneNumbers",
             _set("flex-a2p:phoneNumbers", ["+14155550100", "+14155550100"])),
        Case("phoneNumbers: not a list", "flex-a2p:phoneNumbers", _set("flex-a2p:phoneNumbers", "+14155550100")),
        Case("phoneNumbers: a decimal number", "flex-a2p:phoneNumbers[0]",
             _set("flex-a2p:phoneNumbers", [14155550100.5])),
        Case("phoneNumbers: an object", "flex-a2p:phoneNumbers[0]", _set("flex-a2p:phoneNumbers", [{"n": 1}])),
        Case("phoneNumbers: a control character", "flex-a2p:phoneNumbers[0]",
             _set("flex-a2p:phoneNumbers", ["+1415555\x000100"])),
        Case("brand: sid and registration inputs", "flex-a2p:brand", _set("flex-a2p:brand", "BN" + "1" * 32, "sid")),
        Case("brand: sid malformed", "flex-a2p:brand.sid", _set("flex-a2p:brand", {"sid": "BN123"})),
        Case("brand: sid a number", "flex-a2p:brand.sid", _set("flex-a2p:brand", {"sid": 123})),
        # what only Twilio knows
        Case("twilio: messagingService.adoptSid does not exist", "flex-a2p:messagingService.adoptSid",
             _set("flex-a2p:messagingService", MISSING["MG"], "adoptSid")),
        Case("twilio: brand.adoptSid does not exist", "flex-a2p:brand.adoptSid",
             _set("flex-a2p:brand", MISSING["BN"], "adoptSid")),
        Case("twilio: brand.sid does not exist", "flex-a2p:brand.sid", _set("flex-a2p:brand", {"sid": MISSING["BN"]})),
        Case("twilio: customer profile bundle does not exist", "flex-a2p:brand.customerProfileBundleSid",
             _set("flex-a2p:brand", MISSING["BU"], "customerProfileBundleSid")),
        Case("twilio: A2P bundle does not exist", "flex-a2p:brand.a2pProfileBundleSid",
             _set("flex-a2p:brand", MISSING["BU"], "a2pProfileBundleSid")),
        Case("twilio: campaign.adoptSid on a service this update creates", "flex-a2p:campaign.adoptSid",
             _set("flex-a2p:campaign", MISSING["QE"], "adoptSid")),
        Case("twilio: a number not on the account", "flex-a2p:phoneNumbers[2]",
             _set("flex-a2p:phoneNumbers", ["+14155550100", "+14155550101", "+14155559999"])),
        Case("twilio: a full sender pool", "flex-a2p:phoneNumbers", _set("twilio:senderPoolLimit", "1")),
        Case("twilio: a number in another service", "flex-a2p:phoneNumbers[0]", lambda c: None,
             setup=lambda client: client.messaging.v1.services(client.messaging.v1.services.create(
                 friendly_name="Another team").sid).phone_numbers.create(phone_number_sid=next(
                     n.sid for n in client.incoming_phone_numbers.list() if n.phone_number == "+14155550100"))),
        Case("twilio: a service of the same name not managed by the stack", "flex-a2p:messagingService.friendlyName",
             lambda c: None, setup=lambda client: client.messaging.v1.services.create(
                 friendly_name=dev_config()["flex-a2p:messagingService"]["friendlyName"])),
        Case("twilio: a brand for the same bundles not managed by the stack", "flex-a2p:brand", lambda c: None,
             setup=lambda client: client.messaging.v1.brand_registrations.create(
                 customer_profile_bundle_sid=dev_config()["flex-a2p:brand"]["customerProfileBundleSid"],
                 a2p_profile_bundle_sid=dev_config()["flex-a2p:brand"]["a2pProfileBundleSid"])),
        # what Pulumi refuses before the program runs
        Case("stack file: a malformed secure value", "twilio:authToken", lambda c: None, before_pulumi=True),
        Case("stack file: a value too large for the environment", "flex-a2p:campaign.description",
             _set("flex-a2p:campaign", "d" * (140 * 1024), "description"), before_pulumi=True),
    ]
    return found


def configured(case: Case, base: Config | None = None) -> Config:
    config = copy.deepcopy({**(base or {}), **dev_config()})
    case.mutate(config)
    return config


@dataclass
class Outcome:
    case: str
    caught_by: str  # "preview" | "stack file check" | "" (not caught)
    key_named: bool
    rule_named: bool
    traceback: bool
    detail: str = ""

    def ok(self) -> bool:
        return bool(self.caught_by) and self.key_named and self.rule_named and not self.traceback


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    writes: int = 0

    def line(self) -> str:
        by = {how: sum(1 for o in self.outcomes if o.caught_by == how) for how in ("preview", "stack file check")}
        bad = [o for o in self.outcomes if not o.ok()]
        return (f"{len(self.outcomes)} cases: {by['preview']} failed at preview and {by['stack file check']} at the "
                f"stack-file check, each naming the key and the rule: {len(self.outcomes) - len(bad)}; tracebacks: "
                f"{sum(o.traceback for o in self.outcomes)}; Twilio writes: {self.writes}; not as required: "
                f"{len(bad)}")


def judge(case: Case, output: str, failed: bool, caught_by: str) -> Outcome:
    lines = [line for line in output.splitlines() if case.key in line]
    return Outcome(case.name, caught_by if failed and lines else "", bool(lines),
                   any(RULE_WORDS.search(line) for line in lines), "Traceback" in output,
                   detail="" if lines else output.strip().splitlines()[-1][:300] if output.strip() else "no output")


def run_in_process(case: Case, emulator: Any, work: Path) -> Outcome:
    """One case through what the program runs before it declares anything (``stack_config.load``, then the
    read-only Twilio checks), in this process: the fast version of the sweep, for the test suite."""
    import stack_config
    from components import preflight
    from components.stack_state import StackState

    config = configured(case, {"twilio:apiBaseUrl": emulator.base_url})
    environ = {"TWILIO_ACCOUNT_SID": emulator.account_sid, "TWILIO_AUTH_TOKEN": emulator.auth_token}
    if case.setup is not None:
        case.setup(emulator.client())
        emulator.clear_requests()  # the checks' own requests are what counts
    try:
        if case.before_pulumi:
            path = work / "Pulumi.sweep.yaml"
            if case.name == "stack file: a malformed secure value":
                config["twilio:authToken"] = {"secure": "v1:garbage!!"}
            path.write_text(yaml.safe_dump({"encryptionsalt": "v1:AAAA:v1:AAAA:AAAA", "config": config}))
            stack_config.load_file(path, environ)
            return judge(case, "", False, "stack file check")
        loaded = stack_config.load(config, environ)
    except stack_config.StackConfigError as error:
        return judge(case, str(error), True, "stack file check" if case.before_pulumi else "preview")
    findings = preflight.run(loaded, config, StackState, "flex", environ)
    return judge(case, "\n".join(findings.problems), bool(findings.problems), "preview")


def run_cli(selected: list[Case], work: Path) -> Summary:
    """Every case through `pulumi preview` (and the stack-file check for what Pulumi refuses first)."""
    from bench.run import load_project_env, new_stack, write_fixtures
    from twilio_emulator.testing import run_emulator

    load_project_env()
    summary = Summary()
    fixtures = write_fixtures(work / "fixtures.json", ["+14155550100", "+14155550101"])
    for i, case in enumerate(selected):
        with run_emulator(review_delay=0, extra_args=("--fixtures", str(fixtures))) as emulator:
            stack = new_stack(work / f"case-{i}", emulator, ["+14155550100", "+14155550101"])
            if case.setup is not None:
                case.setup(emulator.client())
            emulator.clear_requests()
            stack.set_config("twilio:authToken", emulator.auth_token, secret=True)
            path = stack.program_dir / f"Pulumi.{stack.name}.yaml"
            document = yaml.safe_load(path.read_text())
            document["config"] = configured(
                case, {k: v for k, v in document["config"].items() if not k.startswith("flex-a2p:")})
            if case.name == "stack file: a malformed secure value":
                document["config"]["twilio:authToken"] = {"secure": "v1:garbage!!"}
            path.write_text(yaml.safe_dump(document, sort_keys=False, width=1000))
            preview = stack.run("preview", check=False, timeout=600)
            output = preview.stdout + preview.stderr
            outcome = judge(case, output, preview.returncode != 0, "preview")
            if not outcome.caught_by and case.before_pulumi:
                checked = subprocess.run([sys.executable, "-m", "stack_config", str(path)], cwd=ROOT,
                                         capture_output=True, text=True)
                outcome = judge(case, checked.stdout + checked.stderr, checked.returncode != 0, "stack file check")
            summary.writes += sum(1 for r in emulator.requests() if r["method"] in ("POST", "DELETE"))
            summary.outcomes.append(outcome)
            print(json.dumps(outcome.__dict__), flush=True)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print the cases and exit")
    parser.add_argument("--limit", type=int, help="run only the first N cases")
    parser.add_argument("--work", type=Path, help="keep the stacks here (default: a temporary directory)")
    args = parser.parse_args(argv)
    selected = cases()[: args.limit] if args.limit else cases()
    if args.list:
        for case in selected:
            print(f"{case.key:50} {case.name}")
        print(f"{len(selected)} cases")
        return 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="flex-a2p-sweep-") as tmp:
        summary = run_cli(selected, args.work or Path(tmp))
    print(f"\nsweep: {summary.line()} ({time.monotonic() - started:.0f} s)")
    return 0 if all(o.ok() for o in summary.outcomes) and summary.writes == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
