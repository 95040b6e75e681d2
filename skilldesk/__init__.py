"""SkillDesk: the desktop client for vocational skill certification staff."""

__version__ = "0.1.0"
