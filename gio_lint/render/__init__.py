"""Renderers: diagnostics as text for people (full, concise) and as JSON for programs."""
