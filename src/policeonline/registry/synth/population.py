"""The synthetic population: Jinan households of one to five people around a head, plus people
registered in other provinces (no household), each with what the other registries hold."""

import random
from collections.abc import Iterator
from datetime import date, timedelta
from functools import partial
from itertools import accumulate

from . import names, places
from .dates import FIRST_BIRTH, LAST_BIRTH, TODAY, day_in_year, plus_years
from .idnumbers import IdAllocator
from .justice import JusticeSynth
from .motor import MotorSynth
from .records import HouseholdRecord, PersonRecord
from .regions import jinan_code, other_codes

ELSEWHERE_SHARE = 0.25  # of draws; one person each, so about 12 % of persons
SIZES, SIZE_WEIGHTS = (1, 2, 3, 4, 5), (18, 45, 75, 91, 100)  # cumulative
ETHNICITIES, ETHNICITY_WEIGHTS = ("01", "03", "11", "02", "10", "08"), (975, 991, 995, 997, 999, 1000)
HOUSEHOLD_SERIALS = 900_000  # serials from here up are the demo's
Unit = tuple[HouseholdRecord | None, list[PersonRecord]]


def _cohorts(first: int, last: int, weight) -> tuple[tuple[int, ...], tuple[float, ...]]:
    years = tuple(range(first, last + 1))
    return years, tuple(accumulate(weight(y) for y in years))


def _head_weight(year: int) -> float:  # the large 1960s–70s and late-80s cohorts
    if year < 1950:
        return 0.4
    if year < 1962:
        return 0.9
    if year < 1985:
        return 1.3
    return 1.6 if year < 1996 else 0.7


HEAD_YEARS = _cohorts(1935, 2002, _head_weight)
PARENT_HEAD_YEARS = _cohorts(1972, 1998, lambda y: 1.0)  # heads of households with children
ELSEWHERE_YEARS = _cohorts(1955, 2020, lambda y: 1.0 if 1970 <= y <= 2002 else 0.25)


class Synthesizer:
    """Draws units (a household and its members, or one person registered elsewhere) in a
    fixed order from ``random.Random(seed)``, so a seed always gives the same registry."""

    def __init__(self, seed: int, reserved_ids=frozenset(), reserved_plates=frozenset()):
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data must be reproducible
        self.ids = IdAllocator(reserved_ids)
        self.motor = MotorSynth(self.rng, reserved_plates)
        self.justice = JusticeSynth(self.rng)
        self.household_serials = dict.fromkeys(places.DISTRICTS, 0)

    def units(self, persons: int) -> Iterator[Unit]:
        left = persons
        while left > 0:
            if self.rng.random() < ELSEWHERE_SHARE:
                unit = None, [self._elsewhere()]
            else:
                size = self.rng.choices(SIZES, cum_weights=SIZE_WEIGHTS)[0]
                unit = self._household(min(size, left))
            for person in unit[1]:
                self._extras(person, unit[0].district if unit[0] else None)
            left -= len(unit[1])
            yield unit

    # -- people ------------------------------------------------------------------------
    def _person(self, region, born: date, male: bool, family_name: str, relation: str,
                ethnicity: str = "01") -> PersonRecord:
        step = timedelta(days=1 if born.year < 2000 else -1)
        while (number := self.ids.allocate(region(born.year), born, male)) is None:
            born += step  # that day's numbers are used up: take a neighbouring day
        return PersonRecord(number, family_name + names.given_name(self.rng, male), male, born,
                            relation, ethnicity)

    def _year(self, cohorts) -> int:
        return self.rng.choices(cohorts[0], cum_weights=cohorts[1])[0]

    def _born_near(self, year: int, low: int, high: int) -> date | None:
        year += self.rng.randint(low, high)
        if not FIRST_BIRTH.year <= year <= LAST_BIRTH.year:
            return None
        return day_in_year(self.rng, year)

    def _elsewhere(self) -> PersonRecord:
        rng = self.rng
        born = day_in_year(rng, self._year(ELSEWHERE_YEARS))
        codes = other_codes(born.year)
        return self._person(lambda _: rng.choice(codes), born, rng.random() < 0.55,
                            names.surname(rng), "", self._ethnicity())

    def _ethnicity(self) -> str:
        return self.rng.choices(ETHNICITIES, cum_weights=ETHNICITY_WEIGHTS)[0]

    # -- households --------------------------------------------------------------------
    def _household(self, size: int) -> Unit:
        rng = self.rng
        district = places.pick_district(rng)
        serial = self.household_serials[district] = self.household_serials[district] + 1
        if serial >= HOUSEHOLD_SERIALS:
            raise OverflowError(f"too many households in {district}")
        collective = rng.random() < 0.03
        region = partial(jinan_code, district)  # birth year → ID region code
        members = (self._collective(region, size) if collective else self._family(region, size))
        earliest = max(date(1958, 1, 1), members[0].born + timedelta(days=18 * 365))
        household = HouseholdRecord(
            f"{district}{serial:06d}", district, places.address(rng, district, collective),
            "collective" if collective else "family",
            earliest + timedelta(days=rng.randrange(max(1, (TODAY - earliest).days))))
        return household, members

    def _collective(self, region, size: int) -> list[PersonRecord]:
        rng = self.rng
        return [self._person(region, day_in_year(rng, rng.randint(1960, 2004)), rng.random() < 0.5,
                             names.surname(rng), "head" if i == 0 else "member", self._ethnicity())
                for i in range(size)]

    def _family(self, region, size: int) -> list[PersonRecord]:
        rng = self.rng
        male = rng.random() < 0.72
        family_name, ethnicity = names.surname(rng), self._ethnicity()
        cohorts = PARENT_HEAD_YEARS if size >= 3 else HEAD_YEARS
        head = self._person(region, day_in_year(rng, self._year(cohorts)), male, family_name,
                            "head", ethnicity)
        members, children, parents = [head], [], 0
        fathers_name, mothers_year = family_name, head.born.year
        if size == 2 and rng.random() < 0.35:
            pass  # a parent with a child (the other parent registered elsewhere)
        elif size >= 2:
            born = self._born_near(head.born.year, -5, 5) or head.born
            spouse_name = names.surname(rng)
            spouse = self._person(region, min(born, date(2002, 12, 31)), not male, spouse_name,
                                  "spouse", self._ethnicity())
            members.append(spouse)
            if male:
                mothers_year = spouse.born.year
            else:
                fathers_name = spouse_name  # children take the father's family name
        while len(members) < size:
            child_born = self._born_near(mothers_year, 22, 38) if len(children) < 3 else None
            if child_born:
                child = self._person(region, child_born, rng.random() < 0.52, fathers_name, "child",
                                     ethnicity)
                children.append(child)
                members.append(child)
                continue
            parent_born = self._born_near(head.born.year, -35, -22) if parents < 2 else None
            if parent_born:
                parents += 1
                father = parents == 1
                members.append(self._person(region, parent_born, father,
                                            family_name if father else names.surname(rng),
                                            "parent", ethnicity))
                continue
            elders = [c for c in children if c.born.year <= LAST_BIRTH.year - 22]
            grandchild_born = self._born_near(elders[0].born.year, 22, 35) if elders else None
            if not grandchild_born:
                break  # nobody else fits this family
            members.append(self._person(region, grandchild_born, rng.random() < 0.52,
                                        fathers_name if elders[0].male else names.surname(rng),
                                        "grandchild", ethnicity))
        return members

    # -- status and the other registries -----------------------------------------------
    def _extras(self, person: PersonRecord, district: str | None):
        rng = self.rng
        year = person.born.year
        roll = rng.random()
        death = 0.25 if year < 1940 else 0.08 if year < 1950 else 0.03 if year < 1960 else 0.003
        if roll < death:
            person.status = "deceased"
        elif roll < death + 0.003:
            person.status = "emigrated"
        elif roll < death + 0.004:
            person.status = "cancelled"
        adult_since = plus_years(person.born, 18)
        age = TODAY.year - year
        person.photo_on_file = rng.random() < (0.97 if age >= 16 else 0.5)
        if person.status != "active" or adult_since > TODAY:
            return
        if age <= 85 and rng.random() < 0.75:
            person.phone = self._phone()
        self.motor.add(person, adult_since)
        if rng.random() < 0.012:
            person.convictions.append(self.justice.conviction(district, adult_since))
            if rng.random() < 0.1:
                person.convictions.append(self.justice.conviction(district, adult_since))
        if age <= 70 and rng.random() < 0.0012:
            person.wanted = self.justice.wanted(district, adult_since)

    def _phone(self) -> str:
        rng = self.rng
        # No 138 prefix: 13800000001 and 13800000002 are the demo's.
        prefix = rng.choice(("130", "131", "132", "135", "136", "137", "139", "150", "151", "152",
                             "155", "156", "157", "158", "159", "166", "176", "177", "178", "182",
                             "183", "185", "186", "187", "188", "189", "191", "198", "199"))
        return f"{prefix}{rng.randrange(10 ** 8):08d}"
