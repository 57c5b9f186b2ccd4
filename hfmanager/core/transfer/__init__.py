"""Hand-made folders in and out of the hub cache: import (a folder of downloaded files
becomes a cached revision loaders find offline) and export (a snapshot as a plain
folder of real files)."""
