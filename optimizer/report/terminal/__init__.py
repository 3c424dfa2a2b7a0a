"""The terminal medium: the summary of one solve (``plan``) and of a comparison (``compare``)."""
