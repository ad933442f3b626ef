"""Memory stays bounded: the largest body the pipeline accepts raises a fresh process's peak
memory by less than GROWTH_MB (measured 2026-12-02: about 510 MB; 730 MB before the language
model saw bounded pieces, and 3.5 GB for a body of 990,000 characters, now refused)."""

import subprocess
import sys
import textwrap

import pytest

from service.pipeline.limits import MAX_BODY_CHARS

GROWTH_MB = 768

SCRIPT = textwrap.dedent(
    """
    import sys
    from service.pipeline.run import analyze

    def peak_mb():
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM"))

    analyze(text="Harbour plan approved\\n" + "The harbour board met on Monday and approved it.\\n" * 5)
    before = peak_mb()
    line = ("“The harbour will reopen in May,” Ana Ruiz of the Port Authority said in Lisbon on Monday,"
            " adding that the board had approved it.\\n")
    body = analyze(text="Harbour plan approved\\n" + line * (int(sys.argv[1]) // len(line)))["body"]
    print(len(body), peak_mb() - before)
    """
)


@pytest.mark.slow
def test_the_largest_accepted_body_grows_memory_by_a_bounded_amount():
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(MAX_BODY_CHARS)], capture_output=True, text=True, check=True
    )
    length, growth = out.stdout.split()
    assert int(length) > 0.95 * MAX_BODY_CHARS
    assert float(growth) < GROWTH_MB, f"{float(growth):.0f} MB"
