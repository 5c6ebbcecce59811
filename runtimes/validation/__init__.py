"""Shared static rules: value classes and common checks, did-you-mean, URLs, credentials, path confinement."""
