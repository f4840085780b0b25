"""Labelled sentences for the planner's similarity layer (intent.py), written for it by the platform's engineers
(2026-12-07, issue 18), apart from every evaluation set: none is copied or adapted from an evaluation item. They
describe each intent in plain words, in both languages, with varied vocabulary, so a paraphrase the keyword rules
miss lands near its intent. Numbers are left out on purpose: extraction reads numbers, this layer reads meaning.
"""

from __future__ import annotations

EXEMPLARS: dict[str, list[str]] = {
    "savings_projection": [
        "If I set aside part of my pay regularly, what will the pile come to eventually?",
        "How big will my nest egg be by the time I stop working?",
        "What does a one-off investment turn into if I leave it alone for years?",
        "How much should I tuck away regularly to hit my number?",
        "How long will it take me to build up enough for a house deposit?",
        "What is that future sum worth in today's purchasing power?",
        "Project my account balance forward with regular top-ups",
        "每个月拿出一部分工资投资，长期下来能积累多少钱",
        "坚持每月投入一笔钱，很多年以后能攒下多少",
        "一笔钱放着长期复利增值，到时候能变成多少",
        "想攒够一笔钱，每个月需要投入多少才够",
        "到退休的时候账户里大概会有多少钱",
        "考虑物价上涨以后，将来那笔钱实际值多少",
    ],
    "loan_schedule": [
        "What will my monthly payment be on the house?",
        "How much do I owe the bank each month for the car?",
        "How much interest will the bank charge me over the life of the loan?",
        "Work out my repayment plan for the money I borrowed",
        "买房借了一笔钱，每个月要还多少",
        "银行的钱分期还，一共要付多少利息",
        "车子分期付款每期还多少钱",
        "帮我算一下按揭的还款计划",
    ],
    "portfolio_analysis": [
        "How did my investments do and how bumpy was the ride?",
        "Am I putting too many eggs in one basket?",
        "How much did this stock fall from its peak at worst?",
        "Show me the risk and return numbers for this mix of holdings",
        "我手里这几只股票整体表现怎么样",
        "我买的东西跌得最厉害的时候亏了多少",
        "这几个品种搭配在一起风险大不大",
        "帮我看看这只股票过去几年的收益和波动",
    ],
    "product_suitability": [
        "Is this fund a good fit for someone like me?",
        "Given my risk rating, am I allowed to purchase this product?",
        "Does this product match my risk tolerance?",
        "这只产品跟我的情况匹配吗",
        "以我的风险等级，这个产品能不能买",
        "这种高风险的产品我买合不合适",
    ],
    "risk_assessment": [
        "How much risk can I handle?",
        "I want to find out what type of investor I am",
        "Let me fill in the risk tolerance survey again",
        "帮我看看我能承受多大的亏损",
        "我想重新做一下风险测试",
        "我属于哪种类型的投资人",
    ],
    "explain_term": [
        "Tell me how index funds work",
        "What do people mean by diversification?",
        "Why do bonds fall when interest rates rise?",
        "给我讲讲债券基金是怎么回事",
        "通俗地讲一下什么叫分散投资",
        "这个指标怎么理解",
    ],
    "small_talk": [
        "How are you today?",
        "Nice to meet you",
        "That was useful, cheers",
        "今天心情不错",
        "辛苦了，谢谢你的解答",
        "你好呀，很高兴认识你",
    ],
    "out_of_scope": [
        "Write me a poem about the sea",
        "Can you help me with my homework?",
        "Which restaurant should I go to tonight?",
        "How do I fix my phone?",
        "明天天气怎么样",
        "推荐一部好看的电视剧",
        "周末带孩子去哪里玩",
        "帮我写一封请假条",
    ],
}
