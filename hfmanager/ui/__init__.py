"""PySide6 layer: the only package allowed to import Qt."""
