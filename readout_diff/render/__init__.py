"""Renderers: each turns a finished Report (or check result) into text; none recomputes it."""
