"""Reusable widgets of the window (PySide6 only)."""
