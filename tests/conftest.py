"""Every tier: fake credentials and Powertools settings, set before taskexec is imported, and no endpoint override
(the in-process tiers answer with moto; the e2e tiers set their own endpoint per stack).

The fixtures that need moto live in tests/support/fixtures.py and are imported by the conftest.py of each tier
that uses them, so tests/unit loads neither moto nor devkit.
"""

from tests.support.world import prepare_environment

prepare_environment()
