"""``Results``: the tables of docs/model.md, "Outputs" from a solve's outcome, the results folder, its
charts, and the independent evaluator that re-checks every row.
"""
