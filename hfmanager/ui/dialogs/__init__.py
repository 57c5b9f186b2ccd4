"""Dialogs (opened with open(), never exec() inside coroutines)."""
