"""The self-check: questions drawn from the Danger Assessment's red flags and the violentómetro's
stages (content/selfcheck.yaml names both, with their sources), giving a level and concrete next
steps. Orientation, not a diagnosis. Her answers live only in the conversation state while she
answers and are dropped once the result is shown; only the level stays, so that asking for a
mentora from an urgent result marks the request prioritaria."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from typing import Literal

from pydantic import Field

from flows.app import Flow, register
from flows.contentfiles import Model, Source, read_yaml, unknown
from flows.core import Button, Event, Outcome, Press, Reply, State, Text
from flows.observatorio import ports as stats
from flows.orientation import minors
from flows.orientation.ui import footer
from flows.places import fold
from flows.ports import Ctx
from flows.texts import content_dir, t

NAME = "selfcheck"
ANSWERS = ("yes", "middle", "no")
TYPED = {
    "si": "yes", "s": "yes", "sii": "yes",
    "a veces": "middle", "aveces": "middle", "quizas": "middle", "quiza": "middle", "tal vez": "middle", "no se": "middle",
    "no": "no", "n": "no",
}


@dataclass(frozen=True)
class Question:
    id: str
    level: str
    sources: tuple[str, ...]
    middle: str = "sometimes"


@dataclass(frozen=True)
class Level:
    id: str
    band: str = ""
    priority: bool = False


@dataclass(frozen=True)
class Together:
    all: tuple[str, ...]
    level: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Check:
    questions: tuple[Question, ...]
    levels: tuple[Level, ...]
    together: tuple[Together, ...]
    sources: dict


class _Level(Model):
    id: str
    band: str = ""
    priority: bool = False


class _Question(Model):
    id: str
    level: str
    sources: tuple[str, ...]
    middle: Literal["sometimes", "unsure"] = "sometimes"


class _Together(Model):
    all: tuple[str, ...] = Field(min_length=2)
    level: str
    sources: tuple[str, ...]


class _File(Model):
    sources: dict[str, Source]
    levels: tuple[_Level, ...] = Field(min_length=1)
    questions: tuple[_Question, ...] = Field(min_length=1)
    together: tuple[_Together, ...] | None = None


@lru_cache(maxsize=2)
def _load(directory) -> Check:
    """Read and check the content once: a wrong id or a missing text stops the bot at start."""
    raw, doc = read_yaml(directory / "selfcheck.yaml", _File)
    levels = [level.id for level in raw.levels]
    problems = []
    for part, items in (("questions", raw.questions), ("together", raw.together or ())):
        for i, item in enumerate(items):
            if item.level not in levels:
                problems.append(((part, i, "level"), f"no existe el nivel «{item.level}»; los niveles son: {', '.join(levels)}"))
            if missing := unknown(item.sources, raw.sources):
                problems.append(((part, i, "sources"), f"fuentes que no están en «sources»: {', '.join(missing)}"))
    for i, rule in enumerate(raw.together or ()):
        if missing := unknown(rule.all, (q.id for q in raw.questions)):
            problems.append((("together", i, "all"), f"preguntas que no existen: {', '.join(missing)}"))
    doc.fail(problems)
    return Check(
        tuple(Question(q.id, q.level, q.sources, q.middle) for q in raw.questions),
        tuple(Level(level.id, level.band, level.priority) for level in raw.levels),
        tuple(Together(r.all, r.level, r.sources) for r in raw.together or ()),
        {name: source.model_dump() for name, source in raw.sources.items()},
    )


def check() -> Check:
    return _load(content_dir())


def questions() -> tuple[Question, ...]:
    return check().questions


def levels() -> tuple[Level, ...]:
    return check().levels


def texts_needed() -> list[str]:
    """Every text the self-check asks for, so a test (and the start) can see they all exist."""
    c = check()
    return [f"selfcheck-q-{q.id}" for q in c.questions] + [
        f"selfcheck-{part}-{level.id}" for level in c.levels for part in ("level", "next")
    ]


def level_of(answers: dict[str, str] | list[str]) -> Level:
    """The highest level any counted answer (not "no") reaches, alone or together with others."""
    c = check()
    if isinstance(answers, list):
        answers = {q.id: a for q, a in zip(c.questions, answers)}
    counted = {qid for qid, a in answers.items() if a != "no"}
    order = [level.id for level in c.levels]
    reached = [q.level for q in c.questions if q.id in counted]
    reached += [rule.level for rule in c.together if set(rule.all) <= counted]
    return c.levels[max((order.index(r) for r in reached), default=0)]


# ---------------------------------------------------------------------------------------------


async def start(state: State, ctx: Ctx) -> Outcome:
    minor = minors.known_minor(state, ctx)
    if minor is None:
        return await show(State(NAME, "age"), ctx)
    return await show(State(NAME, "question", {"answers": [], "minor": minor}), ctx)


async def show(state: State, ctx: Ctx) -> Outcome:
    outcome = Outcome(state)
    if state.step == "age":
        intro = t("selfcheck-intro", count=len(questions()))
        return outcome.reply(f"{intro}\n\n{t('age-ask')}", minors.age_buttons("sc-age"), *footer())
    if state.step == "result":
        return _result(state)
    answers = state.data.get("answers") or []
    number = len(answers)
    q = questions()[number]
    text = f"{t('selfcheck-progress', number=number + 1, count=len(questions()))}\n{t(f'selfcheck-q-{q.id}')}"
    if number == 0 and not state.data.get("age_asked"):
        text = f"{t('selfcheck-intro', count=len(questions()))}\n\n{text}"
    labels = {"yes": "selfcheck-yes", "middle": f"selfcheck-{q.middle}", "no": "selfcheck-no"}
    row = [Button(t(labels[answer]), "sc", f"{number}-{answer}") for answer in ANSWERS]
    return outcome.reply(text, row, *footer())


async def on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    if state.step == "age":
        minor = minors.age_answer(event, "sc-age")
        if minor is None:
            return None
        await minors.remember(ctx, minor)
        return await show(State(NAME, "question", {"answers": [], "minor": minor, "age_asked": True}), ctx)
    if state.step != "question":
        return None
    answers = list(state.data.get("answers") or [])
    match event:
        case Press(action="sc", arg=arg):
            number, _, answer = arg.partition("-")
            if number != str(len(answers)) or answer not in ANSWERS:
                return None  # a button of an earlier question: app says it is no longer active
        case Text(text=typed) if fold(typed) in TYPED:
            answer = TYPED[fold(typed)]
        case Text():
            shown = await show(state, ctx)
            shown.effects.insert(0, Reply(t("selfcheck-type-answer")))
            return shown
        case _:
            return None
    answers.append(answer)
    if len(answers) < len(questions()):
        return await show(state.at("question", answers=answers), ctx)
    level = level_of(answers)
    await ctx.ports.stats.count(stats.SELFCHECK, ctx.person.district, ctx.now, dim=level.id)
    # Her answers end here: the result state keeps the level only.
    data = {"level": level.id, "minor": bool(state.data.get("minor"))}
    if level.priority:
        data["urgent"] = True
    return _result(State(NAME, "result", data))


def _result(state: State) -> Outcome:
    ids = [level.id for level in levels()]
    level = state.data.get("level") if state.data.get("level") in ids else ids[0]
    minor = bool(state.data.get("minor"))
    parts = [t(f"selfcheck-level-{level}")]
    if minor and level != ids[0]:
        if state.data.get("urgent"):
            parts.append(t("selfcheck-next-urgent-minor"))
        parts.append(t("minors-next"))
    else:
        parts.append(t(f"selfcheck-next-{level}"))
    parts.append(t("selfcheck-disclaimer"))
    rows: list[list[Button]] = []
    if state.data.get("urgent"):
        rows.append([Button(t("button-do-emergency"), "do", "emergency")])
    if level != ids[0]:
        rows.append([Button(t("button-go-safety_plan"), "go", "safety_plan")])
    if minor:
        rows.append([Button(t("button-women-minors"), "nav", "women-minors")])
    elif level != ids[0]:
        label = "selfcheck-button-mentora-now" if state.data.get("urgent") else "button-go-accompany"
        rows.append([Button(t(label), "go", "accompany")])
    else:
        rows.append([Button(t("button-women-violence"), "nav", "women-violence")])
    rows.append([Button(t("button-go-services"), "go", "services")])
    rows.append([Button(t("selfcheck-again"), "go", NAME)])
    return Outcome(state).reply("\n\n".join(parts), *rows, *footer())


register(Flow(NAME, start=start, show=show, on_event=on_event))
