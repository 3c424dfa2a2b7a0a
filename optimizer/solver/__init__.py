"""Solving the LP: back ends (HiGHS through highspy, any PuLP solver), the lexicographic stages,
strict mode's infeasible subset and the least relaxations. Hands back arrays and statuses.
"""
