"""Supervision (四个到位): the supervisors' and leadership's dashboard, overdue alerts to
officers, and the weekly report. Intranet only; reads cases, never writes them. ADR 0027."""
