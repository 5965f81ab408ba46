using System.Text.Json;
using ChainNode.Node.Api;
using ChainNode.Node.Hosting;
using ChainNode.Node.Operations;
using Microsoft.AspNetCore.Http;

namespace ChainNode.Node.Explorer;

/// <summary>
/// /api/events: server-sent events. A "block" event for every committed block and a "status"
/// event every two seconds. Browsers reconnect by themselves (retry: 2000) after a node restart.
/// Each stream holds a connection and a feed subscription for as long as the client likes, so
/// their number is capped in total and per client address (503 beyond).
/// </summary>
public sealed class ExplorerEvents(BlockFeed feed, ExplorerApi api, TimeProvider clock, ConcurrencyGate streams, ConnectionMetrics metrics)
{
    public async Task HandleAsync(HttpContext context)
    {
        using var slot = streams.TryEnter(context.Connection.RemoteIpAddress, out var refusal);
        if (slot is null)
        {
            metrics.EventStreamRefused(ConcurrencyGate.Token(refusal));
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "10";
            await context.Response.WriteAsync(refusal == ConcurrencyGate.Refusal.Total
                ? "too many event streams are open on this node; retry later\n"
                : "too many event streams are open from your address; close some and retry\n");
            return;
        }
        var cancel = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync("retry: 2000\n\n", cancel);
        await SendAsync(context, "status", api.Status(), cancel);
        var blocks = feed.Subscribe();
        using var statusTimer = new PeriodicTimer(TimeSpan.FromSeconds(2), clock);
        var nextStatus = statusTimer.WaitForNextTickAsync(cancel).AsTask();
        try
        {
            var nextBlock = blocks.WaitToReadAsync(cancel).AsTask();
            while (!cancel.IsCancellationRequested)
            {
                var done = await Task.WhenAny(nextBlock, nextStatus);
                if (done == nextStatus)
                {
                    if (!await nextStatus)
                        break;
                    await SendAsync(context, "status", api.Status(), cancel);
                    nextStatus = statusTimer.WaitForNextTickAsync(cancel).AsTask();
                    continue;
                }
                if (!await nextBlock)
                    break; // the feed dropped us (too slow); the browser reconnects
                while (blocks.TryRead(out var block))
                {
                    await SendAsync(context, "block", new
                    {
                        height = block.Height,
                        hash = Convert.ToHexStringLower(block.BlockHash.Span),
                        timeMs = block.Header.TimestampMs,
                        txCount = block.TxCount,
                        view = block.Header.View,
                        signers = block.Certificate.Signatures.Count,
                    }, cancel);
                }
                nextBlock = blocks.WaitToReadAsync(cancel).AsTask();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SubscriberTooSlowException)
        {
        }
        finally
        {
            feed.Unsubscribe(blocks);
        }
    }

    private static async Task SendAsync(HttpContext context, string name, object data, CancellationToken cancel)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, ExplorerApi.Json)}\n\n", cancel);
        await context.Response.Body.FlushAsync(cancel);
    }
}
