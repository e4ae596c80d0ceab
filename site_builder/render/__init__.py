"""Rendering: the page kinds (`kinds/`, listed in `registry`), what they render with
(`context`: templates, shared views; `reads`: the site, every read recorded), annotated
Markdown, Markdown, pagination and schema.org data."""
