"""Synthetic vehicles and driving licences.

Plates and VINs are unique by construction: plates walk an affine permutation of the plate
space (index k → (a·k + b) mod N, a coprime to N), VINs take a serial per manufacturer.
"""

from datetime import date, timedelta
from math import gcd

from .. import plates, vin
from .dates import TODAY, between, plus_years
from .records import DriverRecord, PersonRecord, VehicleRecord

# (WMI, brand, models); manufacturer codes are plausible, the cars are invented.
CARS = (
    ("LSV", "大众", ("朗逸", "帕萨特", "途观L")), ("LFV", "大众", ("速腾", "迈腾", "宝来")),
    ("LVG", "丰田", ("凯美瑞", "汉兰达")), ("LFM", "丰田", ("卡罗拉", "RAV4荣放")),
    ("LHG", "本田", ("雅阁", "飞度")), ("LVH", "本田", ("思域", "CR-V")),
    ("LGB", "日产", ("轩逸", "奇骏")), ("LSG", "别克", ("英朗", "君威")),
    ("LBV", "宝马", ("3系", "5系")), ("LE4", "奔驰", ("C级", "E级")),
    ("LS5", "长安", ("CS75", "逸动")), ("LGW", "哈弗", ("H6", "大狗")),
    ("L6T", "吉利", ("帝豪", "博越")),
)
NEW_ENERGY = (
    ("LGX", "比亚迪", ("秦PLUS", "汉", "宋PLUS", "元PLUS")), ("LRW", "特斯拉", ("Model 3", "Model Y")),
    ("LZW", "五菱", ("宏光MINIEV",)), ("LNB", "北汽新能源", ("EU5",)),
)
TRUCKS = (("LZZ", "中国重汽", ("豪沃TX", "汕德卡C7H")), ("LFW", "解放", ("J6P",)))
LICENCE_CLASSES = ("C1", "C2", "B2", "A2", "A1", "B1", "D", "C1D")
LICENCE_WEIGHTS = (780, 860, 900, 930, 945, 960, 980, 1000)  # cumulative
FIRST_VEHICLE = date(2003, 1, 1)
FIRST_LICENCE = date(1990, 1, 1)
GENERATED_SERIALS = 100_000  # VIN serials below this and file numbers below 1,000 are the demo's


def _coprime_step(rng, space: int) -> int:
    step = rng.randrange(space // 3, space)
    while gcd(step, space) != 1:
        step += 1
    return step


class PlateDealer:
    def __init__(self, rng, reserved=frozenset()):
        self._reserved = reserved
        self._spaces = {
            "ordinary": [plates.ordinary_plate, plates.ORDINARY_SPACE, 0,
                         _coprime_step(rng, plates.ORDINARY_SPACE), rng.randrange(plates.ORDINARY_SPACE)],
            "new_energy": [plates.new_energy_small_plate, plates.NEW_ENERGY_SPACE, 0,
                           _coprime_step(rng, plates.NEW_ENERGY_SPACE),
                           rng.randrange(plates.NEW_ENERGY_SPACE)],
        }

    def next(self, kind: str) -> str:
        space = self._spaces[kind]
        make, size, _, step, offset = space
        while True:
            if space[2] >= size:
                raise OverflowError(f"the {kind} plate space is exhausted")
            plate = make((space[2] * step + offset) % size)
            space[2] += 1
            if plate not in self._reserved:
                return plate


class MotorSynth:
    def __init__(self, rng, reserved_plates=frozenset()):
        self.rng = rng
        self.plates = PlateDealer(rng, reserved_plates)
        self.vin_serials: dict[str, int] = {}
        self.next_file = 1_000 + rng.randrange(1_000_000)

    def add(self, person: PersonRecord, adult_since: date):
        """Maybe give an active adult a licence (~40 %) and vehicles (~25 % overall)."""
        rng = self.rng
        if rng.random() < 0.40:
            person.driver = self._driver(adult_since)
        if rng.random() < (0.55 if person.driver else 0.05):
            person.vehicles.append(self._vehicle(adult_since))
            if rng.random() < 0.08:
                person.vehicles.append(self._vehicle(adult_since))

    def _vehicle(self, adult_since: date) -> VehicleRecord:
        rng = self.rng
        registered = between(rng, max(FIRST_VEHICLE, adult_since), TODAY)
        year = registered.year
        roll = rng.random()
        if roll < (0.40 if year >= 2021 else 0.25 if year >= 2016 else 0.02):
            wmi, brand, models = rng.choice(NEW_ENERGY)
            plate_type, plate = "52", self.plates.next("new_energy")
        elif roll > 0.97:
            wmi, brand, models = rng.choice(TRUCKS)
            plate_type, plate = "01", self.plates.next("ordinary")
        else:
            wmi, brand, models = rng.choice(CARS)
            plate_type, plate = "02", self.plates.next("ordinary")
        serial = self.vin_serials.get(wmi, GENERATED_SERIALS)
        if serial > 999_999:
            raise OverflowError(f"VIN serials of {wmi} are exhausted")
        self.vin_serials[wmi] = serial + 1
        vds = "".join(rng.choices(vin.CHARSET[10:], k=3)) + "".join(rng.choices(vin.CHARSET, k=2))
        number = vin.with_check_digit(f"{wmi}{vds}0{vin.model_year_code(year)}"
                                      f"{rng.choice(vin.CHARSET[10:])}{serial:06d}")
        status_roll = rng.random()
        if (year < 2012 and status_roll < 0.15) or status_roll < 0.01:
            status = "scrapped"
        elif status_roll > 0.997:
            status = "stolen"
        elif status_roll > 0.92:
            status = "mortgaged"
        else:
            status = "normal"
        return VehicleRecord(plate, plate_type, number, brand, rng.choice(models), registered, status)

    def _driver(self, adult_since: date) -> DriverRecord:
        rng = self.rng
        first = between(rng, max(FIRST_LICENCE, adult_since), TODAY - timedelta(days=30))
        # Six years for a first licence, then ten, then indefinitely (empty).
        valid_until = plus_years(first, 6)
        if valid_until <= TODAY:
            valid_until = plus_years(valid_until, 10)
            if valid_until <= TODAY:
                valid_until = None
        roll = rng.random()
        points = 0 if roll < 0.78 else 12 if roll > 0.995 else rng.randint(1, 11)
        status_roll = rng.random()
        status = ("suspended" if points == 12 or status_roll < 0.003
                  else "revoked" if status_roll > 0.997 else "valid")
        classes = rng.choices(LICENCE_CLASSES, cum_weights=LICENCE_WEIGHTS)[0]
        file_number = f"3701{self.next_file:08d}"
        self.next_file += 1
        return DriverRecord(file_number, classes, first, valid_until, points, status)
