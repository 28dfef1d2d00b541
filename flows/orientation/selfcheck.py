"""The warning-signs self-check: a few yes / sometimes / no questions (content/selfcheck.yaml) giving
a level and a next step. Orientation, not a diagnosis. Her answers live only in the conversation
state while she answers and are dropped once the result is shown."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from flows.app import Flow, register
from flows.core import Button, Event, Outcome, Press, Reply, State, Text
from flows.observatorio import ports as stats
from flows.orientation import minors
from flows.orientation.ui import footer
from flows.places import fold
from flows.ports import Ctx
from flows.texts import content_dir, t

NAME = "selfcheck"
POINTS = {"yes": 2, "sometimes": 1, "no": 0}
TYPED = {"si": "yes", "s": "yes", "sii": "yes", "a veces": "sometimes", "aveces": "sometimes", "no": "no", "n": "no"}


@dataclass(frozen=True)
class Question:
    id: str
    weight: int
    at_least: str | None = None


@dataclass(frozen=True)
class Level:
    id: str
    up_to: int | None = None


@lru_cache(maxsize=2)
def _load(directory) -> tuple[tuple[Question, ...], tuple[Level, ...]]:
    raw = yaml.safe_load((directory / "selfcheck.yaml").read_text(encoding="utf-8"))
    levels = tuple(Level(**level) for level in raw["levels"])
    questions = tuple(Question(**q) for q in raw["questions"])
    ids = [level.id for level in levels]
    for q in questions:
        if q.at_least is not None and q.at_least not in ids:
            raise ValueError(f"selfcheck.yaml: question {q.id} points to unknown level {q.at_least}")
    return questions, levels


def questions() -> tuple[Question, ...]:
    return _load(content_dir())[0]


def levels() -> tuple[Level, ...]:
    return _load(content_dir())[1]


def level_of(answers: list[str]) -> Level:
    qs, ls = questions(), levels()
    score = sum(q.weight * POINTS[a] for q, a in zip(qs, answers))
    index = next((i for i, level in enumerate(ls) if level.up_to is not None and score <= level.up_to), len(ls) - 1)
    ids = [level.id for level in ls]
    for q, a in zip(qs, answers):
        if q.at_least and a != "no":
            index = max(index, ids.index(q.at_least))
    return ls[index]


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
    text = f"{t('selfcheck-progress', number=number + 1, count=len(questions()))}\n{t(f'selfcheck-q-{questions()[number].id}')}"
    if number == 0 and not state.data.get("age_asked"):
        text = f"{t('selfcheck-intro', count=len(questions()))}\n\n{text}"
    row = [Button(t(f"selfcheck-{label}"), "sc", f"{number}-{answer}") for answer, label in (("yes", "yes"), ("sometimes", "sometimes"), ("no", "no"))]
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
            if number != str(len(answers)) or answer not in POINTS:
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
    minor = bool(state.data.get("minor"))
    await ctx.ports.stats.count(stats.SELFCHECK, ctx.person.district, ctx.now, dim=level_of(answers).id)
    return _result(State(NAME, "result", {"level": level_of(answers).id, "minor": minor}))


def _result(state: State) -> Outcome:
    level, minor = state.data.get("level", "low"), bool(state.data.get("minor"))
    parts = [t(f"selfcheck-level-{level}")]
    if minor and level != "low":
        if level == "urgent":
            parts.append(t("selfcheck-next-urgent"))
        parts.append(t("minors-next"))
    else:
        parts.append(t(f"selfcheck-next-{level}"))
    parts.append(t("selfcheck-disclaimer"))
    rows: list[list[Button]] = []
    if minor:
        rows.append([Button(t("button-women-minors"), "nav", "women-minors")])
    elif level == "low":
        rows.append([Button(t("button-women-violence"), "nav", "women-violence")])
    else:
        rows.append([Button(t("button-women-help"), "nav", "women-help")])
    rows.append([Button(t("button-go-services"), "go", "services")])
    rows.append([Button(t("selfcheck-again"), "go", NAME)])
    return Outcome(state).reply("\n\n".join(parts), *rows, *footer())


register(Flow(NAME, start=start, show=show, on_event=on_event))
