"""The study-guide pipeline: load -> model -> check -> compute -> render.

Each stage is one module with plain functions; `pipeline.build_pages` strings
them together and returns `{page path: markdown}`.
"""
