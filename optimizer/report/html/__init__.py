"""The HTML medium: the report of one plan (``plan``), of a comparison (``compare``) and the
stylesheet (``css``)."""
