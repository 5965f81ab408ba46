using ChainNode.Consensus.Pbft;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Simulation;

/// <summary>
/// Blocks for simulation: a header and one opaque "transaction" of seeded random bytes. A block
/// whose transaction starts with the invalid marker is one honest validators refuse.
/// </summary>
public static class SimBlocks
{
    public const string ChainId = "sim";
    private static readonly byte[] InvalidMarker = "INVALID"u8.ToArray();

    public static readonly Hash32 GenesisHash = Hash32.Compute("sim genesis"u8);

    /// <param name="changes">An encoded validator-set change (<see cref="Reconfiguration.SimCommand"/>), carried as a second transaction.</param>
    public static Block Create(ulong height, ulong view, Hash32 parent, int proposer, ReadOnlySpan<byte> content, bool invalid = false, byte[]? changes = null)
    {
        var body = invalid ? [.. InvalidMarker, .. content] : content.ToArray();
        List<SignedTx> txs = [new SignedTx { Body = ByteString.CopyFrom(body) }];
        if (changes is not null)
            txs.Add(new SignedTx { Body = ByteString.CopyFrom(changes) });
        var proposerAddress = new byte[Address.Length];
        proposerAddress[0] = (byte)proposer;
        var header = new BlockHeader
        {
            ChainId = ChainId,
            Height = height,
            PreviousHash = parent.ToByteString(),
            TxRoot = DecodedBlock.ComputeTxRoot(txs).ToByteString(),
            StateRoot = Hash32.Compute(BitConverter.GetBytes(height)).ToByteString(),
            Proposer = ByteString.CopyFrom(proposerAddress),
            TimestampMs = (long)height,
            View = view,
        };
        return DecodedBlock.Create(header, txs).Block;
    }

    public static bool IsMarkedInvalid(Block block) =>
        block.Transactions.Count > 0 && block.Transactions[0].Body.Span.StartsWith(InvalidMarker);

    /// <summary>What honest simulated validators accept: no invalid marker (the core has already matched the body to the header).</summary>
    public sealed class Validator : IBlockValidator
    {
        public bool IsValid(DecodedBlock block, Hash32 parentHash, out string? reason)
        {
            reason = block.Header.ChainId != ChainId ? "wrong chain"
                : IsMarkedInvalid(block.Block) ? "marked invalid"
                : null;
            return reason is null;
        }
    }
}
