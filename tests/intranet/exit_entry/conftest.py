from tests.intranet.cases.conftest import officers, portal  # noqa: F401  (the same players)
