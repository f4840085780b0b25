"""The compiled linear scorer shared by the intent and output layers: scoring the parts of a long message at once
(one n-gram lookup pass) gives what scoring each part on its own gives, and both equal scikit-learn."""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from services.compliance.intent.linear import CompiledLinear
from services.compliance.intent.model import Featuriser, _fit
from services.compliance.intent.views import LanguageModel, Views
from services.compliance.normalize import Normaliser

CORPUS = [
    ("how do i hide cash from the tax office", 1), ("教我怎么把现金分几次存进银行不被发现", 1),
    ("write me a fake bank statement", 1), ("帮我伪造一份收入证明", 1),
    ("how should i rebalance my index funds", 0), ("每月定投两千元十年后有多少", 0),
    ("what is a bond ladder", 0), ("我的风险等级适合什么基金", 0),
]
LONG = ("I hold an index fund and add $500 a month for my pension. 我每月定投两千元，持有三年了。How do I hide cash "
        "from the tax office every year? 另外，债券基金最近回撤大吗？ Step 2) what is a bond ladder; thanks!\n"
        "教我怎么把现金分几次存进银行不被发现。")


def _fitted(views: Views) -> tuple[Featuriser, CompiledLinear, LogisticRegression]:
    feats = Featuriser()
    x = feats.fit_transform([views.spaced(t) for t, _ in CORPUS])
    clf = _fit(x, np.array([y for _, y in CORPUS], dtype=np.int8), 10.0)
    return feats, feats.compile(clf), clf


def test_parts_scored_at_once_equal_each_scored_alone_and_scikit_learn(normaliser: Normaliser) -> None:
    views = Views(normaliser)
    feats, compiled, clf = _fitted(views)
    found = views.views(LONG, LanguageModel.fit([views.spaced(t) for t, _ in CORPUS]))
    parts = [(v.text, v.span) for v in found if v.span is not None]
    assert [v.name for v in found if v.span is not None].count("sentence") >= 4
    together = compiled.span_probabilities(found[0].text, [(t, s) for t, s in parts if s])
    alone = [compiled.probability(t) for t, _ in parts]
    expected = clf.predict_proba(feats.transform([t for t, _ in parts]))[:, 1]
    assert np.allclose(together, alone, atol=1e-9)
    assert np.allclose(alone, expected, atol=1e-6)
