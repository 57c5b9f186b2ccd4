"""Child-process workers; talk JSON lines on stdout. Never import Qt."""
