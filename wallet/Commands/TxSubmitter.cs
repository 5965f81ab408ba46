using System.Diagnostics;
using ChainNode.Ledger.Crypto;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Rpc.Api;
using ChainNode.Wallet.Cli;
using Spectre.Console;

namespace ChainNode.Wallet.Commands;

/// <summary>
/// Signs and submits a tx: the chain id and (unless --nonce) the next nonce come from the node;
/// with --wait it follows the tx until it is committed or failed, showing progress, up to a timeout.
/// </summary>
public static class TxSubmitter
{
    public static async Task<int> SubmitAsync(WalletContext context, NodeConnection node, PrivateKey key, ulong? nonce, ulong gas,
        Action<TxBody> payload, bool wait, TimeSpan timeout)
    {
        var status = await node.CallAsync(c => c.GetStatusAsync());
        var next = nonce ?? (await node.CallAsync(c => c.GetAccountAsync(key.Address.ToArray()))).PendingNonce;
        var body = new TxBody { ChainId = status.ChainId, SenderPublicKey = key.PublicKey.ToByteString(), Nonce = next, GasLimit = gas };
        payload(body);
        var tx = TransactionCodec.Sign(body, key);
        var hash = TransactionCodec.HashOf(tx).ToString();
        await node.CallAsync(c => c.SubmitTxAsync(tx));
        if (!wait)
        {
            context.Output.Fields(new { hash, status = "accepted", nonce = next }, [("tx", hash), ("status", "accepted (pending)"), ("nonce", next.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            return ExitCodes.Ok;
        }
        var final = await WaitAsync(context, node, TransactionCodec.HashOf(tx).ToArray(), hash, timeout);
        TxView.From(hash, final).Write(context.Output);
        return final.Status == TxStatus.Committed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    public static async Task<GetTxResponse> WaitAsync(WalletContext context, NodeConnection node, byte[] hash, string hashText, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        async Task<GetTxResponse> Poll(Action<string> progress)
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            while (true)
            {
                var tx = await node.CallAsync(c => c.GetTxAsync(hash));
                if (tx.Status is TxStatus.Committed or TxStatus.Failed)
                    return tx;
                if (clock.Elapsed > timeout)
                    throw new WalletException(ExitCodes.Timeout, $"tx {hashText} was still {TxView.StatusText(tx.Status)} after {timeout.TotalSeconds:F0} s; check later with: chain-wallet tx {hashText}");
                progress($"waiting for tx {hashText[..16]}… to commit ({clock.Elapsed.TotalSeconds:F1} s)");
                await tick.WaitForNextTickAsync();
            }
        }
        if (!context.Output.IsJson && !Console.IsErrorRedirected && !Console.IsOutputRedirected)
            return await AnsiConsole.Status().StartAsync("submitted; waiting for commit", async status => await Poll(text => status.Status(text)));
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
