"""Visitatie-app: the desktop app for ODNL visitation commissions."""

__version__ = "0.1.0"
