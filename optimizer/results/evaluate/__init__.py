"""The independent evaluator: recompute every derived number from the plan and the inputs, and
check every row of MODEL.md section 5 (an ``EvaluationError`` for any violation).
"""
