"""The financial core and realistic actions (MODEL.md section 9): the validated inputs.

Every part is optional; an empty ``FinancialCore`` is the model of sections 2-8.

- ``interest[t]``, ``cash_interest[t]``: rates on the loans and the cash at the start of year
  ``t`` (``limits.liquidity.interest``/``cash_interest``), entering the financial net;
- ``groups``: overlap groups of potentials, ``sum over the listed actions and starts of x <= pot``;
- ``tax``: the tax-rate lever (skattesats): ``per_ore[t]`` MSEK per öre, ``max_ore``,
  ``earliest`` (first year a raise may start), ``weight`` (harm per MSEK-year); (v3)
  ``min_ore`` (a rise may be reversed) and ``rate`` (``per_ore`` derived from it);
  ``tax_protected``: a priority set forbids it;
- per action: ``realisation`` (delivered share of a decided MSEK), ``min_size`` (MSEK/yr, or
  not taken), ``staff_share`` (share of the effect that is staff cost);
- per board: ``fte0`` (årsarbetare), ``cost_per_fte`` (MSEK per årsarbetare);
  ``attrition`` (share of ``fte0`` a year that leaves by itself);
- (v3) per action ``rebound``: ``(share, years)``, the share of the full effect that returns as
  cost once the ramp ends, spread over ``years``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TAX_BOARD = "region"  # the tax lever's row in every table: board ``region``, action ``tax_rate``
TAX_ACTION = "tax_rate"


@dataclass(frozen=True)
class Group:
    """One overlap group: actions of one board drawing on the same cost base."""

    name: str
    board: str
    actions: tuple[str, ...]
    pot: float


@dataclass(frozen=True)
class TaxRate:
    """The tax-rate lever: ``z[s]`` öre from year ``s``, ``sum_s z[s] <= max_ore``; (v3) a
    step may go down to ``min_ore`` (<= 0) while the level in force stays in ``[0, max_ore]``;
    ``rate`` the current rate in kronor per 100 (e.g. 11.68), where given."""

    per_ore: dict[int, float]  # MSEK per öre in each plan year
    max_ore: float
    earliest: int
    weight: float
    min_ore: float = 0.0
    rate: float | None = None

    @property
    def reversible(self) -> bool:
        """A step may be negative (a rise reversed): the model has ``tax_level`` rows."""
        return self.min_ore < 0


@dataclass(frozen=True)
class FinancialCore:
    """Section 9's inputs; empty by default (the model of sections 2-8)."""

    interest: dict[int, float] = field(default_factory=dict)
    cash_interest: dict[int, float] = field(default_factory=dict)
    groups: tuple[Group, ...] = ()
    tax: TaxRate | None = None
    tax_protected: bool = False
    realisation: dict[str, float] = field(default_factory=dict)
    min_size: dict[str, float] = field(default_factory=dict)
    staff_share: dict[str, float] = field(default_factory=dict)
    fte0: dict[str, float] = field(default_factory=dict)
    cost_per_fte: dict[str, float] = field(default_factory=dict)
    attrition: dict[str, float] = field(default_factory=dict)
    # (v3, MODEL.md 10.2) temporary measures that come back: action -> (share, spread in years)
    rebound: dict[str, tuple[float, int]] = field(default_factory=dict)

    @property
    def has_interest(self) -> bool:
        return any(self.interest.values()) or any(self.cash_interest.values())

    @property
    def has_tax(self) -> bool:
        """True where the lever is a decision: given, allowed, with room to raise."""
        return self.tax is not None and not self.tax_protected and self.tax.max_ore > 0

    @property
    def is_mip(self) -> bool:
        """True where some action has a minimum size: the model is a MIP."""
        return any(v > 0 for v in self.min_size.values())

    @property
    def has_staff(self) -> bool:
        return bool(self.fte0) and bool(self.cost_per_fte)


def ramp_end(ramp: tuple[float, ...]) -> int | None:
    """(v3, MODEL.md 10.2) The first year ``k`` (after the start) from which the ramp stays 0:
    ``1`` for ``1.0;0``; ``None`` for a ramp that never ends (its last value is not 0)."""
    if not ramp or ramp[-1] != 0:
        return None
    k = len(ramp)
    while k > 0 and ramp[k - 1] == 0:
        k -= 1
    return k
