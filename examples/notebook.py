"""The notebook workflow, end to end (run it as a script, or paste the cells into Jupyter).

    python examples/notebook.py
"""

import policyextract

# One article: every record with its span, and the facts it states.
text = (
    "Nanjing City’s Jiangning district unveiled its metaverse plan on Saturday. The district aims to attract "
    "200 metaverse companies and generate an industry with an annual revenue of 20 billion yuan ($2.80 billion) "
    "by the end of 2025."
)
doc = policyextract.extract(text, doc_id="jiangning")
for fact in doc.facts:
    print(fact.type, fact.actor, fact.metric, fact.quantity_span.text, fact.time_span.text if fact.time_span else "")
# In Jupyter, `doc` alone shows the text with every record highlighted.

# A corpus: one DataFrame per table, ready to group and chart.
result = policyextract.extract_corpus("corpus")
frames = result.to_frames()
facts = frames["facts"]
print(facts.groupby(["type"])["value_usd"].sum())
print(facts[facts["type"] == "target"][["actor", "metric", "value", "currency", "count", "unit", "deadline"]])
print(frames["entities"].sort_values("mentions", ascending=False).head(10)[["canonical", "kind", "mentions"]])

# Scores against hand-annotated gold, as in the test suite.
print(policyextract.evaluate("tests/golden")[["gold", "precision", "recall", "value_accuracy", "bcubed_f1"]])
