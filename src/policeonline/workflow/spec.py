"""The template format (docs/workflows.md), validated when the templates are loaded.

A template that could strand a case — an unreachable state, an open state nobody can act on,
a transition to nowhere — is refused at load time, not discovered on a citizen's case.
"""

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from django.utils.translation import get_language
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

DATA_DIR = Path(__file__).parent / "data"
OFFICER_ROLES = ("clerk", "approver", "supervisor")
EFFECTS = ("issue_document", "request_payment")
REQUIREMENTS = ("reason", "note", "department", "guarantee", "fee", "post", "collect", "tracking")
PREVIOUS, SAME = "$previous", "$same"  # back to the state before a pause; stay (transfer)

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{1,30}$")]


class WorkflowError(Exception):
    """A template file is invalid; the message names the template and the problem."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(Strict):
    zh: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    en: Annotated[str, StringConstraints(min_length=1, max_length=300)]

    def __str__(self):
        return self.en if (get_language() or "zh-hans").startswith("en") else self.zh


class State(Strict):
    label: Label
    clock: Literal["running", "paused"] = "running"
    time_limit_days: int | None = Field(default=None, ge=1, le=60)  # this step's own limit
    waiting_for: Literal["officer", "applicant"] = "officer"
    outcome: Literal["granted", "refused", "rejected", "withdrawn"] | None = None

    @property
    def final(self) -> bool:
        return self.outcome is not None


class Transition(Strict):
    name: Name
    label: Label
    to: str
    from_: list[Name] = Field(alias="from", min_length=1)
    actor: Literal["officer", "applicant"] = "officer"
    roles: list[Literal[OFFICER_ROLES]] = []  # type: ignore[valid-type]
    requires: list[Literal[REQUIREMENTS]] = []  # type: ignore[valid-type]
    effects: list[Literal[EFFECTS]] = []  # type: ignore[valid-type]
    starts_clock: bool = False
    releases_claim: bool = False

    @model_validator(mode="after")
    def roles_match_actor(self):
        if (self.actor == "officer") != bool(self.roles):
            raise ValueError(f"{self.name}: officer transitions name roles, applicant ones do not")
        return self


class Template(Strict):
    code: Name
    name: Label
    summary: Label
    initial: Name
    states: dict[Name, State]
    transitions: list[Transition] = Field(min_length=1)

    @model_validator(mode="after")
    def coherent(self):
        names = [t.name for t in self.transitions]
        if len(set(names)) != len(names):
            raise ValueError("a transition name is used twice")
        if self.initial not in self.states or self.states[self.initial].final:
            raise ValueError(f"initial state {self.initial!r} is not an open state")
        for t in self.transitions:
            for source in t.from_:
                if source not in self.states or self.states[source].final:
                    raise ValueError(f"{t.name}: from {source!r} is not an open state")
            if t.to == PREVIOUS and any(self.states[s].clock != "paused" for s in t.from_):
                raise ValueError(f"{t.name}: only a paused state can return to $previous")
            if t.to not in (PREVIOUS, SAME) and t.to not in self.states:
                raise ValueError(f"{t.name}: to {t.to!r} is not a state")
        for state_name, state in self.states.items():
            if state.final:
                continue
            actors = {t.actor for t in self.transitions if state_name in t.from_}
            if state.waiting_for not in actors:
                raise ValueError(f"state {state_name!r} waits for the {state.waiting_for} but "
                                 f"no {state.waiting_for} transition leaves it")
        unreachable = set(self.states) - self._reachable()
        if unreachable:
            raise ValueError(f"unreachable states: {sorted(unreachable)}")
        return self

    def _reachable(self) -> set[str]:
        seen, todo = {self.initial}, [self.initial]
        while todo:
            current = todo.pop()
            for t in self.transitions:
                if current in t.from_:
                    targets = set(t.from_) if t.to == PREVIOUS else {current} if t.to == SAME else {t.to}
                    # $previous returns to whichever open state paused; all are reachable already.
                    for target in targets - seen:
                        seen.add(target)
                        todo.append(target)
        return seen

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def leaving(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.from_]

    def label_of(self, state: str) -> str:
        return str(self.states[state].label) if state in self.states else state


class Reason(Strict):
    code: Name
    for_: list[Name] = Field(alias="for", min_length=1)
    text: Label
    basis: Label


def _load_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise WorkflowError(f"{path.name}: not valid YAML: {exc}") from None


@cache
def templates() -> dict[str, Template]:
    found = {}
    for path in sorted(DATA_DIR.glob("*.yaml")):
        if path.name == "reasons.yaml":
            continue
        try:
            spec = Template.model_validate(_load_yaml(path))
        except ValidationError as exc:
            raise WorkflowError(f"workflow {path.name}: {exc}") from None
        if spec.code != path.stem:
            raise WorkflowError(f"workflow {path.name}: code {spec.code!r} must match the file name")
        found[spec.code] = spec
    return found


def template(code: str) -> Template:
    try:
        return templates()[code]
    except KeyError:
        raise WorkflowError(f"no workflow template {code!r}; known: {sorted(templates())}") from None


@cache
def _reasons() -> dict[str, Reason]:
    try:
        return {r.code: r for r in (Reason.model_validate(x)
                                    for x in _load_yaml(DATA_DIR / "reasons.yaml"))}
    except ValidationError as exc:
        raise WorkflowError(f"reasons.yaml: {exc}") from None


def reason(code: str) -> Reason | None:
    return _reasons().get(code)


def reasons_for(transition: str) -> list[Reason]:
    return [r for r in _reasons().values() if transition in r.for_]
