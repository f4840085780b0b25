"""The planner's vocabulary: what an adviser declines, small talk, what counts as finance at all, and the
investor and product risk levels a user may state.

These are word classes (a concept and its bilingual surface forms), not lists of whole questions: a message is
placed by which classes it contains together with the numbers extraction found (plan.py, intent.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE

# ---------- what an adviser declines (intent out_of_scope, with the reason and what the platform can do) ----------
DECLINES: list[tuple[str, re.Pattern[str]]] = [
    ("insider", re.compile(
        r"内幕|内部消息|内部人|内线|里面的人|还没(?:公布|发布|公开|宣布)|(?:未|尚未|没有?)(?:公布|发布|宣布)|没公开|未公开|"
        r"提前埋伏|打听.*(?:消息|公告)|"
        # one's own knowledge from inside a company, acted on before it is announced
        r"我(?:在|是).{0,10}(?:公司|财务|董事|高管|审计|投行).{0,30}(?:知道|得知|看到).{0,20}"
        r"(?:公告|业绩|亏损|利好|利空|并购|收购|重组|财报).{0,24}(?:买|卖|抛|清仓|建仓|加仓|减仓)|"
        r"(?:heard|learned|found out|know) (?:it )?from (?:the |a |our )?(?:ceo|cfo|coo|executive|director|board "
        r"member|insider|company'?s?)\b.{0,60}(?:earnings|results|deal|merger|acqui|takeover|approval|numbers)|"
        r"\b(?:ceo|cfo|coo|chairman|director)'?s (?:assistant|secretary|driver|office)\b|"
        # someone at a firm passing on news before it is out, and buying on it ahead
        r"(?:朋友|亲戚|表哥|表姐|堂哥|同学|同事|熟人|家人|老公|老婆|哥|姐|舅舅|叔叔|邻居|领导)(?:在|是).{0,8}"
        r"(?:券商|公司|基金|银行|交易所|投行|董事会|财务部).{0,24}(?:说|透露|告诉|讲).{0,24}"
        r"(?:利好|消息|公告|并购|收购|重组|业绩|中标).{0,24}(?:买|建仓|埋伏|上车|进场)|"
        r"(?:说|透露|告诉|听说).{0,16}(?:明天|下周|下个月|马上|即将|要)(?:有|要)?.{0,8}(?:大?利好|公告|重组|并购|收购)"
        r".{0,16}(?:提前|先|现在|赶紧)(?:买|建仓|埋伏|上车|进场)|"
        r"insider|inside (?:info|information|tip)|(?:someone|contact|source|friend|person) inside|non-?public|"
        r"not (?:yet )?public|n'?t (?:yet )?public|not (?:yet )?(?:been )?announced|"
        r"(?:is|sits?|serves?) on the board\b.{0,60}(?:acquir|merg|takeover|buyout|deal|earnings|results)|"
        r"n'?t (?:been )?(?:made )?public|unannounced|"
        r"before (?:it'?s|it is) (?:out|announced|public)|hasn'?t been announced|宣布前|公告前|公布之前|公布前|"
        r"before (?:the |an |they |it )?(?:announce|official|public|release|news)|confidential (?:info|tip|news)|"
        r"secret (?:info|tip)|tipped me off|(?:guy|someone|person|friend|contact|source|buddy|mate|insider) "
        r"(?:at|inside|in|from) (?:the|that|this|a) (?:firm|company|bank|fund|board)\b.{0,60}(?:earnings|results|"
        r"deal|merger|acqui|announce|buyout|takeover|news|numbers|approval)|leaked?\b.{0,40}\b(?:results|earnings|numbers|deal|news)|"
        r"before (?:the |its |their )?announcement|还没公告|未公告|公告之前|"
        r"(?:秘书|助理|司机|董秘|高管|老板|领导|财务|内部员工)(?:的\S{0,4})?(?:说|透露|告诉).{0,20}(?:并购|收购|重组|"
        r"中标|业绩|财报|利好|停牌).{0,16}(?:买|建仓|上车|进场)|"
        r"(?:cousin|friend|brother|sister|wife|husband|relative|neighbou?r)\b.{0,30}\b(?:on|in) the (?:audit|deal|"
        r"finance|board|m&a) (?:team|department|committee)|"
        r"提前(?:知道|拿到|得知|获得|获取)(?:\S{0,6})(?:结果|公告|消息|业绩|审批|财报)|"
        r"(?:朋友|亲戚|表哥|表姐|堂哥|同学|同事|老同学|家人|熟人|老公|老婆|我爸|我妈|爸爸|妈妈|我哥|我姐|舅舅|叔叔|"
        r"邻居|领导)(?:在|是|当).{0,12}(?:上班|工作|高管|董事|财务).{0,30}"
        r"(?:收购|重组|并购|合并|业绩|财报|中标|利好|停牌).{0,20}(?:买|建仓|抄底|上车)|"
        r"(?:friend|cousin|brother|sister|relative|someone|guy|neighbou?r|wife|husband|spouse|partner|dad|mom|mum|"
        r"father|mother|uncle|aunt|son|daughter|colleague|co-?worker|boss|roommate)\b.{0,20}\bworks? (?:at|for|in)\b"
        r".{0,60}(?:acqui|merger|takeover|buyout|earnings|results|deal|approval).{0,60}\b(?:buy|load up|get in|"
        r"should i)",
        _I)),
    ("deception", re.compile(
        r"(?:隐瞒|瞒着|瞒过|藏起来|不让.{0,6}(?:知道|发现|查到)|做假|造假|伪造|虚报|虚增|虚构|包装(?:流水|收入)|美化流水|"
        r"刷流水|假(?:流水|收入证明|合同)).{0,24}(?:银行|贷款|收入|流水|负债|债务|税|征信|房贷|审批|申请)|"
        r"(?:银行|贷款|房贷|申请|税务).{0,16}(?:隐瞒|瞒着|瞒过|做假|造假|伪造|虚报)|"
        r"\b(?:hide|hiding|conceal|leaves? out|leave off|omit|fake|forge|falsif\w*|doctor|inflates?|inflating|"
        r"misstate|lie (?:to|about))\b.{0,60}\b(?:bank|lender|mortgage|loan|application|income|salary|debts?|tax|"
        r"irs|regulator|auditor|statements?)\b|(?:don'?t|doesn'?t|won'?t|not) show up|"
        r"\bkeep\b.{0,40}\bfrom (?:showing|appearing|being (?:seen|found|noticed))|off the (?:form|application|books)",
        _I)),
    ("manipulation", re.compile(
        r"操纵|坐庄|拉升.*出货|拉高.{0,4}出货|拉一只|一起拉|砸盘|对倒|带节奏|推高.*出货|抬高股价|拉抬|帮我(?:拉|炒|抬)|"
        r"pump(?:ing)? (?:and|&) dump|\bpump\b.*\bdump|wash trad|spoof|manipulat|corner the market|"
        r"\bpump(?:ing)? (?:up )?(?:a|the|this|that|some|our)\s+(?:\S+\s+){0,2}?(?:stock|small-?cap|penny|coin|share "
        r"price)|\bto pump (?:it|them|the price|the stock|it up)\b|all buy the same\b|"
        r"coordinat\w* (?:our |the )?(?:buy|purchas|trad)|"
        r"inflate (?:the )?volume|(?:look|appear|seem) more (?:traded|active|liquid)|fake (?:volume|trades|orders)|"
        r"spread(?:ing)? (?:false|fake) (?:news|information|info)|trade with (?:myself|ourselves|each other)|"
        r"multiple accounts to (?:trade|buy|sell)|spread(?:ing)? (?:fake |false )?rumou?rs?|"
        r"(?:trad|buy|sell|flipp)\w*\b.{0,30}\bback and forth (?:between|among|across|to (?:look|seem|make))|"
        r"(?:trad|buy|sell|flipp)\w*\b.{0,30}\bback and forth\b.{0,40}\b(?:volume|busy|active|popular|liquid)|"
        r"(?:look|appear|seem) more (?:popular|in demand|heavily traded)|"
        r"(?:push|pump|drive|prop|jack) up the (?:share |stock )?price.{0,30}(?:sell|dump|unload)|"
        r"hype\b.{0,40}\b(?:sell|dump)|自买自卖|(?:把|拉|做).{0,2}量做(?:起来|大)|联手.{0,6}炒|拉上去.{0,6}(?:卖|出货)|"
        r"散布.{0,4}(?:消息|谣言)|(?:制造|刷|做大?|堆)成交量|"
        r"(?:股票|股价|个股|这只|那只|成交).{0,12}(?:看起来|显得)(?:很|更)?(?:活跃|热门|抢手)", _I)),
    ("guarantee", re.compile(
        r"\d+\s*%.{0,30}\b(?:no|zero|without (?:any )?) risk\b|\b(?:no|zero) risk\b.{0,30}\d+\s*%|"
        r"\d+\s*%.{0,30}\brisk-?free\b(?!\s*(?:rate|interest))|\brisk-?free\b(?!\s*(?:rate|interest)).{0,30}\d+\s*%|"
        r"(?:definitely|certainly|surely|always|reliably) (?:return|pay|earn|yield|give)s? (?:me )?\d+\s*%|"
        r"guaranteed (?:winner|win|gains?|money|profit)|(?:zero|no) risk (?:and|but|with) (?:high|big|good|great)|"
        r"(?:assure|promise|guarantee) (?:me )?(?:that )?(?:my|this|the|it|our)\b.{0,30}(?:won'?t|will not|never|"
        r"can'?t) (?:lose|drop|fall|go down|decline)|(?:can|could|will) never lose|guarantees? (?:me )?\d|"
        r"promis\w* (?:me )?\d|no chance (?:of|to) los|"
        r"without (?:any )?(?:chance|risk) of los|(?:收益|年化|回报).{0,8}(?:还|又|而且|并且)?(?:没|无|零)风险|"
        r"承诺.{0,8}(?:收益|回报|不亏|年化)|"
        r"保证.{0,8}(?:赚|收益|不亏|回报|盈利)|保本.{0,12}(?:收益|年化|\d)|(?:年化|收益).{0,10}保本|零风险|稳赚|"
        r"不会亏|保证不亏|只赚不赔|保证.{0,10}不(?:会)?(?:跌|亏|损失)|"
        r"guarantee .{0,30}(?:won'?t|will not|never|not) (?:go down|lose|fall|drop)|无风险.{0,6}(?:高收益|\d+%)|"
        r"guarantee[ds]? (?:me|a|that|return|returns|profit|i)|guaranteed (?:return|profit|income|\d)|"
        r"promise (?:me|that)|(?:won'?t|can'?t|never) lose (?:money|a cent)|risk-?free (?:product|investment|"
        r"return|\w+ (?:that|which) (?:pays|returns))|no risk (?:at all|whatsoever)", _I)),
    ("prediction", re.compile(
        r"稳赚|必涨|涨停|(?:股|只).{0,10}(?:翻倍|翻番|暴涨)|(?:翻倍|翻番|暴涨).{0,6}(?:股|只)|肯定(?:会)?涨|一定(?:会)?涨|会不会涨|明天.{0,6}(?:涨|跌)|下周.{0,6}(?:涨|跌|买哪)|"
        r"(?:哪只|哪个|哪支|哪些|什么)(?:股票?|基金|币|板块)?.{0,8}(?:能涨|会涨|要涨|涨得|大涨|暴涨|翻|牛|起飞|赚钱最快)|"
        r"买哪只|推荐.{0,4}(?:一只|几只|只|个|支)(?:股票?|币)|(?:一定|肯定|保证|稳)能?(?:赚|发财|暴富)|"
        r"(?:明天|下周|下个月|马上|短期).{0,8}(?:必|会|能|要|将)(?:涨|大涨|暴涨|翻倍|涨一倍|涨两倍|涨停)|"
        r"股价.{0,6}(?:预测|会到|能到)|"
        r"预测.{0,6}(?:股价|走势|涨跌)|"
        r"翻[两三四五十]倍|涨[两三四五十]倍|"
        r"(?:certain|sure|bound|going|guaranteed) to (?:double|triple|quadruple|rise|soar|jump|go up|moon)|"
        r"(?:about|going|set|ready) to (?:explode|moon|soar|pop|take off|skyrocket|rocket)|"
        r"what (?:will )?the (?:stock )?market (?:will )?do|market (?:will )?(?:go|do) (?:tomorrow|next)|"
        r"(?:大盘|股市|指数).{0,6}(?:明天|下周|下个月).{0,6}(?:涨|跌|走势|怎么走)|"
        r"sure[- ](?:win|thing|bet)|can'?t[- ]lose|\d+-?bagger|to the moon|\bmoon\b|double (?:my money|next|in)|"
        r"(?:stocks?|shares?|tickers?|coins?|\bit)\b.{0,24}\bwill (?:\S+ ){0,2}(?:double|triple|go up|rise|rally|"
        r"surge|soar|climb|jump|outperform|fall|drop|crash|skyrocket|moon)|(?:go|going) up tomorrow|"
        r"which (?:\S+ ){0,2}(?:stocks?|shares?|funds?|etfs?|coins?|sectors?) (?:will|should i buy|is going|to buy)|"
        r"stock (?:tip|pick)|hot tip|"
        r"(?:share |stock )?price (?:is )?(?:going to|gonna|will) be\b|"
        r"(?:明天|下周|下个月|明年|年底|月底|未来|下半年)的?(?:股价|价格|点位)(?:是|会是|能到|会到)?(?:多少|几)|"
        r"\b(?:[A-Z]{2,5}|it|this one|that one)\s+(?:will|is going to|gonna|is about to)\s+(?:pop|moon|soar|double|"
        r"rocket|explode|spike|skyrocket)\b|"
        r"\bwill\b.{0,30}\b(?:go up|go down|rise|fall|rally|crash|drop|climb|rebound|recover)\b.{0,20}"
        r"(?:tomorrow|next|this (?:week|month|year)|soon|by (?:the )?end)|"
        r"(?:股价|指数|大盘|股市|A股|港股|美股|恒指|恒生|标普|上证|沪指|纳指|道指|板块|这只|那只|个股|股票|币价|金价)"
        r".{0,12}(?:(?:明年|今年|下半年|年底|月底|后市|未来|短期|马上).{0,8})?(?:会|能|要)(?:涨|跌|反弹)(?:吗|嘛|多少|到)|"
        r"(?:股价|指数|大盘|股市|恒指|恒生|标普|上证|沪指|纳指|道指|这只|那只|个股|股票|币价|金价).{0,12}(?:涨|跌)到多少|"
        r"\bwill\b.{0,40}\b(?:be )?(?:higher|lower)\b.{0,12}\b(?:by|tomorrow|next|this|on|at)\b|"
        r"where will .{0,30}\bbe (?:at|by|in)\b|(?:expect|see) .{0,30}\b(?:rally|crash|soar|plunge|tank)\b.{0,20}"
        r"(?:next|this|tomorrow|soon)|\b(?:going|about) to (?:crash|tank|plunge|collapse)\b|"
        r"(?:股|茅台|腾讯|苹果|比亚迪|招行|汾酒|金价|比特币).{0,8}(?:年底|明年|下个月|下周|月底).{0,6}(?:能|会)?"
        r"(?:涨|跌)到|"
        r"\b\d+x\b.{0,24}\b(?:by|in|next|this|soon|before)\b|\b\d+-?fold\b|"
        r"\b(?:going to|will|gonna)\s+(?:hit|reach|top|break)\s+\$?\d|hottest (?:stock|pick|tip)s?|"
        r"(?:fast|quick) (?:gains|money)|predict (?:where|what|whether|if|how)|"
        r"where (?:the )?\S+ (?:closes?|ends?|finishes?) (?:on|at|by|this|next|tomorrow)|"
        r"price target|predict (?:the )?(?:price|market|stock)|(?:ticker|stock) please|give me (?:a|one) ticker|"
        r"\b\d+x (?:my|your|the) money|(?:definitely|certainly|surely|guaranteed to) (?:make|go|rise|double|win|"
        r"beat)|make me (?:rich|a millionaire)|get rich (?:quick|fast)|(?:top|best|hot|favou?rite) (?:stock )?pick|"
        r"quick (?:profit|buck|win)|(?:name|give|tell) (?:me )?(?:one|a|the) (?:stock|share|ticker|coin)\b.{0,40}"
        r"(?:will|going|certain|sure|definitely|rise|double|up)", _I)),
]

DECLINE_TEXT = {
    "deception": {
        "zh": "抱歉，我不能帮助向银行、税务或监管机构隐瞒负债、虚报收入或伪造材料，这属于欺诈。"
              "我可以按真实情况帮您测算贷款月供和总利息，或分析您的负债和投资风险。",
        "en": "Sorry, I can't help hide debts, inflate income or falsify documents for a bank, tax office or "
              "regulator: that is fraud. I can work out a loan's repayments on your real figures, or look at the "
              "risk of your debts and investments.",
    },
    "prediction": {
        "zh": "抱歉，我不能预测股价涨跌，也不推荐具体哪只股票会涨：没有人能可靠地做到，这样的建议对您不负责任。"
              "我可以帮您分析某只股票或组合的历史收益、波动和最大回撤，检查产品是否符合您的风险等级，或测算定投计划。",
        "en": "Sorry, I can't predict prices or pick a stock that will go up: nobody can do that reliably, and "
              "a tip like that would not be responsible advice. I can analyse the history of a stock or a mix "
              "(return, volatility, drawdown), check whether a product suits your risk level, or project a plan.",
    },
    "guarantee": {
        "zh": "抱歉，我无法对任何收益作出承诺。投资都有风险，预期收益越高，风险越大；"
              "作出这类承诺的宣传通常不合规。"
              "我可以按您给出的年化收益率测算结果，或帮您了解适合您风险等级的产品。",
        "en": "Sorry, I can't make any promise about returns: every investment carries risk, higher expected "
              "returns come with higher risk, and such promises are a warning sign. I can project an "
              "outcome at a rate you assume, or check which product risk levels suit you.",
    },
    "insider": {
        "zh": "抱歉，我不能就内幕消息或未公开信息提供任何帮助：利用未公开的重大信息交易属于内幕交易，是违法行为。"
              "我可以帮您分析公开的历史行情数据，或评估一只股票是否符合您的风险等级。",
        "en": "Sorry, I can't help with inside or non-public information: trading on it is insider dealing, which "
              "is illegal. I can analyse public price history, or check whether a stock suits your risk level.",
    },
    "manipulation": {
        "zh": "抱歉，我不能帮助操纵市场（拉抬、对倒、砸盘、带节奏出货等），这是违法行为。"
              "我可以帮您分析投资组合的风险收益，或测算定投和贷款。",
        "en": "Sorry, I can't help with market manipulation (pump and dump, wash trades, spoofing); it is illegal. "
              "I can analyse a portfolio's risk and return, or project savings or a loan.",
    },
}


# "will AMD go up?": a ticker (capitals, so not case-insensitive) followed by a price move
_TICKER_MOVE = re.compile(r"\b[A-Z]{2,5}\b(?i:.{0,12}\b(?:go up|rise|rally|surge|soar|climb|jump|fall|drop|crash|"
                          r"double|triple|moon)\b.{0,20}(?:tomorrow|next|this|today|soon|yes or no))")


# Asking what a misconduct is, how to spot, avoid or report it, or whether an offer is a scam is investor
# education, not a request to take part: it is answered (unless it asks how to escape detection).
_EDUCATIONAL = re.compile(
    r"什么是|是什么|为什么|为何|什么叫|什么意思|怎么举报|如何举报|举报|投诉|怎么识别|如何识别|识别|怎么防范|如何防范|防范|"
    r"是不是骗|骗局|骗子|靠谱吗|可信吗|合法吗|违法吗|犯法吗|处罚|判刑|罚款|监管.{0,6}(?:发现|查|识别)|"
    r"\bwhat (?:is|are|does)\b|\bwhy\b|\bhow come\b|\bwhat'?s\b|\bexplain|\bmeaning of\b|\breport\b|"
    r"\bspot\b|\brecogni[sz]e\b|counts? as|considered (?:as )?|am i allowed|is (?:that|it|this) (?:ok|okay|allowed)|"
    r"算不算|算是|属于.{0,6}(?:吗|嘛)|允许吗|会不会被|怎么处理|注意什么|"
    r"compliance review(?:er)?|review (?:this|the|my|our) (?:tagline|post|ad|advert|copy|"
    r"slogan|wording|claim)|宣传语|广告语|文案|合规吗|"
    r"\bavoid (?:being|falling)|\bprotect\b|\bscam\b|\bfraud\b.{0,20}\?|\blegal\b|\billegal\b|\bpenalt|"
    r"\bpunish|\b(?:regulators?|sec|exchanges?|authorities|police)\b.{0,30}\b(?:detect|catch|find|notice|spot|"
    r"identify|investigate|monitor|track)|怎么判|判几年|量刑|坐牢|会被抓|法律后果|什么后果|"
    r"\bjail\b|\bprison|\bred flags?\b|\bwarning signs?\b|"
    r"\bis (?:it|that|this)\b[^?？]{0,40}\b(?:if|when)\b|\btell (?:whether|if)\b|"
    r"(?:证监会|交易所|监管部门|监管机构|监管层|公安)[^，。？,?]{0,8}(?:查|发现|识别|监控|调查)|分辨|辨别|"
    # a definition stated or asked, two things compared, whether a case counts as the misconduct
    # ("X罪是指…", "跟内幕交易有什么区别", "他算知情人吗", "could that be manipulation?")
    r"是指|指的是|的定义|定义为|\bdefined as\b|\bdefinition\b|\brefers? to\b|区别|有何不同|有什么不同|"
    r"\bdifferen(?:ce|t) (?:between|from)\b|\bthe same (?:thing )?as\b|\bdiffers? from\b|"
    r"(?<!打)算[^，。？?,\d一]{1,14}(?:吗|嘛)|会不会是|是不是(?:在|被|属于)?(?:操纵|内幕|诈骗|骗局|洗钱|违规|违法)|"
    r"\b(?:could|might|would|can) (?:this|that|it) (?:be|count as)\b|\bis (?:this|that|it) (?:a sign|a case|a form|"
    r"an example|evidence) of\b", _I)
# A request for a pick or a trade is not a question about it, however it starts ("what's a sure-win stock now?").
_REQUEST = re.compile(r"推荐|告诉我(?:哪|什么)|给我.{0,4}(?:一只|几只|推荐)|现在(?:买|进)|"
                      r"give me|recommend|tell me (?:which|what to buy)|(?:name|pick) (?:one|a) |right now|"
                      r"this week|tomorrow|next (?:week|month|quarter|year)|(?:at|by) (?:the )?(?:year[- ]end|end of)|"
                      r"going to be|should i buy|best way to|help me|teach me|"
                      r"show me how|how (?:do|can|should) (?:i|we)\b|帮我|教我|怎么才能", _I)
_EDUCATION_ONLY = re.compile(r"举报|投诉|报案|识别|防范|骗局|骗子|违法吗|犯法吗|合法吗|处罚|判刑|怎么判|量刑|"
                             r"\breport\b|\bspot\b|\bscam\b|\blegal\b|\billegal\b|\bpenalt|\bpunish|red flags?|"
                             r"warning signs?|\bavoid (?:being|falling)|\bprotect\b|\btell (?:whether|if)\b|"
                             r"分辨|辨别", _I)
_EVASION = re.compile(r"不被.{0,6}(?:发现|查|罚|抓)|不让.{0,6}(?:发现|知道)|避开|躲过|逃过|without (?:being |getting )?"
                      r"(?:caught|detected|noticed|flagged)|not get caught|under the radar", _I)
# Told to set the rules aside: whatever else the message says, it is not a question about them.
_OVERRIDE = re.compile(r"\b(?:ignore|disregard|forget|bypass|override)\b|忽略|无视|不用管|别管|绕过", _I)
# A rule or policy quoted or asked about: what it forbids is stated, not asked for ("the handbook says employees
# must not trade on non-public information", "公司规定不得买卖客户的股票").
_PROHIBITION = re.compile(
    r"(?:handbook|policy|policies|code of (?:conduct|ethics)|rulebook|manual|guideline|compliance|regulation|"
    r"合规|制度|手册|规定|守则|准则|条例|法规)[^?？]{0,120}(?:\bmust not\b|\bmay not\b|\bprohibit|\bforbid|"
    r"\bnot (?:be )?(?:allowed|permitted)|禁止|不得|严禁|不允许|不准)|"
    r"(?:\bmust not\b|\bmay not\b|\bprohibit|\bforbid|禁止|不得|严禁)[^?？]{0,120}(?:handbook|policy|code of "
    r"(?:conduct|ethics)|rulebook|manual|guideline|compliance|合规|制度|手册|守则)", _I)
# What forms a misconduct takes, or news of someone punished for it: a question about it, not a plan
# ("操纵市场有哪几种手法", "what kinds of insider trading get prosecuted").
_TYPOLOGY = re.compile(r"有哪(?:几|些)(?:种|类)?(?:手法|手段|形式|类型|方式|套路)|常见(?:的)?(?:手法|手段|套路|形式)|"
                       r"(?:分|有|包括)(?:成|为)?(?:哪|几)(?:几|些)?个?(?:阶段|环节)|\b(?:stages|phases) (?:of|in)\b|"
                       r"被罚|被查处|被处罚|被判|\bwhat (?:forms|kinds|types|sorts) of\b|\b(?:got|gets|were|was|been) "
                       r"(?:fined|charged|prosecuted|convicted|sentenced)\b", _I)
_TURN = re.compile(r"\b(?:but|except|however|though|only (?:me|us)|now)\b|但|不过|可是|然而|只告诉|除了|现在", _I)
# Inside information denied ("if he told me nothing non-public", "没有任何内幕消息"): no tip is being acted on.
_NO_INSIDE = re.compile(
    r"(?:没有?|未|并没有?|从没有?|从来没有?)(?:告诉|透露|给|提供|拿到|得到|听到|利用|用|说)?(?:过)?(?:我|我们)?(?:过)?"
    r"(?:任何)?(?:的)?(?:内幕|内部消息|内部信息|未公开(?:的)?(?:信息|消息))|"
    r"\b(?:no|without|not any|never (?:had|got|received|used|heard))\b (?:any )?(?:inside|insider|non-?public|"
    r"confidential) (?:info|information|tips?|knowledge|news)|"
    r"\b(?:did(?:n'?t| not)|never|has(?:n'?t| not)|have(?:n'?t| not))\s+(?:\w+\s+)?(?:told|tell|given|give|"
    r"shared|share|passed|pass)\b.{0,20}\b(?:inside|insider|non-?public|confidential)\b"
    r"(?:\s+(?:info|information|tips?|news|knowledge))?", _I)


# Whether an investment that guarantees a return exists at all ("are there any products that really guarantee
# returns?", "有没有真正保本保收益的投资？"): what deposits and government bonds promise is education, not a promise
# asked of the adviser. Not with a return named ("有没有保本又年化12%的产品"): a product promising that figure is
# sought.
_FIGURE = re.compile(r"\d|百分之|percent", _I)
_EXISTS = re.compile(
    r"\b(?:are|is) there (?:any|such (?:a )?thing as)?\s*(?:\w+ ){0,2}(?:investments?|products?|funds?|assets?|"
    r"accounts?|options?|places?|securities|bonds?|things?)\b(?:(?!\b(?:you|u|me)\b)[^?]){0,30}\bguarantee"
    r"(?!s? (?:me|us)\b)|"
    r"\bdo(?:es)? (?:any|a) (?:\w+ )?(?:investments?|products?|funds?|assets?)\b(?:(?!\b(?:you|u|me)\b)[^?]){0,20}"
    r"\bguarantee(?!s? (?:me|us)\b)|"
    r"(?:有没有|真的有|存在)(?:真正|真的|什么)?(?:能)?(?:保证|保本|保收益)[^？?，,。]{0,10}的"
    r"(?:投资|产品|理财|基金|资产)", _I)


def educational(text: str) -> bool:
    """A question about misconduct (what it is, how to spot or report it, what a rule forbids, what forms it
    takes), not a request to take part."""
    if _EVASION.search(text) or _OVERRIDE.search(text):
        return False
    if _PROHIBITION.search(text) or _TYPOLOGY.search(text) or (_EXISTS.search(text) and not _FIGURE.search(text)):
        return not _REQUEST.search(text)
    return bool(_EDUCATIONAL.search(text)) and (not _REQUEST.search(text) or bool(_EDUCATION_ONLY.search(text)))


# A guarantee denied by someone other than the adviser ("I know stocks don't guarantee that", "产品不保证收益"):
# a fact stated, not a promise asked for ("can't you guarantee it?" and "你不能保证吗" still ask).
_NO_GUARANTEE = re.compile(
    r"\b(?!you\b|u\b)[a-z]+ (?:don'?t|doesn'?t|do not|does not|won'?t|will not|cannot|can'?t|never) "
    r"(?:(?!you\b|u\b)\w+ )?guarantee[sd]?\b|"
    r"\bno (?:one|body|investment|product|fund|stock|bank) (?:\w+ )?(?:can )?guarantees?\b|"
    r"\b(?:no|without (?:a|any)) guarantees?\b|\b(?:not|never|nothing is|isn'?t|aren'?t) guaranteed\b|"
    r"(?<![你您就能会可是有])(?:不|并不|无法|没法|不能|不会|不可能|没有|从不)(?:能|会|可能)?(?:保证|承诺|保本)", _I)


def decline_reason(text: str) -> str:
    """The kind of request an adviser declines ("" if none): insider, manipulation, guarantee, prediction."""
    if educational(text):
        return ""
    for reason, pattern in DECLINES:
        if reason == "insider":
            # a denial with a turn after it ("didn't tell anyone but me", "never had tips, but now…", "I know you
            # have no inside info, but guess") still hides a tip: read it whole
            turned = any(_TURN.search(text, m.start()) for m in _NO_INSIDE.finditer(text))
            text_seen = text if turned else _NO_INSIDE.sub(" ", text)
        elif reason == "guarantee":
            text_seen = _NO_GUARANTEE.sub(" ", text)
        else:
            text_seen = text
        if pattern.search(text_seen):
            return reason
    return "prediction" if _TICKER_MOVE.search(text) else ""


# A message that says it is written backwards ("read this reversed", "倒着写的"): read the other way too.
_REVERSED = re.compile(r"backwards|\breversed?\b|in reverse|right to left|"
                       r"倒着|反着|倒过来|反过来|倒序|从后往前|从右往左", _I)


def readable(text: str) -> str:
    """The message, and when it says it is written backwards, the message reversed after it: what a reversed
    text asks is read, declined or answered like the same text written forwards."""
    return f"{text}\n{text[::-1]}" if _REVERSED.search(text) else text


# The platform and the client's own account, data and rights: privacy, deleting data, identity documents,
# complaints and compensation, whether an adviser is licensed -- questions an adviser answers, with no money word.
SERVICE = re.compile(
    # the client's own account and data, and the adviser's licence: tied to the platform, so a driver's licence,
    # a passport for a trip or a neighbour's complaint stays off topic (review finding)
    r"personal (?:data|info|information|details)|\bprivacy\b|\bmy data\b|"
    r"delete (?:my )?(?:data|account|personal|information|info|history|profile)|be deleted|"
    r"complain\w* (?:about|to|against) (?:my |the |your |this |an? )?(?:advis[eo]r|broker|bank|platform|fund|firm|"
    r"app|you)|(?:file|make|lodge|send|submit) a complaint|\bcompensat|\bombudsman|"
    r"(?:advis[eo]r|broker|firm|platform|investment|securities|fund|your)(?:'s)? licen[cs]e|"
    r"licen[cs]ed (?:advis[eo]r|broker|firm|platform)|registered (?:adviser|advisor|broker|rep)|"
    r"proof of (?:address|identity|income|funds)|(?-i:\bID\b)|identity (?:document|card|check)|"
    r"passport[^.?]{0,30}(?:account|verif|kyc)|(?:account|verif|kyc)[^.?]{0,30}passport|"
    r"suspicious (?:activity|transaction)|\baml\b|\bkyc\b|know your customer|due diligence|"
    r"个人信息|隐私|删除(?:我的)?(?:账户|账号|个人数据|个人信息|投资记录|交易记录)|身份证|证件|地址证明|"
    r"投诉|赔偿|索赔|维权|持牌|(?:投顾|证券|基金|期货|金融|支付)牌照|(?:投顾|投资顾问|从业|经营|业务)资质|从业资格|"
    r"(?:证券|基金|期货|投顾|投资顾问)\S{0,4}执业|反洗钱|可疑交易|尽职调查", _I)


def in_scope(text: str) -> bool:
    """About money, or about the platform and the client's own account: not off-topic."""
    return bool(FINANCE.search(text) or SERVICE.search(text))


# ---------- small talk, and whether a message is about money at all ----------
_SMALL_TALK = re.compile(
    r"你好|您好|嗨|哈喽|早上好|早安|晚上好|下午好|晚安|拜拜|再见|下次再聊|谢谢|多谢|感谢|明白了|懂了|知道了|收到|"
    r"你是谁|你叫什么|你是机器人|你是真人|你是人工智能|你能做什么|你好吗|在吗|最近怎么样|"
    r"\bwhat'?s up\b|\bwhats up\b|\bhow are you\b|\bhow'?s it going\b|\bsup\b|\byo\b|\bhiya\b|\bhowdy\b|"
    r"\b(?:hi|hello|hey|thanks?|thank you|thank u|thx|tx|ty|tysm|much appreciated|cheers|"
    r"good (?:morning|afternoon|evening|night)|bye|goodbye|see you|"
    r"got it|understood|who am i talking to|who are you|what can you do|are you a (?:bot|human|robot)|"
    r"appreciate (?:it|that|your help)|have a (?:nice|good|great) (?:day|weekend|evening)|what can you help)\b|"
    r"辛苦|祝你|谢啦|谢了|感恩|3q\b|你能做(?:些)?什么|你会(?:做)?什么|能帮我(?:做)?什么|"
    r"^\s*(?:ok(?:ay)?|cool|great|nice|awesome|perfect|alright|好的|好吧|行|嗯)[\s!.。！~]*(?:cool|thanks?|谢谢)?[\s!.。！~]*$",
    _I,
)


def is_small_talk(text: str) -> bool:
    """A greeting, thanks, goodbye or "who are you": short, and nothing about money once those words are gone."""
    if len(text) > 60 or not _SMALL_TALK.search(text):
        return False
    rest = _SMALL_TALK.sub(" ", text)
    return not re.search(r"\d", rest) and not FINANCE.search(rest) and not re.search(
        r"什么是|解释|what is|what's|explain|\?.*\w{4,}.*\?|translat|翻译|\bwrite\b|写|poem|诗|recipe|joke|笑话",
        rest, _I)


FINANCE = re.compile(
    r"投资|理财|基金|产品|股票|股|债|亏|赚|涨|跌|损|承受|本金|本息|等额|首付|按揭|期限|利|费|价|证券|存款|存钱|攒|储蓄|定投|贷|还款|月供|利率|利息|收益|回报|年化|复利|通胀|风险|回撤|"
    r"波动|夏普|组合|持仓|资产|配置|退休|养老|保险|指数|(?<![a-z])ETF|R[1-5]|C[1-5]|钱|元|万|财务|账户|买|卖|"
    r"invest|fund|stock|share|bond|saving|save|deposit|loan|mortgage|borrow|repay|interest|rate|return|yield|"
    r"inflation|risk|drawdown|volatil|sharpe|portfolio|holding|asset|allocation|retire|pension|401k|ira|index|"
    r"(?<![a-z])etf|market|money|dollar|\$|price|buy|sell|trade|profit|wealth|financ|budget|debt|tax|compound|(?<![a-z])var(?![a-z])|"
    r"ticker|dividend|equity|\bdca\b|lump[- ]sum|dollar[- ]cost|annuali[sz]|capital(?! (?:city|of)\b)|"
    r"product|lose|loss|gain|earn|bank|principal|credit|insur|broker|银行|信用|券商|保本|"
    r"trad(?:e|es|ed|ing|er)|insider|front-?run|ponzi|pyramid scheme|scam|fraud|launder|regulat|\bsec\b|finra|"
    r"complian|merger|acqui|takeover|earnings|\bipo\b|options?\b|futures|margin|leverage|short[- ]sell|"
    r"pump|spoof|crypto|bitcoin|currency|exchange rate|\bfx\b|annuit|brokerage|account|"
    r"内幕|老鼠仓|操纵|庄家|坐庄|出货|拉高|拉升|砸盘|集资|传销|庞氏|骗局|洗钱|证监会|监管|交易|上市|收购|并购|重组|财报|分红|期权|期货|融资|"
    r"融券|杠杆|配资|爆仓|平仓|开户|账户|征信|诈骗|杀猪盘|税|年金|公积金|社保|外汇|汇率|换汇|荐股|炒股|炒币|币圈|加密货币|理财|"
    r"市盈率|市净率|净值|估值|expense ratio|\bfees?\b|rebalanc|valuation|p/?e ratio|\bapr\b|\bapy\b|"
    r"\bnav\b|\bcd\b|\bgold\b|黄金|annuali[sz]|contribut|installment|instalment|payments?\b|amorti[sz]|"
    r"\bweights?\b|"
    # the market's own words (moves, players, mechanics): a question in them is about investing
    r"\bcrash|\bbounce|\brally|\bbull(?:ish)?\b|\bbear(?:ish)?\b|small[- ]cap|large[- ]cap|mid[- ]cap|"
    r"\bvolume\b|\bhyp(?:e|ing)\b|meme stock|circuit breaker|\bsell[- ]?off|correction|"
    r"主力|洗盘|踩踏|熔断|牛市|熊市|散户|韭菜|追高|抄底|套牢|解套|补仓|止损|止盈|仓位|[kK]线|均线|大盘|板块|龙头",
    _I,
)

# ---------- risk levels ----------
# A level stated in words, by the names the platform's own questionnaire gives the levels
# (services/compliance/rules/questionnaire.yaml: 保守型 Conservative, 稳健型 Moderately conservative, 平衡型
# Balanced, 成长型 Growth, 进取型 Aggressive), plus the usual synonyms; the first level whose words match wins.
INVESTOR_WORDS = [
    ("C1", r"保守型|最保守|(?<!moderately )conservative"),
    ("C2", r"稳健型|谨慎型|cautious|moderately conservative"),
    ("C3", r"平衡型|balanced|moderate(?!ly)"),
    ("C4", r"成长型|积极型|growth investor|moderately aggressive"),
    ("C5", r"进取型|激进型|最激进|(?<!moderately )aggressive"),
]
# "C3", "R4"; in lower-case chat ("a c3 like me", "an r3 etf") only as a word of its own
_LEVEL_C = re.compile(r"(?<![A-Za-z])C\s?([1-5])(?![0-9])|(?<![A-Za-z0-9])c([1-5])(?![0-9A-Za-z])")
_LEVEL_R = re.compile(r"(?<![A-Za-z])R\s?([1-5])(?![0-9])|(?<![A-Za-z0-9])r([1-5])(?![0-9A-Za-z])")
_SELF = re.compile(r"我是|我的|本人|i'?m|i am|my |me\b|as an?|here\b|测评|assess|rating|rated|等级|评级|level|"
                   r"someone|investor|profile|tolerance|appetite|风险偏好|偏好|属于|投资者|客户", _I)

# A product type with no stated level: its usual rating (the conservative end of the range it is sold at).
PRODUCT_TYPES: list[tuple[str, str, str]] = [  # (level, pattern, label); the riskiest reading first
    ("R5", r"私募|期货|期权|杠杆|衍生品|private (?:fund|equity)|hedge fund|futures|options|leveraged|crypto|"
           r"比特币|bitcoin", "private fund or derivative"),
    ("R4", r"structured (?:note|product)s?|结构化产品|雪球|\breits?\b|sector fund|行业基金|主题基金|"
           r"tech(?:nology)? fund|small[- ]cap|emerging[- ]markets?|新兴市场|growth fund|成长(?:型)?基金|"
           r"high[- ]yield|高收益债",
     "equity or structured product"),
    ("R1", r"货币基金|货基|余额宝|money[- ]market|cash fund|存款|deposit|国债|treasur", "money market / deposit"),
    ("R2", r"债券基金|债基|纯债|bond fund|bonds?\b|银行理财|理财产品|wealth management|fixed income", "bond fund"),
    ("R3", r"指数基金|指数|ETF|index|混合基金|混合型|balanced fund|mixed fund|黄金|gold|target[- ]date|nasdaq|"
           r"纳斯达克|纳指|\bfof\b|fund of funds", "index, mixed or target-date fund"),
    ("R4", r"股票型基金|股票基金|equity fund|stock fund|个股|股票|stocks?\b|shares?\b", "stock"),
    ("R2", r"annuit|年金|insurance|保险", "annuity or insurance product"),
    ("R3", r"\bfunds?\b|基金", "fund"),  # a fund of no stated kind: the middle of the range funds are sold at
]


@dataclass(frozen=True)
class Levels:
    investor: str = ""  # "C1".."C5" the user stated, or ""
    product: str = ""  # "R1".."R5" the user stated, or ""
    product_type: str = ""  # the usual level of a product type named without a level
    type_label: str = ""


def stated_levels(text: str) -> Levels:
    c = _LEVEL_C.search(text)
    investor = f"C{c.group(1) or c.group(2)}" if c else ""
    if not investor and _SELF.search(text):
        investor = next((lvl for lvl, p in INVESTOR_WORDS if re.search(p, text, _I)), "")
    r = _LEVEL_R.search(text)
    kind = next(((lvl, label) for lvl, p, label in PRODUCT_TYPES if re.search(p, text, _I)), ("", ""))
    return Levels(investor, f"R{r.group(1) or r.group(2)}" if r else "", kind[0], kind[1])
