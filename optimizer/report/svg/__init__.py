"""The SVG charts drawn into the HTML reports: column, line and bar charts (``charts``) and the
bridge (``bridge``)."""
