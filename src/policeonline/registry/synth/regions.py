"""Region codes (the first six digits) for synthetic ID numbers.

python-stdnum, and so ``core.validators.validate_id_number``, accepts a region code only if it
existed in the holder's birth year (GB/T 2260 history): 370102 历下区 dates from 1983, so a
resident born in 1970 carries Jinan's older code 370120 (市区). Each current district therefore
maps to its codes over time, newest first, and the first one valid in the birth year is used.
"""

from functools import cache

from stdnum import numdb

_LAIWU_BEFORE_1992 = ("370981", "379004", "370919", "372602", "372622")
JINAN_CODE_HISTORY = {
    "370102": ("370102", "370120"),
    "370103": ("370103", "370120"),
    "370104": ("370104", "370120"),
    "370105": ("370105", "370120"),
    "370112": ("370112", "370121"),
    "370113": ("370113", "370123"),
    "370114": ("370114", "370181", "370122"),
    "370115": ("370115", "370125", "372430"),
    "370116": ("370116", "371202", *_LAIWU_BEFORE_1992),
    "370117": ("370117", "371203", *_LAIWU_BEFORE_1992),
    "370124": ("370124", "372627"),
    "370126": ("370126", "372429"),
}

# Other provinces, for people registered elsewhere (Beijing, Tianjin and Shanghai codes are
# valid in every year; the "-20" codes are cities' pre-1983 urban codes).
OTHER_PROVINCE_CODES = (
    "110101", "110105", "110108", "120101", "120103", "310101", "310104",
    "130102", "130104", "130602", "130403", "140105", "150102", "210102", "220102", "230102",
    "320102", "320106", "320311", "340102", "340321", "350102", "360102", "410102", "410105",
    "410305", "411302", "420106", "430102", "440106", "440304", "500103", "510107", "610113",
    "620102", "140120", "210120", "320120", "340120", "410120", "420120",
)

ALL_CODES = tuple(sorted({c for codes in JINAN_CODE_HISTORY.values() for c in codes}
                         | set(OTHER_PROVINCE_CODES)))
CODE_INDEX = {code: i for i, code in enumerate(ALL_CODES)}


@cache
def _spans(code: str) -> tuple[tuple[int, int], ...]:
    """The years a code was assigned, read from stdnum's own table the way ric.validate does
    (asking ric.validate year by year cost a second per process)."""
    info = {k: v for _, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    spans = []
    for county in filter(None, info.get("county", "").split(",")):
        if county.startswith("["):
            start, end = county[1:].split("]")[0].split("-")
            spans.append((int(start or 0), int(end or 9999)))
        else:
            spans.append((0, 9999))
    return tuple(spans)


def valid_in(code: str, year: int) -> bool:
    return any(start <= year <= end for start, end in _spans(code))


@cache
def jinan_code(district: str, year: int) -> str:
    """The ID region code of someone born in ``year`` and registered in ``district``."""
    for code in JINAN_CODE_HISTORY[district]:
        if valid_in(code, year):
            return code
    raise LookupError(f"no region code for {district} in {year}")


@cache
def other_codes(year: int) -> tuple[str, ...]:
    """Other provinces' codes valid in ``year`` (never empty: Beijing's always are)."""
    return tuple(code for code in OTHER_PROVINCE_CODES if valid_in(code, year))
