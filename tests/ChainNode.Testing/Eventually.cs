namespace ChainNode.Testing;

/// <summary>
/// Awaits a condition on real processes with a bounded timeout, checking it every few tens of
/// milliseconds. Fails with what was awaited and the last observation, never hangs.
/// </summary>
public static class Eventually
{
    public static async Task<T> Async<T>(Func<Task<T?>> observe, Func<T?, bool> done, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        T? last = default;
        Exception? lastError = null;
        do
        {
            try
            {
                last = await observe();
                lastError = null;
                if (done(last))
                    return last!;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                lastError = e; // a node may be restarting; keep asking until the deadline
            }
        }
        while (await WaitAsync(poll, deadline.Token));
        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s waiting for {what}; last seen: {(lastError is null ? last?.ToString() ?? "nothing" : lastError.Message)}");
    }

    public static Task<bool> Async(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Async<bool>(async () => await condition(), ok => ok, timeout, what);

    private static async Task<bool> WaitAsync(PeriodicTimer poll, CancellationToken deadline)
    {
        try
        {
            return await poll.WaitForNextTickAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
