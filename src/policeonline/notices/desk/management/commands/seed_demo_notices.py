"""Demo notices (警务公开): four published — one with a PDF attachment — and one scheduled
three days ahead, written by 王建国 (100001) and approved by 李红梅 (100002) through the same
services as the pages. Runs once: does nothing if the back office already has notices."""

import io
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from pypdf import PdfWriter

from policeonline.accounts.officers.models import Officer
from policeonline.notices.desk import services
from policeonline.notices.desk.models import Notice

NOTICES = [
    ("announcement", "关于户籍业务窗口元旦假期办公时间的通知",
     "元旦假期（1月1日）户籍业务窗口暂停对外办公，1月2日起恢复正常。\n\n"
     "假期期间可通过本平台网上申请户籍证明、居住证签注等业务，节后按受理顺序办理。", 6, True),
    ("police_news", "市公安局“放管服”改革新举措：105项业务网上可办",
     "即日起，我局105项公安行政服务事项全部实现网上申请，其中多项业务全程网办、无需跑腿。\n\n"
     "市民可在“公安服务在线”查询办事指南、提交申请并随时查看办理进度。", 4, False),
    ("guide_update", "居住证申领办事指南更新说明",
     "居住证申领所需材料已精简：不再要求提供纸质租房合同复印件，可上传电子照片。\n\n"
     "详见“居住证申领”事项的办事指南。", 2, False),
    ("tips", "冬季出行安全提示",
     "冬季雨雪天气较多，请驾驶人减速慢行、保持车距。\n\n"
     "遇道路结冰请提前规划路线，关注交警部门发布的路况信息。", 1, False),
]
SCHEDULED = ("announcement", "关于春节期间出入境证件办理安排的通知",
             "春节期间出入境接待大厅开放时间另行安排，请提前网上预约。", 3)


def _pdf() -> bytes:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "户籍窗口假期办公时间表"})
    writer.write(out)
    return out.getvalue()


class Command(BaseCommand):
    help = "Seed the demo's notices (published and scheduled) in the back office."

    def handle(self, *args, **options):
        if Notice.objects.exists():
            self.stdout.write("Notices already seeded.")
            return
        author = Officer.objects.get(username="100001")
        approver = Officer.objects.get(username="100002")
        now = timezone.now()
        for category, title, body, days_ago, with_file in NOTICES:
            notice = services.create_draft(author, title=title, category=category, body=body)
            if with_file:
                services.add_attachment(notice.pk, author, "假期办公时间表.pdf", _pdf())
            services.submit(notice.pk, author)
            services.approve(notice.pk, approver, now=now - timedelta(days=days_ago))
        category, title, body, days_ahead = SCHEDULED
        notice = services.create_draft(author, title=title, category=category, body=body)
        services.submit(notice.pk, author)
        services.approve(notice.pk, approver, now + timedelta(days=days_ahead))
        self.stdout.write(f"Seeded {len(NOTICES)} published notices and 1 scheduled.")
