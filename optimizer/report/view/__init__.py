"""What a page says, ready to print in any medium: the view of one plan (``plan``, with its
``lists`` and ``blocks``), the one-page summary (``summary``), the status by tier (``tiers``),
the frames (``frames``), the law's reconciliation (``law``), staff (``staff``), notes (``notes``)
and the comparison (``compare``, ``price``)."""
