"""Waivers: signed-off exceptions to policy findings (`--waivers FILE`)."""

from auditor.waivers.loader import load_waivers
from auditor.waivers.models import REASONS, Waiver, WaiverFile

__all__ = ["REASONS", "Waiver", "WaiverFile", "load_waivers"]
