using System.Globalization;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using ChainNode.Wallet.Cli;

namespace ChainNode.Wallet.Commands;

/// <summary>A tx as the wallet shows it (text or JSON): status, block, payload and receipt.</summary>
public sealed record TxView(
    string Hash, string Status, ulong? BlockHeight, string? BlockHash, string? Sender, ulong Nonce, ulong GasLimit, string Kind,
    string? To, ulong Amount, ulong? GasUsed, string? Error, string? ContractAddress, string? ReturnData, IReadOnlyList<TxView.EventView> Events)
{
    public sealed record EventView(string? Contract, string Topic, string Data);

    public static TxView From(string hash, GetTxResponse tx)
    {
        var body = TxBody.Parser.ParseFrom(tx.Tx.Body);
        var receipt = tx.Receipt;
        var inBlock = tx.Status is TxStatus.Committed or TxStatus.Failed;
        return new TxView(
            hash,
            StatusText(tx.Status),
            inBlock ? tx.BlockHeight : null,
            inBlock ? Convert.ToHexStringLower(tx.BlockHash.Span) : null,
            AddressText(tx.Sender),
            body.Nonce,
            body.GasLimit,
            body.PayloadCase.ToString().ToLowerInvariant(),
            body.PayloadCase switch
            {
                TxBody.PayloadOneofCase.Transfer => AddressText(body.Transfer.To),
                TxBody.PayloadOneofCase.Call => AddressText(body.Call.Contract),
                _ => null,
            },
            TxValue.Of(body),
            receipt?.GasUsed,
            string.IsNullOrEmpty(receipt?.Error) ? null : receipt.Error,
            receipt is null ? null : AddressText(receipt.ContractAddress),
            receipt is { ReturnData.IsEmpty: false } ? Convert.ToHexStringLower(receipt.ReturnData.Span) : null,
            receipt?.Events.Select(e => new EventView(AddressText(e.Contract), Convert.ToHexStringLower(e.Topic.Span), Convert.ToHexStringLower(e.Data.Span))).ToList() ?? []);
    }

    public void Write(WalletOutput output)
    {
        var fields = new List<(string, string?)>
        {
            ("tx", Hash),
            ("status", Status),
            ("block", BlockHeight is { } height ? $"{height} ({BlockHash![..16]}…)" : null),
            ("from", Sender),
            ("kind", Kind),
            ("to", To),
            ("amount", Amount.ToString("N0", CultureInfo.InvariantCulture)),
            ("nonce", Nonce.ToString(CultureInfo.InvariantCulture)),
            ("gas used", GasUsed is { } used ? $"{used:N0} of {GasLimit:N0}" : null),
            ("error", Error),
            ("contract", ContractAddress),
            ("return data", ReturnData),
        };
        for (var i = 0; i < Events.Count; i++)
            fields.Add(($"event {i}", $"topic {Events[i].Topic[..16]}… data {Events[i].Data}"));
        output.Fields(this, fields);
    }

    public static string StatusText(TxStatus status) => status switch
    {
        TxStatus.Pending => "pending",
        TxStatus.Committed => "committed",
        TxStatus.Failed => "failed",
        _ => "unknown",
    };

    private static string? AddressText(Google.Protobuf.ByteString bytes) => bytes.Length == Address.Length ? new Address(bytes.Span).ToString() : null;
}
