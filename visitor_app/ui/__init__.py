"""The PySide6 window (the only package that may import Qt)."""
