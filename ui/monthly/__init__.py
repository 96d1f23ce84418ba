"""The 月度填报 tab: the monthly entry grid, who has not reported, the month at a glance and its exports."""
from .panel import MonthlyPanel

__all__ = ["MonthlyPanel"]
