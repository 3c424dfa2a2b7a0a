"""The stress test and the robust plan in words (MODEL.md 10.4): terminal text and an HTML page
each, in Swedish or English (``stress``, ``robust``); what they share (``common``)."""
