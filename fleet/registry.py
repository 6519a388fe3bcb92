"""The tenant registry: one YAML file naming every tenant, its Twilio subaccount, where its credentials come from,
and its ``flex-a2p:*`` configuration as an overlay on shared defaults.

Why it is checked the way it is:

- The file's own shape (tenants, environments, credentials) is a strict schema here: an unknown key is an error,
  since a typo in a registry would otherwise silently deploy a tenant without its setting.
- Each stack's configuration (defaults, then the environment's, the tenant's and the tenant's environment's
  overlays) is checked by the program's own schema, ``stack_config``, so the registry accepts exactly what the
  program accepts, including keys other engineers add to it later; nothing here copies its rules.
- Credentials are never in the file: it names environment variables, or says the stack config holds them as
  secrets. A value that looks like a secret anywhere in the file is refused.
- Fleet-level rules that one stack cannot see are checked across tenants: a subaccount belongs to one tenant
  (campaigns are never shared), and a tenant registers at most one real brand per subaccount.

Every problem is reported at once, each naming the tenant, the key and the rule, before anything runs.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

import stack_config
from components.twilio_settings import NAMESPACE as TWILIO, TwilioSettings
from twilio_contract import sid_pattern

#: ``twilio:*`` keys that are credentials, which come from ``credentials`` and never from the registry's config.
TWILIO_CREDENTIALS = tuple(TwilioSettings.config_keys()[name]
                           for name in ("account_sid", "auth_token", "api_key", "api_secret"))
#: ``twilio:*`` keys a registry may set: the settings other than credentials (components/twilio_settings.py).
TWILIO_SETTINGS = tuple(key for key in TwilioSettings.config_keys().values() if key not in TWILIO_CREDENTIALS)
#: What looks like an auth token or API key secret (32 hex digits), refused wherever it appears in the file.
_SECRET_LIKE = re.compile(r"^[0-9a-fA-F]{32}$")

TenantName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=40)]
EnvironmentName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*$", max_length=20)]
EnvVarName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=128)]
AccountSid = Annotated[str, StringConstraints(pattern=sid_pattern("AC").pattern)]
Overlay = dict[str, Any]


class RegistryError(ValueError):
    """A registry that cannot be used; the message lists every problem, each naming where it is and the rule."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        super().__init__(f"{path}: invalid fleet registry:\n  " + "\n  ".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class EnvCredentials(_Strict):
    """The names of the environment variables holding the tenant's credentials, read by the fleet at run time."""

    source: Literal["env"] = Field(alias="from")
    api_key: Optional[EnvVarName] = Field(default=None, alias="apiKey")
    api_secret: Optional[EnvVarName] = Field(default=None, alias="apiSecret")
    auth_token: Optional[EnvVarName] = Field(default=None, alias="authToken")

    def names(self) -> dict[str, str]:
        """``twilio:*`` setting -> environment variable name, for the ones given."""
        return {k: v for k, v in (("apiKey", self.api_key), ("apiSecret", self.api_secret),
                                  ("authToken", self.auth_token)) if v}


class StackConfigCredentials(_Strict):
    """The stack's own config holds the credentials, set once as secrets (``pulumi config set --secret``)."""

    source: Literal["stackConfig"] = Field(alias="from")


Credentials = Annotated[Union[EnvCredentials, StackConfigCredentials], Field(discriminator="source")]


class EnvironmentEntry(_Strict):
    """A registry-wide environment: its overlay applies to every tenant deployed there."""

    config: Overlay = Field(default_factory=dict)


class TenantEnvironment(_Strict):
    """One tenant's environment: optionally its own subaccount and credentials, and a last overlay."""

    subaccount_sid: Optional[AccountSid] = Field(default=None, alias="subaccountSid")
    credentials: Optional[Credentials] = None
    config: Overlay = Field(default_factory=dict)


class Tenant(_Strict):
    subaccount_sid: Optional[AccountSid] = Field(default=None, alias="subaccountSid")
    credentials: Optional[Credentials] = None
    config: Overlay = Field(default_factory=dict)
    #: the environments it is deployed to (default: all of the registry's), each with an optional overlay
    environments: Optional[Union[list[EnvironmentName], dict[EnvironmentName, Optional[TenantEnvironment]]]] = None


class RegistryFile(_Strict):
    version: Literal[1]
    environments: dict[EnvironmentName, Optional[EnvironmentEntry]]
    defaults: Overlay = Field(default_factory=dict)
    #: the policy pack every stack runs with, relative to the project (default: the project's own pack)
    policy_pack: str = Field(default="policies", alias="policyPack")
    policy_pack_config: Optional[str] = Field(default=None, alias="policyPackConfig")
    #: FAILED brands the fleet may resubmit in one run; Twilio allows a brand few resubmissions (error 21724)
    brand_resubmissions_per_run: int = Field(default=0, ge=0, alias="brandResubmissionsPerRun")
    #: each tenant is checked on its own (:class:`Tenant`), so one tenant's mistakes do not hide another's
    tenants: dict[TenantName, Any]


@dataclass(frozen=True)
class Target:
    """One stack of the fleet: a tenant in an environment, with everything its run needs."""

    tenant: str
    environment: str
    account_sid: str
    credentials: EnvCredentials | StackConfigCredentials
    #: the whole stack config the fleet sets (``flex-a2p:*`` and non-credential ``twilio:*``), full keys
    config: dict[str, Any]
    #: which overlay last set each top-level key, for error messages
    origin: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def stack(self) -> str:
        return f"{self.tenant}-{self.environment}"

    @property
    def registers_brand(self) -> bool:
        """Registers a new real brand: a ``brand`` section that neither names an existing one nor adopts one."""
        brand = self.config.get(f"{stack_config.NAMESPACE}:brand")
        return isinstance(brand, Mapping) and not ({"sid", "adoptSid"} & set(brand)) and brand.get("mock") is not True

    def fingerprint(self) -> str:
        """Changes when anything the run depends on changes, so a resumed run re-runs an edited tenant."""
        what = {"account": self.account_sid, "credentials": self.credentials.model_dump(by_alias=True),
                "config": self.config}
        return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Registry:
    path: Path
    targets: list[Target]
    policy_pack: str
    policy_pack_config: str | None
    brand_resubmissions_per_run: int

    def select(self, tenants: Iterable[str] = (), environments: Iterable[str] = ()) -> list[Target]:
        """The targets of these tenants and environments (all when empty); an unknown name is an error."""
        tenants, environments = list(tenants), list(environments)
        problems = [f"--tenant {t}: no such tenant (known: {', '.join(sorted({x.tenant for x in self.targets}))})"
                    for t in tenants if t not in {x.tenant for x in self.targets}]
        problems += [f"--environment {e}: no such environment (known: "
                     f"{', '.join(sorted({x.environment for x in self.targets}))})"
                     for e in environments if e not in {x.environment for x in self.targets}]
        if problems:
            raise RegistryError(self.path, problems)
        return [t for t in self.targets
                if (not tenants or t.tenant in tenants) and (not environments or t.environment in environments)]


def load(path: Path | str) -> Registry:
    """Reads and checks a registry file; raises :class:`RegistryError` naming every problem."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text())
    except OSError as error:
        raise RegistryError(path, [f"cannot read the file: {error.strerror}"]) from None
    except yaml.YAMLError as error:
        raise RegistryError(path, [f"not YAML: {error}"]) from None
    return parse(document, path)


def parse(document: Any, path: Path | str = "<registry>") -> Registry:
    """Checks a registry already read from YAML (a mapping); see :func:`load`."""
    problems = list(_secret_like_values(document))
    try:
        registry = RegistryFile.model_validate(document)
    except ValidationError as error:
        raise RegistryError(path, problems + _describe(error)) from None
    targets: list[Target] = []
    for name, entry in registry.tenants.items():
        try:
            tenant = Tenant.model_validate(entry if entry is not None else {})
        except ValidationError as error:
            problems += _describe(error, f"tenants.{name}")
            config = entry.get("config") if isinstance(entry, Mapping) else None
            if isinstance(config, Mapping):  # its config is still checked, so every problem shows at once
                _targets(registry, name, Tenant.model_construct(config=dict(config)), problems, config_only=True)
            continue
        targets += _targets(registry, name, tenant, problems)
    problems += _fleet_rules(targets)
    if problems:
        raise RegistryError(path, problems)
    return Registry(Path(path), targets, registry.policy_pack, registry.policy_pack_config,
                    registry.brand_resubmissions_per_run)


# ---------------------------------------------------------------------------------------------------------------
# one tenant's stacks


def _targets(registry: RegistryFile, name: str, tenant: Tenant, problems: list[str],
             config_only: bool = False) -> list[Target]:
    where = f"tenants.{name}"
    if tenant.environments is None:
        chosen: dict[str, TenantEnvironment] = {e: TenantEnvironment() for e in registry.environments}
    elif isinstance(tenant.environments, list):
        chosen = {e: TenantEnvironment() for e in tenant.environments}
    else:
        chosen = {e: entry or TenantEnvironment() for e, entry in tenant.environments.items()}
    targets = []
    for env, own in chosen.items():
        at = f"{where}.environments.{env}"
        if env not in registry.environments:
            problems.append(f"{at}: no such environment (the registry's: {', '.join(registry.environments)})")
            continue
        account = own.subaccount_sid or tenant.subaccount_sid
        credentials = own.credentials or tenant.credentials
        if config_only:
            pass
        elif account is None:
            problems.append(f"{where}.subaccountSid: required (or {at}.subaccountSid): the tenant's Twilio "
                            "subaccount")
        if config_only:
            pass
        elif credentials is None:
            problems.append(f"{where}.credentials: required (or {at}.credentials): `from: env` with the names of "
                            "the variables holding apiKey and apiSecret (or authToken), or `from: stackConfig`")
        elif isinstance(credentials, EnvCredentials):
            problems += _env_credential_problems(credentials, f"{where}.credentials")
        layers = [("defaults", registry.defaults),
                  (f"environments.{env}.config", (registry.environments[env] or EnvironmentEntry()).config),
                  (f"{where}.config", tenant.config), (f"{at}.config", own.config)]
        config, origin = _merge(layers)
        stack_problems = _check_config(config, origin)
        problems += [f"{where} (stack {name}-{env}): {p}" for p in stack_problems]
        if account is not None and credentials is not None and not stack_problems:
            targets.append(Target(name, env, account, credentials, config, origin))
    return targets


def _env_credential_problems(credentials: EnvCredentials, where: str) -> list[str]:
    names = credentials.names()
    if "authToken" in names and ({"apiKey", "apiSecret"} & set(names)):
        return [f"{where}: give authToken, or apiKey and apiSecret, not both"]
    if "authToken" not in names and set(names) != {"apiKey", "apiSecret"}:
        return [f"{where}: give apiKey and apiSecret (the subaccount's API key, as Twilio recommends), or authToken"]
    return []


def _merge(layers: list[tuple[str, Overlay]]) -> tuple[dict[str, Any], dict[str, str]]:
    """Overlays applied in order: mappings merge key by key, anything else replaces, ``null`` removes a key."""
    merged: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for name, layer in layers:
        for key, value in layer.items():
            merged[key] = _overlay(merged.get(key), value)
            origin[key] = name
            if merged[key] is None:
                del merged[key]
    return merged, origin


def _overlay(base: Any, value: Any) -> Any:
    if isinstance(base, Mapping) and isinstance(value, Mapping):
        out = dict(base)
        for key, item in value.items():
            out[key] = _overlay(out.get(key), item)
            if out[key] is None:
                del out[key]
        return out
    return value


def _check_config(config: Mapping[str, Any], origin: Mapping[str, str]) -> list[str]:
    """The merged stack config against the program's schema (``stack_config.load``, which names unknown keys and
    what they most likely meant); ``twilio:*`` credential keys are refused, since credentials never live in the
    registry, and so are other namespaces, which configure nothing here."""
    problems = []
    checked: dict[str, Any] = {}
    for full in sorted(config):
        namespace, _, key = full.partition(":")
        where = f"{full} [set in {origin.get(full, '?')}]"
        if namespace == TWILIO and key in TWILIO_CREDENTIALS:
            problems.append(f"{where}: credentials never go in the registry; name the environment variables that hold "
                            "them under `credentials` (from: env), or keep them as stack secrets (from: stackConfig)")
        else:
            checked[full] = config[full]
    try:
        stack_config.load(checked, environ={})
    except stack_config.StackConfigError as error:
        problems += [_with_origin(line, origin) for line in error.problems]
    named = {line.partition(": ")[0] for line in problems}
    problems += [f"{full} [set in {origin.get(full, '?')}]: only {stack_config.NAMESPACE}:* and {TWILIO}:* keys "
                 "configure the program" for full in sorted(checked)
                 if full.partition(":")[0] not in (stack_config.NAMESPACE, TWILIO)
                 and not any(n.startswith(f"{full} ") for n in named)]
    return problems


def _with_origin(line: str, origin: Mapping[str, str]) -> str:
    """``stack_config``'s line for a key, with the overlay that set the key after the key (``flex-a2p:brand.x: …``
    is set by its top-level key ``flex-a2p:brand``)."""
    where, sep, message = line.partition(": ")
    full = ":".join(where.split(":", 2)[:2]).split(".")[0].split("[")[0]
    return f"{where} [set in {origin[full]}]{sep}{message}" if sep and full in origin else line


# ---------------------------------------------------------------------------------------------------------------
# across tenants


def _fleet_rules(targets: list[Target]) -> list[str]:
    """Rules no single stack can check: a subaccount is one tenant's, and a tenant registers one real brand in a
    subaccount (its other environments there reference it with ``brand.sid``, adopt it, or use a mock brand)."""
    problems = []
    owner: dict[str, str] = {}
    for target in targets:
        other = owner.setdefault(target.account_sid, target.tenant)
        if other != target.tenant:
            problems.append(f"tenants.{target.tenant}: subaccount {target.account_sid} is already tenant {other}'s; "
                            "each tenant has its own subaccount, so campaigns and brands are never shared")
    brands: dict[tuple[str, str], list[str]] = {}
    for target in targets:
        if target.registers_brand:
            brands.setdefault((target.tenant, target.account_sid), []).append(target.environment)
    for (tenant, account), envs in brands.items():
        if len(envs) > 1:
            problems.append(
                f"tenants.{tenant}: environments {', '.join(envs)} each register a brand in subaccount {account}: no "
                "second brand for a tenant. Register it in one environment and reference it elsewhere with "
                "flex-a2p:brand.sid (or adoptSid), or use `mock: true` outside production")
    return problems


def _secret_like_values(document: Any, where: str = "") -> Iterable[str]:
    if isinstance(document, Mapping):
        for key, value in document.items():
            yield from _secret_like_values(value, f"{where}.{key}" if where else str(key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _secret_like_values(value, f"{where}[{index}]")
    elif isinstance(document, str) and _SECRET_LIKE.match(document):
        yield (f"{where}: looks like an auth token or API secret; never put secrets in the registry, name the "
               "environment variable that holds it under `credentials`")


def _describe(error: ValidationError, prefix: str = "") -> list[str]:
    lines = []
    for problem in error.errors():
        parts = [str(part) for part in problem["loc"]]
        location = [part for i, part in enumerate(parts)  # drop pydantic's union branch names
                    if not part.startswith(("list[", "dict[")) and not (
                        i and parts[i - 1] == "credentials" and part in ("env", "stackConfig"))]
        path = ".".join(([prefix] if prefix else []) + location) or "(top level)"
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown key"
        elif problem["type"] == "missing":
            message = "required"
        elif problem["type"] == "string_pattern_mismatch":
            message = f"{problem['input']!r} does not match {problem['ctx']['pattern']}"
        elif problem["type"] == "union_tag_invalid":
            message = f"`from` must be env or stackConfig, not {problem['input'].get('from')!r}" \
                if isinstance(problem.get("input"), Mapping) else message
        lines.append(f"{path}: {message}")
    return lines
