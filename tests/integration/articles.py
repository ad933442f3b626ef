"""Synthetic articles for the HTTP tests: long enough paragraphs that cleaning keeps them."""

TOPICS = [
    "harbour",
    "glacier",
    "orchard",
    "observatory",
    "railway",
    "vineyard",
    "library",
    "lighthouse",
    "quarry",
    "monastery",
    "canal",
    "meadow",
]


def article_text(n: int, word: str | None = None) -> str:
    """A plain-text article about a distinct topic, with a menu line and a footer around it."""
    topic = word or TOPICS[n % len(TOPICS)]
    paragraphs = [
        f"The town council approved a new plan for the {topic} on Tuesday after a long debate "
        f"that lasted well into the evening, according to officials familiar with the matter.",
        f"Residents had argued for months that the {topic} needed repairs, and several of them "
        f"told reporters that the decision came far too late for the local businesses.",
        f"The plan, number {n}, will be funded from the regional budget over the next three years, "
        f"and the first works are expected to begin before the end of the summer season.",
    ]
    return "Home\nNews\nSport\n\n" + "\n\n".join(paragraphs) + "\n\nShare this article\n© 2026 Example News"
