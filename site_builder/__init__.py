"""site_builder: a static fact-check website generator."""

__version__ = "0.1.0"
