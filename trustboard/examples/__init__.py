"""Example partnerships and the demo built from them.

Only ``trustboard demo`` (and tests) read from here: runtime code never takes an example's
files as its default, since a partnership names its own framework, measures and templates.
"""
