"""Dataset license and consent auditor: may we use this row, who must review it, and why."""

__version__ = "0.1.0"
SCHEMA_VERSION = 1
