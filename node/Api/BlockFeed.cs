using System.Threading.Channels;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using Google.Protobuf;

namespace ChainNode.Node.Api;

/// <summary>
/// Fans committed blocks out to subscribers. Each subscriber has a bounded queue; one that falls
/// too far behind is ended with an error rather than silently skipping blocks or holding up the
/// commit path. Thread-safe.
/// </summary>
public sealed class BlockFeed
{
    private const int QueuePerSubscriber = 1024;
    private readonly Lock _gate = new();
    private readonly List<Channel<SubscribeBlocksResponse>> _subscribers = [];

    public ChannelReader<SubscribeBlocksResponse> Subscribe()
    {
        var channel = Channel.CreateBounded<SubscribeBlocksResponse>(new BoundedChannelOptions(QueuePerSubscriber) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (_gate)
            _subscribers.Add(channel);
        return channel.Reader;
    }

    public void Unsubscribe(ChannelReader<SubscribeBlocksResponse> reader)
    {
        lock (_gate)
            _subscribers.RemoveAll(c => c.Reader == reader);
    }

    public void Publish(DecodedBlock block, CommitCertificate certificate)
    {
        var item = EventFor(block, certificate);
        lock (_gate)
        {
            foreach (var subscriber in _subscribers.Where(s => !s.Writer.TryWrite(item)).ToList())
            {
                subscriber.Writer.TryComplete(new SubscriberTooSlowException(QueuePerSubscriber));
                _subscribers.Remove(subscriber);
            }
        }
    }

    public static SubscribeBlocksResponse EventFor(DecodedBlock block, CommitCertificate certificate)
    {
        var item = new SubscribeBlocksResponse
        {
            Height = block.Height,
            BlockHash = block.Hash.ToByteString(),
            Header = block.Header,
            TxCount = (uint)block.Block.Transactions.Count,
            Certificate = certificate,
        };
        item.TxHashes.AddRange(block.TxHashes.Select(h => h.ToByteString()));
        return item;
    }
}

public sealed class SubscriberTooSlowException(int queue)
    : Exception($"the subscriber fell more than {queue} blocks behind; subscribe again from the next height you need");
