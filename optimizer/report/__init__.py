"""Reports read ``Results`` only: terminal text here; later Excel, HTML and comparisons."""
