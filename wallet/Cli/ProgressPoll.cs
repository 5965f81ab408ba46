using System.Diagnostics;
using Spectre.Console;

namespace ChainNode.Wallet.Cli;

/// <summary>
/// Asks the node every 200 ms until an answer is final, showing a progress line (a spinner on a
/// terminal, a note on stderr every 2 s otherwise, nothing with --json), up to a timeout.
/// </summary>
public static class ProgressPoll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <param name="check">The final answer, or null and the progress text while waiting.</param>
    public static async Task<T> UntilAsync<T>(WalletContext context, string title, TimeSpan timeout, Func<Task<(T? Final, string Progress)>> check, Func<string> timedOut)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        async Task<T> Poll(Action<string> progress)
        {
            using var tick = new PeriodicTimer(Interval);
            while (true)
            {
                var (final, text) = await check();
                if (final is not null)
                    return final;
                if (clock.Elapsed > timeout)
                    throw new WalletException(ExitCodes.Timeout, timedOut());
                progress($"{text} ({clock.Elapsed.TotalSeconds:F1} s)");
                await tick.WaitForNextTickAsync();
            }
        }
        if (!context.Output.IsJson && !Console.IsErrorRedirected && !Console.IsOutputRedirected)
            return await AnsiConsole.Status().StartAsync(title, async status => await Poll(text => status.Status(text)));
        var lastNote = TimeSpan.Zero;
        return await Poll(text =>
        {
            if (clock.Elapsed - lastNote < TimeSpan.FromSeconds(2))
                return;
            lastNote = clock.Elapsed;
            context.Output.Note(text);
        });
    }
}
