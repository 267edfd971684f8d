"""Standard wording of certificates the bureau issues often (the case engine passes the lines
to ``issue_certificate``; other items supply their own)."""

from datetime import date

from .pdf import chinese_date

NO_CRIMINAL_RECORD_ITEM = "ZA-001"
NO_CRIMINAL_RECORD_TITLE = "无犯罪记录证明"


def no_criminal_record_body(*, name: str, id_number: str, checked_on: date, purpose: str,
                            valid_days: int | None, bureau: str) -> list[str]:
    lines = [f"经查询，截至{chinese_date(checked_on)}，{name}（公民身份号码：{id_number}）"
             f"在{bureau}辖区违法犯罪信息系统中未发现有犯罪记录。"]
    if purpose:
        lines.append(f"此证明用于{purpose}。")
    lines.append("本证明仅证明查询时点的记录情况，不作其他用途。")
    if valid_days:
        lines.append(f"本证明自开具之日起{valid_days}日内有效。")
    return lines
