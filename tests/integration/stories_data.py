"""Our own small news event told by three outlets (one a wire copy), and an unrelated article."""

_FIRST = (
    "Coast council backs harbour rebuild\n\n"
    "The coast council voted on Tuesday to rebuild the storm-damaged harbour at Nordvik, ending a year of "
    "argument over who should pay for the new breakwater and the ferry terminal.\n\n"
    "\u201cWe will rebuild the harbour before the winter storms arrive, and the ferries will run again by "
    "spring,\u201d the mayor, Anna Berg, said after the vote.\n\n"
    "The plan costs 40 million crowns, most of it from the regional budget, and fishermen who lost moorings "
    "in the October storm will be offered berths first, the council said in a statement.\n\n"
    "Share this article"
)
HARBOUR = {"text": _FIRST, "url": "https://coast.example/harbour", "published_at": "2026-03-10T09:00:00Z"}
WIRE_COPY = {
    "text": _FIRST.replace("Share this article", "Reporting by the Nordic wire desk.\n\nShare this article"),
    "url": "https://reprint.example/wire/harbour",
    "published_at": "2026-03-10T11:00:00Z",
}
RETOLD = {
    "text": (
        "Nordvik harbour to be rebuilt after council vote\n\n"
        "Nordvik's storm-damaged harbour will be rebuilt, the coast council decided on Tuesday after a year of "
        "disputes about paying for a new breakwater and ferry terminal.\n\n"
        "\u201cWe will rebuild the harbour before the winter storms come, and ferries will run again in spring,"
        "\u201d Mayor Anna Berg told reporters.\n\n"
        "Fishermen whose moorings were destroyed in October get the first berths under the 40 million crown "
        "plan, which the regional budget mostly pays for.\n\n"
        "Share this article"
    ),
    "url": "https://valley.example/news/nordvik-harbour",
    "published_at": "2026-03-10T15:30:00Z",
}
UNRELATED = {
    "text": (
        "Floods close three schools in the valley\n\n"
        "Three schools in the upper valley stayed closed on Tuesday after the river burst its banks overnight "
        "and flooded the road to the villages of Holm and Dal.\n\n"
        "\u201cThe water has to drop by half a metre before buses can pass safely,\u201d the head of the road "
        "authority, Per Lind, said on local radio.\n\n"
        "Pupils will be taught online until the end of the week, the district said.\n\n"
        "Share this article"
    ),
    "url": "https://valley.example/news/floods",
    "published_at": "2026-03-10T12:00:00Z",
}
