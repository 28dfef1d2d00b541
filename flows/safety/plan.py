"""Mi plan de seguridad: built step by step from her situation (content/safety.yaml), shown as a
short summary she can reopen. Her choices live in the conversation state while she builds it; they
are stored only if she chooses, encrypted (storage/safety.py), and /borrar erases them. The plan
is never sent to her unprompted: only when she asks (this flow, /miplan)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pydantic import Field

from flows import app
from flows.contentfiles import Model, Source, read_yaml, unknown
from flows.core import Button, Command, Event, Outcome, Press, Reply, State
from flows.orientation.ui import footer
from flows.ports import Ctx
from flows.texts import content_dir, t

NAME = "safety_plan"


@dataclass(frozen=True)
class Step:
    id: str
    choices: tuple[str, ...]
    sources: tuple[str, ...]


class _Step(Model):
    id: str
    choices: tuple[str, ...] = Field(min_length=1)
    sources: tuple[str, ...]


class _File(Model):
    sources: dict[str, Source]
    plan: tuple[_Step, ...] = Field(min_length=1)
    screens: dict[str, tuple[str, ...]] = {}


@lru_cache(maxsize=2)
def _load(directory) -> tuple[tuple[Step, ...], dict]:
    raw, doc = read_yaml(directory / "safety.yaml", _File)
    problems = []
    for loc, named in [*((("plan", i, "sources"), s.sources) for i, s in enumerate(raw.plan)),
                       *((("screens", name), named) for name, named in raw.screens.items())]:
        if missing := unknown(named, raw.sources):
            problems.append((loc, f"fuentes que no están en «sources»: {', '.join(missing)}"))
    for i, step in enumerate(raw.plan):
        if unnamed := [s for s in step.sources if s in raw.sources and not raw.sources[s].short]:
            problems.append((("plan", i, "sources"), f"a estas fuentes les falta «short» (lo que ella lee): {', '.join(unnamed)}"))
    doc.fail(problems)
    steps = tuple(Step(s.id, s.choices, s.sources) for s in raw.plan)
    return steps, {name: source.model_dump() for name, source in raw.sources.items()}


def steps() -> tuple[Step, ...]:
    return _load(content_dir())[0]


def sources() -> dict:
    return _load(content_dir())[1]


def texts_needed() -> list[str]:
    ids = []
    for step in steps():
        ids.append(f"plan-q-{step.id}")
        for choice in step.choices:
            ids += [f"plan-choice-{step.id}-{choice}", f"plan-advice-{step.id}-{choice}", f"plan-sum-{step.id}-{choice}"]
    return ids


def summary(answers: dict[str, str]) -> str:
    """The short summary: one line a step, in the order of the steps."""
    lines = [t(f"plan-sum-{s.id}-{answers[s.id]}") for s in steps() if answers.get(s.id) in s.choices]
    return "\n".join([t("plan-summary-title"), *lines])


def _based_on(step: Step) -> str:
    names = dict.fromkeys(sources()[s]["short"] for s in step.sources)  # in order, once each
    return t("plan-based-on", names=", ".join(names))


# ---------------------------------------------------------------------------------------------


async def start(state: State, ctx: Ctx) -> Outcome:
    data = state.data
    urgent = {"urgent": True} if data.get("urgent") else {}
    if data.get("save") and isinstance(data.get("answers"), dict):  # back from the consent question
        return await _save(State(NAME, "summary", {"answers": data["answers"], **urgent}), ctx)
    saved = await _saved(ctx)
    if saved is not None:
        return _show_saved(State(NAME, "saved", urgent), saved)
    return _question(State(NAME, "step", {"answers": {}, **urgent}), intro=True)


async def _saved(ctx: Ctx) -> dict | None:
    if not ctx.person.consented or ctx.person.user_id is None or ctx.ports.safety is None:
        return None
    return await ctx.ports.safety.plan(ctx.person.user_id)


def _show_saved(state: State, answers: dict) -> Outcome:
    return Outcome(state).reply(
        f"{summary(answers)}\n\n{t('plan-saved-note')}",
        [Button(t("plan-button-redo"), "plan_redo")],
        [Button(t("plan-button-delete"), "plan_delete")],
        *_urgent_rows(state),
        *footer(),
    )


def _urgent_rows(state: State) -> list[list[Button]]:
    """Right after an urgent self-check: a mentora now, and the request goes prioritaria."""
    if not state.data.get("urgent"):
        return []
    return [[Button(t("selfcheck-button-mentora-now"), "go", "accompany")]]


def _question(state: State, intro: bool = False, before: str = "") -> Outcome:
    answers = state.data.get("answers") or {}
    step = next(s for s in steps() if s.id not in answers)
    number = [s.id for s in steps()].index(step.id) + 1
    parts = [before] if before else []
    if intro:
        parts.append(t("plan-intro"))
    parts.append(f"{t('plan-progress', number=number, count=len(steps()))}\n{t(f'plan-q-{step.id}')}")
    buttons = [[Button(t(f"plan-choice-{step.id}-{c}"), "plan", f"{step.id}-{c}")] for c in step.choices]
    return Outcome(state).reply("\n\n".join(parts), *buttons, *footer())


def _summary_view(state: State) -> Outcome:
    answers = state.data["answers"]
    return Outcome(state).reply(
        f"{summary(answers)}\n\n{t('plan-ask-save')}",
        [Button(t("plan-button-save"), "plan_save", "yes")],
        [Button(t("plan-button-nosave"), "plan_save", "no")],
        *_urgent_rows(state),
        *footer(),
    )


async def show(state: State, ctx: Ctx) -> Outcome:
    if state.step == "step":
        return _question(state)
    if state.step == "summary":
        return _summary_view(state)
    if state.step == "done":
        return app.show_screen("women")
    return await start(State(data={"urgent": True} if state.data.get("urgent") else {}), ctx)


async def on_event(event: Event, state: State, ctx: Ctx) -> Outcome | None:
    if not isinstance(event, Press):
        return None
    answers = dict(state.data.get("answers") or {})
    match event.action, state.step:
        case "plan", "step":
            step_id, _, choice = event.arg.partition("-")
            step = next((s for s in steps() if s.id not in answers), None)
            if step is None or step.id != step_id or choice not in step.choices:
                return None  # an earlier step's button: app says it is no longer active
            answers[step.id] = choice
            advice = f"{t(f'plan-advice-{step.id}-{choice}')}\n{_based_on(step)}"
            if len(answers) < len(steps()):
                return _question(state.at("step", answers=answers), before=advice)
            outcome = _summary_view(state.at("summary", answers=answers))
            outcome.effects.insert(0, Reply(advice))
            return outcome
        case "plan_save", "summary":
            if event.arg != "yes":
                return _leave(state, t("plan-not-saved"))
            if not ctx.person.consented:
                carry = {"answers": answers, "save": True, **({"urgent": True} if state.data.get("urgent") else {})}
                return app.ask_consent(state, then=NAME, carry=carry)
            return await _save(state, ctx)
        case "plan_redo", "saved":
            return _question(State(NAME, "step", {"answers": {}, **_urgent(state)}), intro=True)
        case "plan_delete", "saved":
            if ctx.person.user_id is not None and ctx.ports.safety is not None:
                await ctx.ports.safety.drop_plan(ctx.person.user_id)
            return _leave(state, t("plan-deleted"))
    return None


def _urgent(state: State) -> dict:
    return {"urgent": True} if state.data.get("urgent") else {}


async def _save(state: State, ctx: Ctx) -> Outcome:
    await ctx.ports.safety.save_plan(ctx.person.user_id, state.data["answers"])
    # Stored now: the conversation state keeps nothing of it.
    return Outcome(State(NAME, "saved", _urgent(state))).reply(
        t("plan-saved"), *_urgent_rows(state), [Button(t("plan-button-open"), "go", NAME)], *footer()
    )


def _leave(state: State, text: str) -> Outcome:
    """Nothing of her plan stays anywhere; the way to a mentora stays if she came from urgent."""
    return Outcome(State(NAME, "done", _urgent(state))).reply(text, *_urgent_rows(state), *footer())


@app.command("miplan")
async def open_plan(cmd: Command, state: State, ctx: Ctx) -> Outcome:
    return await app.start_flow(NAME, state, ctx)


app.register(app.Flow(NAME, start=start, show=show, on_event=on_event, carry=("urgent",)))
