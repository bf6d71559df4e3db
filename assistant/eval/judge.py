"""Optional LLM judge: asks the configured OpenAI-compatible model whether an answer states the
reference facts. Kept apart from the scripted metrics; a judge reply that cannot be read counts
as unjudged (None), never as a score."""
from __future__ import annotations

import json
import re

PROMPT = """You grade answers from a news question-answering assistant.
Question: {question}
Reference facts (every one must be stated; alternatives separated by " / "):
{facts}
Assistant's answer:
{answer}

Does the answer state every reference fact (wording may differ) without contradicting it?
Reply with one JSON object only: {{"verdict": "correct" | "incorrect", "reason": "<one sentence>"}}"""


def parse_verdict(text: str | None) -> bool | None:
    """True / False from the judge's reply, or None when it cannot be read."""
    if not text or not isinstance(text, str):
        return None
    for m in re.finditer(r"\{.*?\}", text, re.S):
        try:
            obj = json.loads(m.group(0))
        except (ValueError, TypeError):
            continue
        if not isinstance(obj, dict):
            continue
        v = obj.get("verdict", obj.get("correct"))
        if isinstance(v, bool):
            return v
        if isinstance(v, str) and v.strip().lower() in ("correct", "incorrect", "true", "false", "yes", "no"):
            return v.strip().lower() in ("correct", "true", "yes")
    return None


class LLMJudge:
    def __init__(self, settings):
        from openai import OpenAI

        self.settings = settings
        self.client = OpenAI(base_url=settings.llm_base_url or None, api_key=settings.llm_api_key or "not-needed",
                             timeout=settings.llm_timeout, max_retries=settings.llm_retries)
        self.errors = 0

    def __call__(self, item, record: dict) -> bool | None:
        facts = "\n".join("- " + " / ".join(f) for f in item.facts)
        question = " / ".join(item.turns + [item.question])
        try:
            resp = self.client.chat.completions.create(
                model=self.settings.llm_model, temperature=0, max_tokens=150,
                messages=[{"role": "user", "content": PROMPT.format(question=question, facts=facts, answer=record.get("answer", ""))}])
            text = resp.choices[0].message.content if resp.choices else None
        except Exception:  # noqa: BLE001 - a failed call is an unjudged item
            self.errors += 1
            return None
        return parse_verdict(text)
