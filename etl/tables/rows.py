"""Map a stream of atoms onto canonical rows: find each row's label in order, collect its values."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from etl.tables.atoms import Atom
from etl.tables.labels import norm_label


@dataclass
class LabelStream:
    """The label atoms joined into one matchable string, with a map back to atom indexes."""

    text: str = ""
    owner: list[int] = field(default_factory=list)  # char → atom index

    @classmethod
    def of(cls, atoms: list[Atom]) -> LabelStream:
        parts, owner = [], []
        for i, a in enumerate(atoms):
            if a.kind != "label":
                continue
            t = norm_label(a.text)
            parts.append(t)
            owner.extend([i] * len(t))
        return cls("".join(parts), owner)

    def find(self, variants: list[str], cursor: int, fuzzy_window: int = 0) -> tuple[int, int] | None:
        """(char position, atom index) of the earliest variant at or after cursor; fuzzy fallback on the
        last (full) variant within `fuzzy_window` characters."""
        best = None
        for v in variants:
            p = self.text.find(v, cursor)
            if p >= 0 and (best is None or p < best):
                best = p
        if best is None and fuzzy_window and variants:
            window = self.text[cursor : cursor + fuzzy_window]
            full = variants[-1]
            if window and len(full) >= 4:
                al = fuzz.partial_ratio_alignment(full, window, score_cutoff=80)
                if al is not None:
                    best = cursor + al.dest_start
        if best is None:
            return None
        return best, self.owner[best]


def map_rows(
    atoms: list[Atom], rows: list[tuple[str, list[str]]], fuzzy_window: int = 0
) -> tuple[dict[str, list[Atom]], list[str]]:
    """{row id: value/blank atoms between its label and the next found label}; ids not found."""
    stream = LabelStream.of(atoms)
    cursor = 0
    starts: list[tuple[str, int]] = []
    missing = []
    for row_id, variants in rows:
        hit = stream.find(variants, cursor, fuzzy_window)
        if hit is None:
            missing.append(row_id)
            continue
        pos, atom_index = hit
        starts.append((row_id, atom_index))
        cursor = pos + 1
    out: dict[str, list[Atom]] = {}
    for k, (row_id, first) in enumerate(starts):
        last = starts[k + 1][1] if k + 1 < len(starts) else len(atoms)
        out[row_id] = [a for a in atoms[first:last] if a.kind != "label"]
    return out, missing
