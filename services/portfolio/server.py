"""gRPC transport of the portfolio-tool service: every method hands its request bytes to the compute pool."""

from __future__ import annotations

from typing import Any, TypeAlias

import grpc
from advisor.v1 import portfolio_pb2 as pb
from advisor.v1 import portfolio_pb2_grpc as pb_grpc
from google.protobuf.message import Message

from services.portfolio.compute import Compute
from services.portfolio.dispatch import RESULTS

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["Portfolio"].full_name
Ctx: TypeAlias = grpc.aio.ServicerContext


class PortfolioServicer(pb_grpc.PortfolioServicer):
    def __init__(self, compute: Compute) -> None:
        self._compute = compute

    async def _call(self, method: str, request: Message) -> Any:
        payload = request.SerializeToString(deterministic=True)
        return RESULTS[method].FromString(await self._compute.call(method, payload))

    async def Analyze(self, request: pb.AnalyzeRequest, context: Ctx) -> pb.AnalyzeResponse:
        return await self._call("Analyze", request)

    async def Optimize(self, request: pb.OptimizeRequest, context: Ctx) -> pb.OptimizeResponse:
        return await self._call("Optimize", request)

    async def Rebalance(self, request: pb.RebalanceRequest, context: Ctx) -> pb.RebalanceResponse:
        return await self._call("Rebalance", request)

    async def ProjectSavings(self, request: pb.ProjectSavingsRequest, context: Ctx) -> pb.ProjectSavingsResponse:
        return await self._call("ProjectSavings", request)

    async def CompoundGrowth(self, request: pb.CompoundGrowthRequest, context: Ctx) -> pb.CompoundGrowthResponse:
        return await self._call("CompoundGrowth", request)

    async def SolveGoal(self, request: pb.SolveGoalRequest, context: Ctx) -> pb.SolveGoalResponse:
        return await self._call("SolveGoal", request)

    async def LoanSchedule(self, request: pb.LoanScheduleRequest, context: Ctx) -> pb.LoanScheduleResponse:
        return await self._call("LoanSchedule", request)

    async def CashflowIRR(self, request: pb.CashflowIRRRequest, context: Ctx) -> pb.CashflowIRRResponse:
        return await self._call("CashflowIRR", request)

    async def ListInstruments(self, request: pb.ListInstrumentsRequest, context: Ctx) -> pb.ListInstrumentsResponse:
        return await self._call("ListInstruments", request)

    async def AnswerTable(self, request: pb.TableQuestionRequest, context: Ctx) -> pb.TableAnswerResponse:
        return await self._call("AnswerTable", request)
