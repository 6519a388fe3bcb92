"""One EngineProbe resource, configured by the stack, with its digest exported."""
import pulumi

from probe_provider import EngineProbe

config = pulumi.Config()
probe = EngineProbe("probe", label=config.require("label"), message=config.get("message"))
pulumi.export("digest", probe.digest)
pulumi.export("label", probe.label)
