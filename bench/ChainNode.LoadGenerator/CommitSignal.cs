namespace ChainNode.LoadGenerator;

/// <summary>
/// Lets workers that a full mempool turned away wait for the next committed block, which is
/// what frees room, instead of polling on a timer: each poll the node refuses still costs both
/// sides a parse, a hash per tx and a reply.
/// </summary>
public sealed class CommitSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Completes when the next block after this call is seen.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void BlockSeen() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
