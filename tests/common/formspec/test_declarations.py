"""The loader refuses malformed form declarations, naming the file, the item and the problem."""

import shutil

import pytest
import yaml

from policeonline.catalog.loader import DATA_DIR, CatalogError, read_catalog


def _copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _problems(tmp_path, change, file="categories/SF.yaml"):
    data_dir = _copy(tmp_path)
    _edit(data_dir / file, change)
    with pytest.raises(CatalogError) as exc:
        read_catalog(data_dir)
    return exc.value.problems


def _field(item, **spec):
    item["form"].setdefault("fields", []).append(spec)


LABEL = {"zh": "标签", "en": "Label"}


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["items"][0].pop("form"),
     "categories/SF.yaml: item SF-001: form: Field required"),
    (lambda d: d["items"][1]["form"]["kits"].append("no_such_kit"),
     "categories/SF.yaml: item SF-002: form: unknown kit 'no_such_kit'"),
    (lambda d: d["items"][1]["form"]["kits"].append("applicant"),
     "categories/SF.yaml: item SF-002: form: kit 'applicant' is used twice"),
    (lambda d: _field(d["items"][2], name="x", type="colour", label=LABEL),
     "categories/SF.yaml: item SF-003: form.fields.3: Value error, unknown field type 'colour'"),
    (lambda d: _field(d["items"][2], name="x", type="text", label=LABEL, options=[]),
     "categories/SF.yaml: item SF-003: form.fields.3: Value error, a text field does not take options"),
    (lambda d: _field(d["items"][2], name="loss_date", type="text", label=LABEL),
     "categories/SF.yaml: item SF-003: form: field name 'loss_date' is used twice"),
    (lambda d: _field(d["items"][2], name="x", type="text", label=LABEL,
                      when={"field": "nowhere", "equals": "a"}),
     "categories/SF.yaml: item SF-003: form: field 'x': condition names 'nowhere'"),
    (lambda d: _field(d["items"][4], name="x", type="text", label=LABEL,
                      when={"field": "kind", "in": ["renewal", "drone"]}),
     "categories/SF.yaml: item SF-005: form: field 'x': condition names option 'drone'"),
    (lambda d: _field(d["items"][2], name="x", type="text", label=LABEL,
                      when={"field": "delivery_method", "equals": "post"}),
     "categories/SF.yaml: item SF-003: form: field 'x': condition names 'delivery_method', which is "
     "not a field declared before it"),
    (lambda d: _field(d["items"][2], name="x", type="text", label=LABEL,
                      when={"field": "loss_place", "equals": "a"}),
     "categories/SF.yaml: item SF-003: form: field 'x': a condition can only test"),
    (lambda d: _field(d["items"][2], name="x", type="text", label=LABEL,
                      when={"field": "reported_lost", "in": ["a", "b"]}),
     "categories/SF.yaml: item SF-003: form: field 'x': condition on yes/no field"),
    (lambda d: _field(d["items"][2], name="x", type="text", label=LABEL, semantic="applicant.name"),
     "categories/SF.yaml: item SF-003: form: semantic tag 'applicant.name' is on both"),
    (lambda d: _field(d["items"][2], name="x", type="text", label=LABEL, semantic="shoe.size"),
     "categories/SF.yaml: item SF-003: form.fields.3.semantic"),
    (lambda d: _field(d["items"][2], name="x", type="text", label=LABEL, prefill="shoe_size"),
     "categories/SF.yaml: item SF-003: form.fields.3.prefill"),
    (lambda d: _field(d["items"][2], name="x", type="text", label=LABEL, readonly=True),
     "categories/SF.yaml: item SF-003: form.fields.3: Value error, only a prefilled field"),
    (lambda d: _field(d["items"][2], name="x", type="choice", label=LABEL,
                      options=[{"value": "a", "label": LABEL}]),
     "categories/SF.yaml: item SF-003: form.fields.3: Value error, a choice needs at least two"),
    (lambda d: d["items"][3]["materials"][0].pop("slot"),
     "categories/SF.yaml: item SF-004: materials.0: Value error, an uploaded material needs a slot"),
    (lambda d: d["items"][3]["materials"][1].update(slot="damaged_card", upload="optional"),
     "categories/SF.yaml: item SF-004: form: upload slot 'damaged_card' is used twice"),
    (lambda d: d["items"][3]["materials"][0].update(max_mib=6),
     "categories/SF.yaml: item SF-004: materials.0.max_mib"),
    (lambda d: d["items"][3]["materials"][2].update(upload="required", slot="fingerprints"),
     "categories/SF.yaml: item SF-004: materials.2: Value error, a material brought on site"),
    (lambda d: d["items"][3]["materials"][0].update(when={"field": "colour", "equals": "red"}),
     "categories/SF.yaml: item SF-004: form: upload slot 'damaged_card': condition names 'colour'"),
    (lambda d: d["items"][0]["materials"][0].update(when={"field": "for_whom", "equals": "child"}),
     "categories/SF.yaml: item SF-001: materials.0: Value error, max_mib, accept and when apply only"),
])
def test_a_bad_form_declaration_names_file_item_and_problem(tmp_path, change, expected):
    problems = _problems(tmp_path, change)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_bad_kit_is_refused_in_forms_yaml(tmp_path):
    def change(data):
        data["kits"]["delivery"]["fields"][1]["when"]["equals"] = "pigeon"
    problems = _problems(tmp_path, change, "forms.yaml")
    assert any(p.startswith("forms.yaml: kit delivery: field 'delivery_recipient': condition names "
                            "option 'pigeon'") for p in problems), problems


def test_forms_yaml_is_part_of_the_digest(tmp_path):
    data_dir = _copy(tmp_path)
    before = read_catalog(data_dir).digest
    _edit(data_dir / "forms.yaml", lambda d: d["kits"]["contact"]["fields"][0].update(max_length=40))
    assert read_catalog(data_dir).digest != before


def test_a_slot_may_lower_its_size_limit(tmp_path):
    data_dir = _copy(tmp_path)
    _edit(data_dir / "categories" / "SF.yaml",
          lambda d: d["items"][3]["materials"][0].update(max_mib=1, accept=["jpeg"]))
    slot = read_catalog(data_dir).forms["SF-004"]["slots"][0]
    assert slot == {"name": "damaged_card", "label": slot["label"], "required": True,
                    "max_bytes": 1024 * 1024, "accept": ["jpeg"]}
