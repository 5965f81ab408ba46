using ChainNode.Node.Hosting;

namespace ChainNode.Node.Tests.Hosting;

[TestClass]
public sealed class DedicatedThreadTests
{
    [TestMethod]
    public async Task A_loop_on_a_dedicated_thread_resumes_on_that_thread_after_every_await()
    {
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var threads = new List<(int Id, bool Pool)>();
        var loop = DedicatedThread.Run("test-loop", async () =>
        {
            threads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
            await resumed.Task; // completed from a pool thread below
            threads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
            await Task.Yield();
            threads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
        });
        await Task.Run(resumed.SetResult);
        await loop.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.HasCount(3, threads);
        Assert.IsTrue(threads.All(t => t.Id == threads[0].Id && !t.Pool), string.Join(", ", threads));
    }

    [TestMethod]
    public async Task A_failing_loop_on_a_dedicated_thread_hands_back_its_exception()
    {
        var loop = DedicatedThread.Run("test-loop", async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        });
        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => loop.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.AreEqual("boom", error.Message);
    }
}
