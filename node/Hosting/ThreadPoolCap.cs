namespace ChainNode.Node.Hosting;

/// <summary>
/// Caps thread-pool workers at twice the core count. The pool adds a worker whenever work items
/// run long (signature checks of a batch, a synced LevelDB write), and a local network puts
/// several validators on the same cores: once the cores are saturated, every extra runnable
/// thread only adds preemption and time to bring threads to a GC safe point. Measured with 4
/// validators on 2 cores at full load, nine alternating 20 s runs each: 4,111 tx/s capped at 4
/// workers against 3,838 uncapped (capped ahead in 7 of 9 pairs), p99 within noise; 2, 3 and 6
/// workers read 3,917, 4,018 and 4,012 against 4,047 for 4 (two runs each). At 3,000 tx/s
/// offered, CPU per tx did not change.
/// </summary>
public static class ThreadPoolCap
{
    // The runtime's own switch; when an operator sets it, theirs wins.
    private const string OverrideVariable = "DOTNET_ThreadPool_ForceMaxWorkerThreads";

    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 })
            return;
        ThreadPool.GetMaxThreads(out _, out var completionPorts);
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        ThreadPool.SetMaxThreads(Math.Max(minWorkers, 2 * Environment.ProcessorCount), completionPorts);
    }
}
