"""The independent evaluator: recompute every derived number from the plan and the inputs, and
check every row of docs/model.md (an ``EvaluationError`` for any violation).
"""
