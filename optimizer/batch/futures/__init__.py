"""Futures we cannot foresee (MODEL.md section 10.4): ``stress`` holds a plan's decisions fixed
in sampled futures; ``robust`` chooses the decisions of the first years for all futures at
once. Both stack one block of the model per future (``stacked.py``)."""
