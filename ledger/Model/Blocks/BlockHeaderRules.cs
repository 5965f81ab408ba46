using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Blocks;

/// <summary>Structural rules a block must meet relative to its parent; execution-independent.</summary>
public static class BlockHeaderRules
{
    /// <summary>Returns null if <paramref name="block"/> may follow <paramref name="parent"/>, else the problem.</summary>
    public static string? FindProblem(DecodedBlock block, DecodedBlock parent, string chainId)
    {
        var h = block.Header;
        if (h.ChainId != chainId)
            return $"chain id is '{h.ChainId}', expected '{chainId}'";
        if (h.Height != parent.Height + 1)
            return $"height is {h.Height}, expected {parent.Height + 1}";
        if (!h.PreviousHash.Span.SequenceEqual(parent.Hash.Span))
            return $"previous hash {Convert.ToHexStringLower(h.PreviousHash.Span)} does not match block {parent.Height} hash {parent.Hash}";
        if (h.TimestampMs <= parent.Header.TimestampMs)
            return $"timestamp {h.TimestampMs} ms is not after the parent's {parent.Header.TimestampMs} ms";
        if (h.StateRoot.Length != Hash32.Length)
            return $"state root is {h.StateRoot.Length} bytes, expected {Hash32.Length}";
        if (h.Proposer.Length != Address.Length)
            return $"proposer is {h.Proposer.Length} bytes, expected a {Address.Length}-byte address";
        if (h.TxRoot.Length != Hash32.Length)
            return $"tx root is {h.TxRoot.Length} bytes, expected {Hash32.Length}";
        var txRoot = block.ComputedTxRoot;
        if (!h.TxRoot.Span.SequenceEqual(txRoot.Span))
            return $"tx root {Convert.ToHexStringLower(h.TxRoot.Span)} does not match the Merkle root of its {block.Block.Transactions.Count} txs ({txRoot})";
        return null;
    }
}
