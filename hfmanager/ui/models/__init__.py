"""Qt item models over core dataclasses."""
