namespace ChainNode.Integration.Tests;

/// <summary>
/// The [Timeout] of each kind of integration test, in milliseconds: several times what the slowest
/// test of the kind took on this 2-core machine while another suite ran beside it (2026-12-06, the
/// whole project: 20 min 27 s), so a hang fails under the test's own name instead of stalling the run. The timeout is not
/// cooperative (the project sets NoWarn MSTEST0045): these tests do not watch the test context's
/// token, so only the framework's own deadline can end the wait. The abandoned test still stops
/// its processes when its own bounded waits run out.
/// </summary>
internal static class IntegrationTimeouts
{
    /// <summary>One or a few chainnode commands run to completion (slowest 6 s; each call is itself capped at 2 min).</summary>
    public const int Command = 3 * 60_000;

    /// <summary>A local network started, used and stopped (slowest 48 s: the explorer in chromium, the bench sweep).</summary>
    public const int Network = 5 * 60_000;

    /// <summary>A network that changes its validator set under load and syncs a wiped node (56 s).</summary>
    public const int LongNetwork = 10 * 60_000;

    /// <summary>Fuzzed requests (30 s at the CI's 150 per method): also covers the long form, CHAINNODE_FUZZ_REQUESTS=2000.</summary>
    public const int Fuzz = 20 * 60_000;

    /// <summary>The crash soak (104 s in the CI form): also covers the documented long form, CHAINNODE_SOAK_SECONDS=1800 (30 min 33 s measured).</summary>
    public const int Soak = 40 * 60_000;
}
