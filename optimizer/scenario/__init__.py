"""Scenario files to ``Inputs``: YAML and workbooks, ``extends``, overrides, priority sets, ``--set``, checks.

The first stage of the flow; ``load.load_scenario`` is its entry. Every problem is an ``InputError``
naming the file, the row or key, the value and what was expected.
"""
