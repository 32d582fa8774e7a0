"""The dataset checks of one conversion: the rules as data (`rules`), run natively (`native`) or by Great
Expectations (`rules.run_checks`)."""
