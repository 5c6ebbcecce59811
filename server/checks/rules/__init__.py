"""Rule documentation pages (package data): one ``CODE.md`` per diagnostic code."""
