"""Form helpers shared by both zones' account forms."""


class ChineseLabels:
    """No ASCII colon after labels: it reads wrong in Chinese, and the layout separates them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
