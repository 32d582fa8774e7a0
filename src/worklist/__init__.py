"""worklist: Chinese government work-list notices (工作清单) into validated, typed datasets.

Kept import-light on purpose: `worklist --help` must not pay for pandas, pyarrow or Great Expectations.
"""

__version__ = "0.3.0"
