"""Catalog tables. They are a projection of the data files and are rewritten by each load;
nothing else writes them (the admin shows them read-only)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .i18n import Bilingual, current_suffix


class Department(Bilingual, models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["id"]

    def __str__(self):
        return self.name


class Category(Bilingual, models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=50)
    name_en = models.CharField(_("name (English)"), max_length=100)
    summary_zh = models.TextField(_("summary (Chinese)"))
    summary_en = models.TextField(_("summary (English)"))
    icon = models.CharField(_("icon"), max_length=20)
    department = models.ForeignKey(Department, models.PROTECT, verbose_name=_("department"))

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def summary(self):
        return self.tr("summary")


class Item(Bilingual, models.Model):
    class Applicant(models.TextChoices):
        CITIZEN = "citizen", _("Individuals")
        COMPANY = "company", _("Companies and organisations")
        BOTH = "both", _("Individuals and companies")

    class OnlineLevel(models.TextChoices):
        FULL_ONLINE = "full_online", _("Fully online")
        ONE_VISIT = "one_visit", _("At most one visit")
        APPOINTMENT = "appointment", _("By appointment")

    code = models.CharField(_("code"), max_length=10, unique=True)
    category = models.ForeignKey(Category, models.PROTECT, related_name="items",
                                 verbose_name=_("category"))
    position = models.PositiveSmallIntegerField(_("position"))
    department = models.ForeignKey(Department, models.PROTECT, related_name="items",
                                   verbose_name=_("department"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    summary_zh = models.TextField(_("summary (Chinese)"))
    summary_en = models.TextField(_("summary (English)"))
    applicant = models.CharField(_("applicant"), max_length=10, choices=Applicant.choices)
    online_level = models.CharField(_("online level"), max_length=12, choices=OnlineLevel.choices)
    materials = models.JSONField(_("materials"), default=list)
    fees = models.JSONField(_("fees"), default=list)
    fee_varies = models.BooleanField(_("fee varies"), default=False)
    time_limit_working_days = models.PositiveSmallIntegerField(_("time limit (working days)"))
    legal_basis_zh = models.TextField(_("legal basis (Chinese)"))
    legal_basis_en = models.TextField(_("legal basis (English)"))
    needs = models.JSONField(_("needs"), default=list)
    keywords_zh = models.JSONField(default=list)
    keywords_en = models.JSONField(default=list)
    facts_verified = models.BooleanField(_("facts verified"), default=False)
    workflow = models.CharField(_("workflow"), max_length=32, default="review",
                                help_text=_("The workflow template its cases run on"))
    # The compiled application form: fields, fieldsets and upload slots (policeonline.formspec).
    form = models.JSONField(_("application form"), default=dict)
    # Lower-cased code, names, keywords and summaries in both languages, for search.
    search_text = models.TextField(editable=False)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["category__position", "position"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def summary(self):
        return self.tr("summary")

    @property
    def legal_basis(self):
        return self.tr("legal_basis")

    @property
    def localized_materials(self):
        suffix = current_suffix()
        return [{"text": m[suffix], "on_site": m.get("on_site", False),
                 "upload": m.get("upload") or ("none" if m.get("on_site") else "required")}
                for m in self.materials]

    @property
    def localized_fees(self):
        suffix = current_suffix()
        return [{"code": f["code"], "name": f["name"][suffix], "amount_cny": f["amount_cny"]}
                for f in self.fees]

    @property
    def is_free(self):
        return not self.fees and not self.fee_varies


class CatalogEdition(models.Model):
    """One row per successful load: which edition of the files is in force, and since when."""

    edition = models.CharField(max_length=20)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the loaded files")
    item_count = models.PositiveSmallIntegerField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        get_latest_by = "loaded_at"

    def __str__(self):
        return f"{self.edition} ({self.item_count})"
