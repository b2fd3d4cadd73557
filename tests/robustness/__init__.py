"""Robustness tests (hypothesis properties, malformed input); a package so basenames may repeat tests/."""
