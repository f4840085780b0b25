"""Numbers, amounts and arguments as people write them in Chinese and English chat.

Shared by dialogue planning (arguments of a tool call, numbers the grounding filter accepts) and the portfolio
table engine (cells, question phrases, trade arguments): ``numerals`` parses one number (2,000 / 1.5k / 3万 /
两千五 / 百分之五), ``extract`` finds every amount, percentage, duration, date, share count, fund code and ticker
in a message. Pure functions of the text; it imports no service.
"""
