"""hfmanager: a desktop manager for the Hugging Face and PyTorch model caches."""

__version__ = "0.1.0"
APP_NAME = "hfmanager"
