"""Which files of an input folder a build reads (`etl.build.discover`): hidden files, the agency
links file and `.xxgkignore` patterns, at the top or in any subfolder."""

import pytest

from etl.build import discover

FILES = [
    "a.txt",
    "notes.md",
    ".hidden.txt",
    ".cache/x.txt",
    "agency_links.csv",
    "2024/b.html",
    "2024/truth.jsonl",
    "2024/drafts/c.pdf",
    "2025/d.docx",
    "2025/e.html",
    "2025/truth.jsonl",
]
# what a build reads without any .xxgkignore: no hidden file or folder, no links file
READ = sorted(f for f in FILES if not f.startswith(".") and f != "agency_links.csv")


@pytest.mark.parametrize(
    ("ignore_files", "left_out"),
    [
        ({}, []),
        # a name pattern at the top applies everywhere below
        ({".xxgkignore": "truth.jsonl\n"}, ["2024/truth.jsonl", "2025/truth.jsonl"]),
        # in a subfolder: only there and below
        ({"2024/.xxgkignore": "truth.jsonl\n"}, ["2024/truth.jsonl"]),
        # paths are relative to the folder holding the .xxgkignore; comments and blank lines skipped
        ({"2024/.xxgkignore": "# drafts stay out\n\ndrafts/*\n"}, ["2024/drafts/c.pdf"]),
        (
            {".xxgkignore": "*.md\n2024/drafts/*\n", "2025/.xxgkignore": "*.jsonl\n"},
            ["notes.md", "2024/drafts/c.pdf", "2025/truth.jsonl"],
        ),
        # a subfolder's patterns reach neither its sibling (2024/b.html) nor its parent (a.txt)
        ({"2025/.xxgkignore": "*.html\n*.txt\n"}, ["2025/e.html"]),
    ],
)
def test_discover(tmp_path, ignore_files, left_out):
    for rel in FILES:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    for rel, text in ignore_files.items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    got = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert got == [f for f in READ if f not in left_out]


def test_links_file_given_elsewhere_is_skipped_by_path(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "links.csv").write_text("x", encoding="utf-8")
    (tmp_path / "links.csv").write_text("x", encoding="utf-8")
    got = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path, tmp_path / "links.csv")]
    assert got == ["sub/links.csv"]
