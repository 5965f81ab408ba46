using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Ledger.Blocks;

/// <summary>
/// A block with its header decoded and its hash computed once. The tx hashes and the tx root
/// are also computed at most once per instance: a block passes through checking, execution,
/// commit and the block feed, and each needs them. Treat <see cref="Block"/> as immutable.
/// </summary>
public sealed class DecodedBlock
{
    private Hash32[]? _txHashes;
    private Hash32? _txRoot;

    private DecodedBlock(Block block, BlockHeader header, Hash32 hash)
    {
        Block = block;
        Header = header;
        Hash = hash;
    }

    public Block Block { get; }

    public BlockHeader Header { get; }

    public Hash32 Hash { get; }

    public ulong Height => Header.Height;

    /// <summary>Each tx's hash (SHA-256 of its body bytes), in block order.</summary>
    public IReadOnlyList<Hash32> TxHashes => _txHashes ??= Block.Transactions.Select(tx => Hash32.Compute(tx.Body.Span)).ToArray();

    /// <summary>The Merkle root of the txs actually carried, which a valid block's header repeats.</summary>
    public Hash32 ComputedTxRoot => _txRoot ??= ComputeTxRoot(Block.Transactions);

    /// <summary>Decodes the header bytes carried in <paramref name="block"/>.</summary>
    public static DecodedBlock From(Block block)
    {
        BlockHeader header;
        try
        {
            header = BlockHeader.Parser.ParseFrom(block.Header.Span);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"Block header is not a valid BlockHeader encoding: {e.Message}", e);
        }
        return new DecodedBlock(block, header, Hash32.Compute(block.Header.Span));
    }

    /// <summary>Encodes a header and wraps it with its transactions; tx_root must already be set.</summary>
    public static DecodedBlock Create(BlockHeader header, IEnumerable<SignedTx> transactions)
    {
        var block = new Block { Header = header.ToByteString() };
        block.Transactions.AddRange(transactions);
        return new DecodedBlock(block, header, Hash32.Compute(block.Header.Span));
    }

    /// <summary>
    /// True if the transactions are the ones the header commits to. The block hash covers only
    /// the header, so a body must be checked against it before it is trusted or passed on.
    /// </summary>
    public bool BodyMatchesHeader() => Header.TxRoot.Span.SequenceEqual(ComputedTxRoot.Span);

    /// <summary>The Merkle root over each transaction's full SignedTx encoding (body and signature).</summary>
    public static Hash32 ComputeTxRoot(IReadOnlyList<SignedTx> transactions) =>
        Merkle.MerkleTree.Root(transactions, TxLeaf);

    // Encoded into a pooled buffer: a block's worth of short-lived arrays otherwise.
    private static Hash32 TxLeaf(SignedTx tx) =>
        MessageEncoding.WithEncoded(tx, 0, static (encoded, _) => Merkle.MerkleTree.LeafHash(encoded));
}
