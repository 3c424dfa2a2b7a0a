"""The planning round (MODEL.md 10.3): a plan against what happened (``follow_up``), and the
next round written as a scenario (``roll``). Reads results folders and scenarios; never solves."""
