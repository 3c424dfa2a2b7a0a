"""``Results``: the tables of MODEL.md section 8 from a solve's outcome, the results folder, its
charts, and the independent evaluator that re-checks every row.
"""
