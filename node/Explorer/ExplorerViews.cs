using ChainNode.Contracts.Abi;
using ChainNode.Contracts.Host;
using ChainNode.Contracts.Vm;
using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Contracts;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;

namespace ChainNode.Node.Explorer;

/// <summary>The JSON shapes the explorer page reads (documented in docs/explorer.md).</summary>
public sealed class ExplorerViews(ChainStore chain)
{
    public sealed record BlockSummary(ulong Height, string Hash, long TimeMs, int TxCount, string? Proposer, ulong View, int Signers);

    public sealed record TxSummary(string Hash, ulong? Height, uint? Index, string Status, string? From, string? To, string Kind, ulong Amount, ulong? GasUsed, string? Error);

    public sealed record EventView(string? Contract, string Topic, string Data);

    public sealed record TxDetail(TxSummary Summary, string? BlockHash, ulong Nonce, ulong GasLimit, string? ContractAddress, string? ReturnData, IReadOnlyList<EventView> Events);

    public sealed record FunctionView(string Selector, string Signature, string? Returns, bool View, bool Payable);

    public BlockSummary Summary(FinalizedBlock finalized)
    {
        var block = DecodedBlock.From(finalized.Block);
        return new BlockSummary(block.Height, block.Hash.ToString(), block.Header.TimestampMs, block.Block.Transactions.Count,
            ValidatorName(chain.State.EpochAt(block.Height), block.Header.Proposer.Span), block.Header.View, finalized.Certificate?.Signatures.Count ?? 0);
    }

    public object BlockDetail(FinalizedBlock finalized)
    {
        var block = DecodedBlock.From(finalized.Block);
        var h = block.Header;
        // Certificates carry indexes into the set in force at the block's height, not genesis's.
        var epoch = chain.State.EpochAt(h.Height);
        return new
        {
            height = h.Height,
            hash = block.Hash.ToString(),
            previousHash = Hex(h.PreviousHash.Span),
            stateRoot = Hex(h.StateRoot.Span),
            txRoot = Hex(h.TxRoot.Span),
            timeMs = h.TimestampMs,
            view = h.View,
            proposer = h.Proposer.Length == Address.Length ? new { address = new Address(h.Proposer.Span).ToString(), name = ValidatorName(epoch, h.Proposer.Span) } : null,
            validatorSet = new { startHeight = epoch.StartHeight, validators = epoch.Validators.Validators.Select(v => v.Name).ToList(), quorum = epoch.Validators.QuorumSize },
            certificate = finalized.Certificate is { Signatures.Count: > 0 } c
                ? new { view = c.View, signers = c.Signatures.Select(s => new { index = s.ValidatorIndex, name = NameOf(epoch, (int)s.ValidatorIndex) }).ToList() }
                : null,
            txs = block.Block.Transactions.Select((tx, i) => TxSummaryOf(tx, block.Height, (uint)i)).ToList(),
        };
    }

    public TxSummary TxSummaryOf(SignedTx tx, ulong? height, uint? index, string? pendingStatus = null)
    {
        var hash = Hash32.Compute(tx.Body.Span);
        var body = TxBody.Parser.ParseFrom(tx.Body);
        var receipt = height is null ? null : chain.State.ReadReceipt(hash);
        var status = pendingStatus ?? (receipt?.Status == ReceiptStatus.Failed ? "failed" : "committed");
        var to = body.PayloadCase switch
        {
            TxBody.PayloadOneofCase.Transfer => AddressText(body.Transfer.To),
            TxBody.PayloadOneofCase.Call => AddressText(body.Call.Contract),
            TxBody.PayloadOneofCase.Deploy => receipt is null ? null : AddressText(receipt.ContractAddress),
            _ => null,
        };
        var amount = TxValue.Of(body);
        return new TxSummary(hash.ToString(), height, index, status, Address.FromPublicKey(body.SenderPublicKey.Span).ToString(), to,
            body.PayloadCase.ToString().ToLowerInvariant(), amount, receipt?.GasUsed, string.IsNullOrEmpty(receipt?.Error) ? null : receipt.Error);
    }

    public TxDetail TxDetailOf(SignedTx tx, ulong? height, uint? index, string? blockHash, string? pendingStatus = null)
    {
        var summary = TxSummaryOf(tx, height, index, pendingStatus);
        var body = TxBody.Parser.ParseFrom(tx.Body);
        var receipt = height is null ? null : chain.State.ReadReceipt(Hash32.Compute(tx.Body.Span));
        return new TxDetail(summary, blockHash, body.Nonce, body.GasLimit,
            receipt is null ? null : AddressText(receipt.ContractAddress),
            receipt is { ReturnData.IsEmpty: false } ? Hex(receipt.ReturnData.Span) : null,
            receipt?.Events.Select(e => new EventView(AddressText(e.Contract), Hex(e.Topic.Span), Hex(e.Data.Span))).ToList() ?? []);
    }

    /// <summary>A contract's functions as its deployed code declares them: selector and types (names are not stored on chain).</summary>
    public IReadOnlyList<FunctionView> Functions(Address contract)
    {
        if (chain.State.Get(ContractKeys.Code(contract.Span)) is not { } code)
            return [];
        var module = Module.Parse(code, VmLimits.Default);
        return module.Functions.Where(f => f.IsPublic && !f.IsConstructor).Select(f => new FunctionView(
            $"0x{f.Selector:x8}",
            $"0x{f.Selector:x8}({string.Join(',', f.Parameters.Select(AbiTypeNames.Name))})",
            f.Returns == AbiType.None ? null : AbiTypeNames.Name(f.Returns),
            f.Flags.HasFlag(FunctionModifiers.View),
            f.IsPayable)).ToList();
    }

    public static string? ValidatorName(ValidatorEpoch epoch, ReadOnlySpan<byte> address)
    {
        foreach (var v in epoch.Validators.Validators)
        {
            if (v.Address.Span.SequenceEqual(address))
                return v.Name;
        }
        return null;
    }

    public static string NameOf(ValidatorEpoch epoch, int index) => index < epoch.Validators.Count ? epoch.Validators[index].Name : $"validator {index}";

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static string? AddressText(Google.Protobuf.ByteString bytes) => bytes.Length == Address.Length ? new Address(bytes.Span).ToString() : null;
}
