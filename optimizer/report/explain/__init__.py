"""``explain``: a results folder put in words (prices, binding rows, what was left out and why)."""
