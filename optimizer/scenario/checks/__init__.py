"""One ``check_*`` per rule of the scenario format (tables, rules, priority sets, uncertainty)."""
