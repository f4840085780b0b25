"""The tool calls a plan is made of: the tool names the orchestrator runs and what intent each one answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Tool names the orchestrator knows how to run (each maps to one portfolio-tool or compliance RPC).
SAVINGS = "project_savings"
GOAL = "solve_goal"
LOAN = "loan_schedule"
ANALYZE = "analyze_portfolio"
SUITABILITY = "check_suitability"
QUESTIONNAIRE = "risk_questionnaire"
CONFIRM = "record_confirmation"
TABLE = "answer_table"
PRODUCTS = "list_products"  # a tenant's product shelf (services/dialogue/tenancy.py)
TOOL_INTENT = {SAVINGS: "savings_projection", GOAL: "savings_projection", LOAN: "loan_schedule",
               ANALYZE: "portfolio_analysis",
               SUITABILITY: "product_suitability", CONFIRM: "product_suitability",
               QUESTIONNAIRE: "risk_assessment", PRODUCTS: "product_suitability"}


@dataclass(frozen=True)
class ToolCall:
    tool: str
    args: dict[str, Any]

    @property
    def tool_intent(self) -> str:
        return TOOL_INTENT.get(self.tool, "")


