"""The tool's version, recorded in every results folder (``summary.json``: ``tool_version``)."""

__version__ = "0.1.0"
