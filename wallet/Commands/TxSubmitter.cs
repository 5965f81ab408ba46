using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using ChainNode.Wallet.Cli;
using ChainNode.Wallet.Keys;

namespace ChainNode.Wallet.Commands;

/// <summary>
/// Signs and submits a tx: the chain id and (unless --nonce) the next nonce come from the node;
/// with --wait it follows the tx until it is committed or failed, showing progress, up to a timeout.
/// </summary>
public static class TxSubmitter
{
    public static async Task<int> SubmitAsync(WalletContext context, NodeConnection node, WalletKey key, ulong? nonce, ulong gas,
        Action<TxBody> payload, bool wait, TimeSpan timeout)
    {
        var (hash, next) = await SendAsync(node, key, nonce, gas, payload);
        var hashText = hash.ToString();
        if (!wait)
        {
            context.Output.Fields(new { hash = hashText, status = "accepted", nonce = next }, [("tx", hashText), ("status", "accepted (pending)"), ("nonce", next.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            return ExitCodes.Ok;
        }
        var final = await WaitAsync(context, node, hash.ToArray(), hashText, timeout);
        TxView.From(hashText, final).Write(context.Output);
        return final.Status == TxStatus.Committed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Signs and submits; returns the tx hash and the nonce used.</summary>
    public static async Task<(Hash32 Hash, ulong Nonce)> SendAsync(NodeConnection node, WalletKey key, ulong? nonce, ulong gas, Action<TxBody> payload)
    {
        var status = await node.CallAsync(c => c.GetStatusAsync());
        var next = nonce ?? (await node.CallAsync(c => c.GetAccountAsync(key.Address.ToArray()))).PendingNonce;
        var body = new TxBody { ChainId = status.ChainId, SenderPublicKey = Google.Protobuf.ByteString.CopyFrom(key.PublicKeyBytes), Nonce = next, GasLimit = gas };
        payload(body);
        var tx = TxSigning.Sign(body, key);
        await node.CallAsync(c => c.SubmitTxAsync(tx));
        return (TxSigning.HashOf(tx), next);
    }

    public static Task<GetTxResponse> WaitAsync(WalletContext context, NodeConnection node, byte[] hash, string hashText, TimeSpan timeout) =>
        ProgressPoll.UntilAsync(context, "submitted; waiting for commit", timeout,
            async () =>
            {
                var tx = await node.CallAsync(c => c.GetTxAsync(hash));
                return (tx.Status is TxStatus.Committed or TxStatus.Failed ? tx : null, $"waiting for tx {hashText[..16]}… to commit");
            },
            () => $"tx {hashText} was not committed after {timeout.TotalSeconds:F0} s; check later with: chain-wallet tx {hashText}");
}
