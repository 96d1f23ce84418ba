"""Domain records: the project card (项目卡片), its annual plan (年度计划) and monthly figure (月度进展)."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .money import Fen


class Status(str, Enum):
    """项目状态 as recorded on the card."""

    NOT_STARTED = "未开工"
    UNDER_WAY = "在建"
    COMPLETED = "已竣工"


NATURES = ("新建", "续建", "扩建", "改建", "迁建")          # 建设性质; 技改 is folded into 改建
DEFAULT_CATEGORIES = ("工业", "产业", "农业", "基础设施", "社会事业", "服务业", "民生")
# 级别 flags: code name → the word on the card and in the reports
FLAGS = {"is_city_key": "市级重点", "is_district_key": "区级重点", "is_assessed": "考核项目"}
FUNDING_SOURCES = ("中央预算内投资", "地方政府专项债券", "财政资金", "企业自筹", "银行贷款", "其他")


@dataclass
class Project:
    """项目卡片: what stays true of a project across years."""

    name: str                                  # 项目名称
    unit: str = ""                             # 责任单位 / 牵头单位
    id: int | None = None
    code: str = ""                             # 项目编号
    leader: str = ""                           # 包保领导
    contact: str = ""                          # 联系人
    phone: str = ""                            # 电话
    category: str = ""                         # 项目类别 / 行业
    nature: str = ""                           # 建设性质
    is_city_key: bool = False                  # 市级重点
    is_district_key: bool = False              # 区级重点
    is_assessed: bool = False                  # 考核项目
    location: str = ""                         # 建设地点
    scale: str = ""                            # 建设规模及主要内容
    total_investment: Fen = 0                  # 总投资 (分)
    funding_source: str = ""                   # 资金来源
    period: str = ""                           # 建设起止年限, e.g. "2023-2025"
    planned_start: str = ""                    # 计划开工年月 "YYYY-MM"
    actual_start: str = ""                     # 实际开工日期 "YYYY-MM-DD" (or "YYYY-MM")
    planned_finish: str = ""                   # 计划竣工年月 "YYYY-MM"
    actual_finish: str = ""                    # 实际竣工日期
    status: str = Status.NOT_STARTED.value     # 项目状态
    remark: str = ""                           # 备注
    archived: bool = False

    def flag_names(self) -> list[str]:
        """The 级别 words that apply: ['市级重点', '考核项目']."""
        return [word for attr, word in FLAGS.items() if getattr(self, attr)]


@dataclass
class AnnualPlan:
    """年度计划: one project's plan for one year."""

    project_id: int
    year: int
    plan: Fen = 0                              # 年度计划投资
    monthly_plan: list[Fen] | None = None      # 分月计划: 12 values, or None
    target: str = ""                           # 年度建设目标
    id: int | None = None


@dataclass
class MonthlyFigure:
    """月度进展: one project's figures for one month of one year."""

    project_id: int
    year: int
    month: int
    month_amount: Fen | None = 0               # 本月完成投资; None = unknown (no 本月 and no last month's 累计)
    ytd: Fen = 0                               # 1–M月累计完成投资
    since_start: Fen | None = None             # 自开工累计完成投资
    progress: str = ""                         # 形象进度
    problem: str = ""                          # 存在问题
    next_plan: str = ""                        # 下步计划
    funds_received: Fen | None = None          # 资金到位 (当月)
    id: int | None = None
    given: bool = True                         # False: a row holding only texts — no figure given, the month 未报


@dataclass
class ProjectRecord:
    """One project as read from a return or typed in a form: card fields plus the year's plan and month's figure.

    Fields left as None were not in the source and must not overwrite what the store has.
    """

    card: dict[str, object]                    # Project field name → value (only the fields the source had)
    year: int | None = None
    month: int | None = None
    plan: Fen | None = None                    # 年度计划投资
    monthly_plan: list[Fen] | None = None
    target: str | None = None
    month_amount: Fen | None = None            # 本月完成
    ytd: Fen | None = None                     # 1–M月累计
    since_start: Fen | None = None
    progress: str | None = None
    problem: str | None = None
    next_plan: str | None = None
    funds_received: Fen | None = None
    source_row: int | None = None              # row number in the source sheet, for messages
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.card.get("name", ""))

    @property
    def unit(self) -> str:
        return str(self.card.get("unit", ""))
