"""What a plan means: sensitivity (duals, ranging, why-not), the public ``solve()`` that adds them,
trade-off frontiers, near-optimal alternatives and comparisons of priority sets.
"""
