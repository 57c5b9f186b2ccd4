"""Thin widgets."""
