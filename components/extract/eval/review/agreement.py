"""Label agreement between the set's labels and the two blind reviews in this directory.

Run from anywhere: python3 components/extract/eval/review/agreement.py
Prints, per field, how often each pair of annotators agrees on parts a-c and on part d
(the parts the reviewers labelled). Their labels are the majority of the three.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.dirname(HERE)


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    files = [os.path.join(EVAL, f"part-{p}.jsonl") for p in "abcd"]
    labels = {"set": {}}
    for path in files:
        for row in read(path):
            labels["set"][row["id"]] = row["labels"]
    for name in ("a", "b"):
        labels[name] = {r["id"]: r for r in read(os.path.join(HERE, f"labels-{name}.jsonl"))}
    names = list(labels)
    for field in ("category", "priority", "intent"):
        print(field)
        for i, x in enumerate(names):
            for y in names[i + 1:]:
                for part, prefixes in (("parts a-c", "abc"), ("part d", "d")):
                    ids = [k for k in labels["set"] if k[0] in prefixes]
                    same = sum(labels[x][k][field] == labels[y][k][field] for k in ids)
                    print(f"  {x} vs {y}, {part}: {same}/{len(ids)} = {same / len(ids):.3f}")


if __name__ == "__main__":
    main()
