using System.Globalization;
using System.Text.Json;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Indexing;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Node.Api;
using ChainNode.Node.Consensus;
using ChainNode.Node.Mempool;
using ChainNode.Node.Peers;
using Microsoft.AspNetCore.Http;

namespace ChainNode.Node.Explorer;

/// <summary>
/// The explorer's read-only JSON API under /api/ on the HTTP port. Every answer comes from
/// point lookups and the explorer index; nothing scans the chain per request.
/// </summary>
/// <param name="blockReads">Per client address: blocks read and decoded for /api/blocks (cached summaries are free).</param>
public sealed class ExplorerApi(NodeIdentity node, ChainStore chain, ExplorerIndex index, ConsensusLoop loop, TxPool pool, PeerStatusBoard peers, TimeProvider clock,
    ClientRateLimiter blockReads)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const int MaxPage = 100;
    private readonly ExplorerViews _views = new(chain);
    private readonly GovernanceViews _governance = new(chain);
    private readonly BlockSummaryCache _summaries = new();

    public Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries); // ["api", ...]
        object? result;
        try
        {
            result = segments switch
            {
                ["api", "status"] => Status(),
                ["api", "blocks"] => Blocks(context.Request.Query, context.Connection.RemoteIpAddress),
                ["api", "blocks", var id] => Block(id),
                ["api", "txs", var hash] => Tx(hash),
                ["api", "accounts", var address] => Account(address, context.Request.Query),
                ["api", "validators"] => _governance.Validators((ulong?)LongParameter(context.Request.Query, "height"))
                    ?? throw new ExplorerError(StatusCodes.Status404NotFound, $"no block at height {context.Request.Query["height"]} yet (the head is {chain.Height})"),
                ["api", "members"] => _governance.Members(),
                ["api", "governance"] => _governance.Proposals(context.Request.Query["all"].ToString() is "1" or "true"),
                ["api", "search"] => Search(context.Request.Query["q"].ToString()),
                _ => throw new ExplorerError(StatusCodes.Status404NotFound, $"no API at {path}"),
            };
        }
        catch (ExplorerError e)
        {
            return WriteAsync(context, e.Status, new { error = e.Message });
        }
        return WriteAsync(context, StatusCodes.Status200OK, result);
    }

    public object Status()
    {
        var snapshot = loop.Snapshot;
        var head = chain.HeadBlock;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return new
        {
            chainId = node.Genesis.ChainId,
            node = node.Name,
            nodeIndex = snapshot.Epoch.IndexOf(node.Key) ?? -1, // -1: no vote in the current epoch
            height = head.Height,
            headHash = head.Hash.ToString(),
            headTimeMs = head.Header.TimestampMs,
            view = snapshot.View,
            primary = snapshot.Primary,
            viewActive = snapshot.ViewActive,
            mempoolTxs = pool.Count,
            validators = snapshot.Epoch.Validators.Validators.Select(v => // the set in force at the head
            {
                var self = v.PublicKey.Equals(node.Key);
                var peer = self ? null : peers.Report(v.PublicKey);
                var lastSeen = self ? now : peer?.LastSeenMs ?? 0;
                var height = self ? head.Height : peer?.Height ?? 0;
                var activity = index.Activity(v.Address);
                var status = self ? "up"
                    : peer is not { Connected: true } || now - lastSeen > 5_000 ? "down"
                    : height + 2 < head.Height ? "behind"
                    : "up";
                return new
                {
                    index = v.Index,
                    name = v.Name,
                    address = v.Address.ToString(),
                    status,
                    lastSeenMs = lastSeen == 0 ? (long?)null : lastSeen,
                    height,
                    proposed = activity.Proposed,
                    signed = activity.CommitsSigned,
                    isSelf = self,
                    isPrimary = v.Index == snapshot.Primary,
                };
            }).ToList(),
        };
    }

    private object Blocks(IQueryCollection query, System.Net.IPAddress? client)
    {
        var limit = Math.Clamp(IntParameter(query, "limit") ?? 20, 1, MaxPage);
        var top = Math.Min(chain.Height, (ulong?)LongParameter(query, "before") is { } before && before > 0 ? before - 1 : chain.Height);
        var blocks = new List<ExplorerViews.BlockSummary>();
        for (var height = top; blocks.Count < limit; height--)
        {
            if (_summaries.TryGet(height, out var cached))
                blocks.Add(cached);
            else if (!blockReads.TryTake(client))
                throw new ExplorerError(StatusCodes.Status429TooManyRequests, "rate_limited: this address asked for more uncached blocks per second than this node serves; ask for fewer or retry shortly");
            else if (chain.GetFinalizedBlock(height) is { } block)
            {
                var summary = _views.Summary(block);
                _summaries.Add(summary);
                blocks.Add(summary);
            }
            if (height == 0)
                break;
        }
        var last = blocks.Count > 0 ? blocks[^1].Height : 0;
        return new { blocks, next = last > 0 ? last : (ulong?)null, head = chain.Height };
    }

    private object Block(string id)
    {
        ulong height;
        if (ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            height = parsed;
        else
            height = chain.GetHeight(ParseHash(id, "block hash")) ?? throw new ExplorerError(StatusCodes.Status404NotFound, $"no block with hash {id}");
        var block = chain.GetFinalizedBlock(height) ?? throw new ExplorerError(StatusCodes.Status404NotFound, $"no block at height {height}; the head is {chain.Height}");
        return _views.BlockDetail(block);
    }

    private ExplorerViews.TxDetail Tx(string text)
    {
        var hash = ParseHash(text, "tx hash");
        if (chain.GetTxLocation(hash) is { } location && chain.GetFinalizedBlock(location.Height) is { } block)
        {
            var blockHash = Hash32.Compute(block.Block.Header.Span).ToString();
            return _views.TxDetailOf(block.Block.Transactions[(int)location.Index], location.Height, location.Index, blockHash);
        }
        if (pool.Get(hash) is { } pending)
            return _views.TxDetailOf(pending.Tx.Tx, null, null, null, "pending");
        throw new ExplorerError(StatusCodes.Status404NotFound, $"tx {hash} not found");
    }

    private object Account(string text, IQueryCollection query)
    {
        if (!Address.TryParse(text, out var address, out var error))
            throw new ExplorerError(StatusCodes.Status400BadRequest, $"not an address: {error}");
        var limit = Math.Clamp(IntParameter(query, "limit") ?? 20, 1, MaxPage);
        (ulong, uint)? before = null;
        if (query["before"].ToString() is { Length: > 0 } cursor)
        {
            var parts = cursor.Split(':');
            if (parts.Length != 2 || !ulong.TryParse(parts[0], CultureInfo.InvariantCulture, out var h) || !uint.TryParse(parts[1], CultureInfo.InvariantCulture, out var i))
                throw new ExplorerError(StatusCodes.Status400BadRequest, "before must be HEIGHT:INDEX");
            before = (h, i);
        }
        var account = chain.State.GetAccount(address) ?? new Account();
        var history = index.History(address, limit, before);
        var txs = history.Select(e => chain.GetFinalizedBlock(e.Height) is { } block
            ? _views.TxSummaryOf(block.Block.Transactions[(int)e.Index], e.Height, e.Index)
            : null).Where(t => t is not null).ToList();
        return new
        {
            address = address.ToString(),
            balance = account.Balance,
            nonce = account.Nonce,
            member = chain.State.IsMember(address),
            codeHash = account.CodeHash.IsEmpty ? null : ExplorerViews.Hex(account.CodeHash.Span),
            functions = account.CodeHash.IsEmpty ? null : _views.Functions(address),
            txs,
            next = history.Count == limit ? $"{history[^1].Height}:{history[^1].Index}" : null,
        };
    }

    // A miss is an answer, not an error: {"kind": null, "message": "not found: ..."} with 200, so
    // a browser logs nothing for a search that finds nothing.
    private static object Missing(string message) => new { kind = (string?)null, id = (string?)null, message };

    private object Search(string query)
    {
        var q = query.Trim();
        if (q.Length == 0)
            return Missing("type a height, block hash, tx hash or address");
        if (ulong.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out var height))
            return height <= chain.Height ? new { kind = "block", id = q } : Missing($"not found: no block {height} yet (the head is {chain.Height})");
        if (q.StartsWith("cn1", StringComparison.OrdinalIgnoreCase))
            return Address.TryParse(q, out var address, out _) ? new { kind = "account", id = address.ToString() } : Missing($"not found: '{q}' is not a valid address");
        var hex = q.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? q[2..] : q;
        if (hex.Length == 64 && hex.All(char.IsAsciiHexDigit))
        {
            var hash = new Hash32(Convert.FromHexString(hex));
            if (chain.GetHeight(hash) is not null)
                return new { kind = "block", id = hex.ToLowerInvariant() };
            if (chain.GetTxLocation(hash) is not null || pool.Get(hash) is not null)
                return new { kind = "tx", id = hex.ToLowerInvariant() };
        }
        return Missing($"not found: '{q}' is not a known height, block, tx or address");
    }

    private static Hash32 ParseHash(string text, string what)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit)
            ? new Hash32(Convert.FromHexString(hex))
            : throw new ExplorerError(StatusCodes.Status400BadRequest, $"a {what} is 64 hex characters");
    }

    private static int? IntParameter(IQueryCollection query, string name) =>
        int.TryParse(query[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static long? LongParameter(IQueryCollection query, string name) =>
        long.TryParse(query[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static Task WriteAsync(HttpContext context, int status, object? value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value, Json));
    }

    private sealed class ExplorerError(int status, string message) : Exception(message)
    {
        public int Status { get; } = status;
    }
}
