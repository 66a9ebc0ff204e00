"""Drop-in module for notebooks written for the seed tool: ``from persistent_monitoring import create_monitor``."""

from labwatch import Monitor, create_monitor

__all__ = ["Monitor", "create_monitor"]
