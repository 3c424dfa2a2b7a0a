"""Excel workbooks: the report of one solve, of a comparison, and the input template."""
