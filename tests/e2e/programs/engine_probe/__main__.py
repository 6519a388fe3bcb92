"""One EngineProbe resource, configured by the stack, with its digest exported."""
import pulumi

from components.engine_probe import EngineProbe

config = pulumi.Config()
probe = EngineProbe("probe", label=config.require("label"), message=config.get("message"))
pulumi.export("digest", probe.digest)
pulumi.export("label", probe.label)
