"""Consultations, complaints and the director's mailbox (咨询、投诉、局长信箱), ADR 0024.

Citizens write on the portal (``letters.portal``); each letter crosses the boundary and is
routed to the department that owns its topic, which answers it in the back office
(``letters.desk``) within the working days its kind allows (``data/kinds.yaml``). The answer
crosses back; with the writer's consent an answered consultation becomes public Q&A.
Shared here: the kinds and their deadlines, and the letters' tracking numbers."""
