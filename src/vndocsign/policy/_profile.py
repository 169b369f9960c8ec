"""Policy profiles: dated rules as data, validated on load, composed in layers.

A profile is a TOML file (see ``profiles/*.toml`` shipped with the package and
``docs/policy.md``). It holds:

* ``[profile]`` — ``name``, titles, ``extends`` (profiles it is composed on top of),
  ``assume_scope`` (the recipient scope rules assume when a caller does not give one, always
  reported in the decision), ``disable`` (inherited rule ids to drop);
* ``[categories.NAME]`` — subject categories and the keywords that infer them;
* ``[sets.NAME]`` — named lists of document types (the Government Office's list...);
* ``[[rule]]`` — one rule each: ``id``, legal ``source``, ``effective_from`` /
  ``effective_until`` or pilot ``windows``, ``precedence``, its effect (``delivery``,
  ``signatures``), its text in ``vi`` and ``en``, and ``when`` conditions.

Why data and not code: the rules are the provinces' and the Government Office's letters;
they change on given dates and new provinces will be added by people who read those letters,
not by programmers. Everything is checked when a profile is loaded — unknown keys (typos),
unknown document types or categories, impossible dates, and rules of equal precedence that can
match the same document on the same day with different answers — and every problem names the
file and line.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs

from vndocsign.policy._classify import CategoryDef, Classifier
from vndocsign.policy._engine import Engine
from vndocsign.policy._errors import ProfileError, ProfileNotFoundError, UnknownRuleError
from vndocsign.policy._model import Scope
from vndocsign.policy._rules import Condition, Layer, Rule, SetDef
from vndocsign.policy._toml import parse_profile_text

__all__ = ["Profile", "compose", "load_profile", "shipped_profiles"]


@attrs.frozen(eq=False)
class Profile:
    """A composed, validated profile ready to decide on documents.

    Build one with :func:`load_profile` (a shipped name such as ``"hau-giang"`` or a path to
    your own TOML file), :func:`compose` or :meth:`from_layers`. Profiles are immutable (a
    frozen attrs class; the categories and sets are read-only mappings); the compiled
    decision engine is built once, when the profile is made, so that a contradiction in the
    rules surfaces at load time. Two profiles are equal only when they are the same object.
    """

    name: str
    title_vi: str
    title_en: str
    #: The layers' names, bottom (national) first.
    chain: tuple[str, ...]
    files: tuple[str, ...]
    assume_scope: Scope | None
    categories: Mapping[str, CategoryDef]
    sets: Mapping[str, SetDef]
    rules: tuple[Rule, ...]
    classifier: Classifier = attrs.field(repr=False)
    layer_data: tuple[Layer, ...] = attrs.field(repr=False)
    engine: Engine = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # The one write after construction: the engine compiled from the finished profile.
        object.__setattr__(self, "engine", Engine(self))

    @classmethod
    def from_layers(cls, layers: Sequence[Layer], *, name: str | None = None) -> Profile:
        """Compose parsed layers (bottom first) into a validated profile."""
        if not layers:
            raise ProfileError("A profile needs at least one layer", "Hồ sơ quy tắc trống")
        top = layers[-1]
        assume_scope: Scope | None = None
        for layer in layers:
            if layer.assume_scope is not None:
                assume_scope = layer.assume_scope
        categories = _merge_categories(layers)
        sets: dict[str, SetDef] = {}
        for layer in layers:
            for s in layer.sets:
                _check_set_refs(s, categories, layer)
                sets[s.name] = s
        return cls(
            name=name or top.name,
            title_vi=top.title_vi,
            title_en=top.title_en,
            chain=tuple(layer.name for layer in layers),
            files=tuple(layer.file for layer in layers),
            assume_scope=assume_scope,
            categories=MappingProxyType(categories),
            sets=MappingProxyType(sets),
            rules=_merge_rules(layers, categories, sets),
            classifier=Classifier(categories.values()),
            layer_data=tuple(layers),
        )

    @property
    def layers(self) -> tuple[str, ...]:
        return self.chain

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise UnknownRuleError(
            f"Profile {self.name} has no rule {rule_id!r}",
            f"Hồ sơ {self.name} không có quy tắc {rule_id!r}",
            rule=rule_id,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON view (``vndocsign policy profiles --json``)."""
        return {
            "name": self.name,
            "title_vi": self.title_vi,
            "title_en": self.title_en,
            "layers": list(self.chain),
            "assume_scope": self.assume_scope.value if self.assume_scope else None,
            "categories": sorted(self.categories),
            "rules": [
                {
                    "id": r.id,
                    "source": r.source,
                    "profile": r.profile,
                    "windows": [w.label() for w in r.windows],
                    "precedence": r.precedence,
                    "delivery": r.delivery.value if r.delivery else None,
                    "signatures": sorted(s.value for s in r.signatures),
                    "vi": r.vi,
                    "en": r.en,
                    "location": r.location,
                }
                for r in self.rules
            ],
        }

    def __repr__(self) -> str:
        return f"<Profile {self.name} ({' + '.join(self.chain)}), {len(self.rules)} rules>"


def _merge_categories(layers: Sequence[Layer]) -> dict[str, CategoryDef]:
    merged: dict[str, CategoryDef] = {}
    for layer in layers:
        for cat, replace, line in layer.categories:
            old = merged.get(cat.name)
            if old is None or replace:
                if not cat.vi or not cat.en:
                    raise ProfileError(
                        f"Category {cat.name!r} needs 'vi' and 'en'",
                        f"Nhóm nội dung {cat.name!r} cần có 'vi' và 'en'",
                        file=layer.file,
                        line=line,
                    )
                merged[cat.name] = cat
            else:  # an agency adds keywords to an inherited category
                merged[cat.name] = attrs.evolve(
                    old,
                    vi=cat.vi or old.vi,
                    en=cat.en or old.en,
                    keywords=old.keywords + cat.keywords,
                    patterns=old.patterns + cat.patterns,
                    types=old.types + cat.types,
                    requires=old.requires + cat.requires,
                )
    for layer in layers:
        for cat, _, line in layer.categories:
            for dep in cat.requires:
                if dep not in merged:
                    raise ProfileError(
                        f"Category {cat.name!r} requires unknown category {dep!r}",
                        f"Nhóm nội dung {cat.name!r} phụ thuộc nhóm không tồn tại {dep!r}",
                        file=layer.file,
                        line=layer.locator.table(f"categories.{cat.name}", "requires") or line,
                    )
    try:
        Classifier(merged.values())
    except ProfileError as exc:
        raise ProfileError(exc.en, exc.vi, file=layers[-1].file, line=1) from None
    return merged


def _check_set_refs(s: SetDef, categories: Mapping[str, CategoryDef], layer: Layer) -> None:
    for c in s.categories:
        if c not in categories:
            raise ProfileError(
                f"Set {s.name!r} names unknown category {c!r}",
                f"Danh mục {s.name!r} dùng nhóm nội dung không tồn tại {c!r}",
                file=layer.file,
                line=layer.locator.table(f"sets.{s.name}", "categories"),
                known=sorted(categories),
            )


def _merge_rules(
    layers: Sequence[Layer], categories: Mapping[str, CategoryDef], sets: Mapping[str, SetDef]
) -> tuple[Rule, ...]:
    rules: dict[str, Rule] = {}
    for layer in layers:
        for rid in layer.disable:
            if rid not in rules:
                raise ProfileError(
                    f"'disable' names rule {rid!r}, which no earlier layer defines",
                    f"'disable' nêu quy tắc {rid!r} không có trong các hồ sơ được kế thừa",
                    file=layer.file,
                    line=layer.disable_line,
                )
            del rules[rid]
        for index, rule in enumerate(layer.rules):
            if rule.id in rules:
                first = rules[rule.id]
                raise ProfileError(
                    f"Rule id {rule.id!r} is already defined at {first.location}; "
                    "disable the inherited rule first ([profile] disable = [...])",
                    f"Mã quy tắc {rule.id!r} đã có tại {first.location}; hãy tắt quy tắc "
                    "kế thừa trước ([profile] disable = [...])",
                    file=layer.file,
                    line=rule.line,
                )
            conditions = []
            for block, cond in enumerate(rule.conditions):
                for cat in (cond.categories or frozenset()) | cond.except_categories:
                    if cat not in categories:
                        raise ProfileError(
                            f"Rule {rule.id!r} names unknown category {cat!r}",
                            f"Quy tắc {rule.id!r} dùng nhóm nội dung không tồn tại {cat!r}",
                            file=layer.file,
                            line=layer.locator.rule_when(index, block, "categories")
                            if cond.categories and cat in cond.categories
                            else layer.locator.rule_when(index, block, "except_categories"),
                            known=sorted(categories),
                        )
                if cond.in_set is not None:
                    if cond.in_set not in sets:
                        raise ProfileError(
                            f"Rule {rule.id!r} names unknown set {cond.in_set!r}",
                            f"Quy tắc {rule.id!r} dùng danh mục không tồn tại {cond.in_set!r}",
                            file=layer.file,
                            line=layer.locator.rule_when(index, block, "in_set"),
                            known=sorted(sets),
                        )
                    conditions.extend(_expand_set(rule, cond, sets[cond.in_set], layer, index))
                else:
                    conditions.append(cond)
            rules[rule.id] = attrs.evolve(rule, conditions=tuple(conditions))
    return tuple(rules.values())


def _expand_set(
    rule: Rule, cond: Condition, s: SetDef, layer: Layer, index: int
) -> list[Condition]:
    """``in_set`` = "the type is on the list, or a listed category applies" (two blocks)."""
    out: list[Condition] = []
    if s.types is None:
        return [attrs.evolve(cond, in_set=None)]
    if s.types:
        types = s.types if cond.types is None else cond.types & s.types
        out.append(attrs.evolve(cond, types=frozenset(types), in_set=None))
    if s.categories:
        if cond.categories is not None:
            raise ProfileError(
                f"Rule {rule.id!r}: 'in_set' with a set of categories cannot be combined with "
                "'categories' in the same block",
                f"Quy tắc {rule.id!r}: không dùng đồng thời 'in_set' (có nhóm nội dung) và "
                "'categories' trong cùng một điều kiện",
                file=layer.file,
                line=layer.locator.rule(index, "when"),
            )
        out.append(attrs.evolve(cond, categories=s.categories, in_set=None))
    return out


# -- loading ----------------------------------------------------------------------------------


def shipped_profiles() -> tuple[str, ...]:
    """Names of the profiles shipped with the package."""
    folder = resources.files("vndocsign.policy") / "profiles"
    return tuple(
        sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))
    )


def _shipped_text(name: str) -> tuple[str, str] | None:
    resource = resources.files("vndocsign.policy") / "profiles" / f"{name}.toml"
    if not resource.is_file():
        return None
    return resource.read_text(encoding="utf-8"), f"profiles/{name}.toml"


def load_profile(
    spec: str | os.PathLike[str],
    *,
    search_path: Iterable[str | os.PathLike[str]] = (),
) -> Profile:
    """Load a profile by shipped name (``"thanh-hoa"``) or by path, with what it extends.

    ``search_path`` lists folders where ``extends = ["my-agency"]`` names are looked up (as
    ``my-agency.toml``) before the shipped profiles. Shipped profiles are cached.
    """
    paths = tuple(str(p) for p in search_path)
    if isinstance(spec, str) and not paths and _looks_like_name(spec):
        return _load_shipped_cached(spec)
    return Profile.from_layers(_dedup(_resolve(spec, paths, base=None, seen=())))


def compose(*profiles: Profile | str | os.PathLike[str], name: str | None = None) -> Profile:
    """Stack profiles: later ones on top (national + province + an agency's additions).

    Layers shared by several (``vn-national`` under each province) are used once. The result
    is validated again as a whole — two provinces' rules that contradict each other at equal
    precedence are refused.
    """
    layers: list[Layer] = []
    for p in profiles:
        loaded = p if isinstance(p, Profile) else load_profile(p)
        layers.extend(loaded.layer_data)
    label = name or "+".join(
        (p.name if isinstance(p, Profile) else Path(str(p)).stem) for p in profiles
    )
    return Profile.from_layers(_dedup(layers), name=label)


@functools.lru_cache(maxsize=32)
def _load_shipped_cached(name: str) -> Profile:
    return Profile.from_layers(_dedup(_resolve(name, (), base=None, seen=())))


def _looks_like_name(spec: str) -> bool:
    return not spec.endswith(".toml") and "/" not in spec and os.sep not in spec


def _dedup(layers: Sequence[Layer]) -> list[Layer]:
    out: list[Layer] = []
    seen: set[str] = set()
    for layer in layers:
        if layer.file in seen:
            continue
        seen.add(layer.file)
        out.append(layer)
    return out


def _resolve(
    spec: str | os.PathLike[str], search: tuple[str, ...], base: Path | None, seen: tuple[str, ...]
) -> list[Layer]:
    text, file = _find(spec, search, base)
    if file in seen:
        raise ProfileError(
            f"Profiles extend each other in a cycle: {' -> '.join((*seen, file))}",
            f"Các hồ sơ kế thừa vòng tròn: {' -> '.join((*seen, file))}",
            file=file,
            line=1,
        )
    layer = parse_profile_text(text, file)
    here = Path(file).parent if not file.startswith("profiles/") else None
    layers: list[Layer] = []
    for parent in layer.extends:
        layers.extend(_resolve(parent, search, here, (*seen, file)))
    layers.append(layer)
    return layers


def _find(
    spec: str | os.PathLike[str], search: tuple[str, ...], base: Path | None
) -> tuple[str, str]:
    text_spec = str(spec)
    candidates: list[Path] = []
    if not _looks_like_name(text_spec) or isinstance(spec, os.PathLike):
        path = Path(text_spec)
        if not path.is_absolute() and base is not None:
            candidates.append(base / path)
        candidates.append(path)
    else:
        candidates.extend(Path(folder) / f"{text_spec}.toml" for folder in search)
        if base is not None:
            candidates.append(base / f"{text_spec}.toml")
    for candidate in candidates:
        if candidate.is_file():
            try:
                return candidate.read_text(encoding="utf-8"), str(candidate)
            except (OSError, UnicodeDecodeError) as exc:
                raise ProfileError(
                    f"Cannot read profile {candidate}: {exc}",
                    f"Không đọc được hồ sơ quy tắc {candidate}: {exc}",
                    file=str(candidate),
                ) from None
    if _looks_like_name(text_spec):
        shipped = _shipped_text(text_spec)
        if shipped is not None:
            return shipped
    raise ProfileNotFoundError(
        f"Unknown profile {text_spec!r}; shipped profiles: {', '.join(shipped_profiles())}",
        f"Không có hồ sơ quy tắc {text_spec!r}; các hồ sơ có sẵn: {', '.join(shipped_profiles())}",
        profile=text_spec,
        shipped=list(shipped_profiles()),
    )
