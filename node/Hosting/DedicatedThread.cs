using System.Collections.Concurrent;

namespace ChainNode.Node.Hosting;

/// <summary>
/// Runs an async loop on a thread of its own: every continuation of the loop is posted back to
/// that thread (a single-threaded synchronization context), so the consensus loop never waits
/// behind request handlers in the capped thread pool (<see cref="ThreadPoolCap"/>).
/// </summary>
public static class DedicatedThread
{
    public static Task Run(string name, Func<Task> loop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var context = new SingleThreadContext();
            SynchronizationContext.SetSynchronizationContext(context);
            Task task;
            try
            {
                task = loop();
            }
            catch (Exception e)
            {
                done.SetException(e);
                return;
            }
            task.ContinueWith(_ => context.Complete(), TaskScheduler.Default);
            context.RunUntilComplete();
            if (task.IsCanceled)
                done.SetCanceled();
            else if (task.Exception is { } error)
                done.SetException(error.InnerExceptions);
            else
                done.SetResult();
        })
        {
            Name = name,
            IsBackground = true,
        };
        thread.Start();
        return done.Task;
    }

    private sealed class SingleThreadContext : SynchronizationContext
    {
        private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

        public override void Post(SendOrPostCallback d, object? state)
        {
            try
            {
                _queue.Add((d, state));
            }
            catch (InvalidOperationException)
            {
                // Completed: the loop has ended; a late continuation runs on the pool instead.
                ThreadPool.QueueUserWorkItem(s => d(s), state);
            }
        }

        public override void Send(SendOrPostCallback d, object? state)
        {
            if (Current == this)
            {
                d(state);
                return;
            }
            using var ran = new ManualResetEventSlim();
            Post(s => { try { d(s); } finally { ran.Set(); } }, state);
            ran.Wait();
        }

        public override SynchronizationContext CreateCopy() => this;

        public void Complete() => _queue.CompleteAdding();

        public void RunUntilComplete()
        {
            foreach (var (callback, state) in _queue.GetConsumingEnumerable())
                callback(state);
        }
    }
}
