"""labwatch's Python client: the seed ``persistent_monitoring`` API, writing the files the Java
client writes (docs/status-format.md) and, given a server, shipping them to it as the Java client
does (docs/remote.md), with the standard library only."""

from .monitor import Monitor, create_monitor
from .names import check_name

__version__ = "0.1.0"
__all__ = ["Monitor", "create_monitor", "check_name", "__version__"]
