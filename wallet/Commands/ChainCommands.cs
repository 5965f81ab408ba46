using System.CommandLine;
using System.Globalization;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using ChainNode.Wallet.Cli;
using ChainNode.Wallet.Keys;

namespace ChainNode.Wallet.Commands;

/// <summary><c>status</c>, <c>balance</c>, <c>account</c>, <c>transfer</c>, <c>tx</c> and <c>block</c>.</summary>
public static class ChainCommands
{
    public static IEnumerable<Command> Create() => [Status(), Balance(), Account(), Transfer(), Tx(), Block()];

    public static readonly Option<bool> Wait = new("--wait") { Description = "Wait until the tx is committed or failed, showing progress." };
    public static readonly Option<int> Timeout = new("--timeout") { Description = "Seconds --wait waits before giving up.", DefaultValueFactory = _ => 60 };
    public static readonly Option<ulong?> Nonce = new("--nonce") { Description = "Use this nonce instead of asking the node for the next one." };

    public static WalletKey Unlock(WalletContext context, string keyName)
    {
        var file = context.Keys.Load(keyName);
        return file.Open(context.Passphrase.Get($"unlock key '{file.Name}'"));
    }

    private static Command Status()
    {
        var command = new Command("status", "Show the node's chain, height, view, primary, mempool and peers.");
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            using var node = context.Connect();
            var s = await node.CallAsync(c => c.GetStatusAsync());
            var peers = s.Peers.Select(p => new { p.Name, p.Address, p.Connected, p.Height, lastSeenUnixMs = p.LastSeenUnixMs }).ToList();
            context.Output.Fields(new
            {
                node = node.Node.ToString(),
                s.ChainId,
                s.NodeName,
                s.Height,
                headHash = Convert.ToHexStringLower(s.HeadHash.Span),
                s.View,
                s.Primary,
                s.MempoolSize,
                peers,
            },
            [
                ("node", $"{s.NodeName} at {node.Node}"),
                ("chain", s.ChainId),
                ("height", s.Height.ToString("N0", CultureInfo.InvariantCulture)),
                ("head", Convert.ToHexStringLower(s.HeadHash.Span)),
                ("view", $"{s.View} (primary: validator {s.Primary})"),
                ("mempool", $"{s.MempoolSize} txs"),
                ("peers", string.Join(", ", s.Peers.Select(p => $"{p.Name} {(p.Connected ? "up" : "down")} at {p.Height}"))),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Balance()
    {
        var who = new Argument<string>("address") { Description = "An address (cn1…) or a key name." };
        var command = new Command("balance", "Show an account's balance.") { who };
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            var address = InputParsing.Address(parse.GetValue(who)!, context.Keys);
            using var node = context.Connect();
            var account = await node.CallAsync(c => c.GetAccountAsync(address.ToArray()));
            context.Output.Fields(new { address = address.ToString(), account.Balance, account.Height },
                [("address", address.ToString()), ("balance", account.Balance.ToString("N0", CultureInfo.InvariantCulture)), ("as of block", account.Height.ToString(CultureInfo.InvariantCulture))]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Account()
    {
        var who = new Argument<string>("address") { Description = "An address (cn1…) or a key name." };
        var command = new Command("account", "Show an account: balance, nonce, membership and contract code hash.") { who };
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            var address = InputParsing.Address(parse.GetValue(who)!, context.Keys);
            using var node = context.Connect();
            var a = await node.CallAsync(c => c.GetAccountAsync(address.ToArray()));
            var codeHash = a.CodeHash.IsEmpty ? null : Convert.ToHexStringLower(a.CodeHash.Span);
            context.Output.Fields(new { address = address.ToString(), a.Balance, a.Nonce, a.PendingNonce, a.Member, codeHash, a.Height },
            [
                ("address", address.ToString()),
                ("balance", a.Balance.ToString("N0", CultureInfo.InvariantCulture)),
                ("nonce", $"{a.Nonce} (next with pending txs: {a.PendingNonce})"),
                ("member", a.Member ? "yes" : "no"),
                ("contract code", codeHash ?? "none (not a contract)"),
                ("as of block", a.Height.ToString(CultureInfo.InvariantCulture)),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Transfer()
    {
        var from = new Option<string>("--from") { Description = "Key to send from.", Required = true };
        var to = new Option<string>("--to") { Description = "Recipient: an address (cn1…) or a key name.", Required = true };
        var amount = new Option<string>("--amount") { Description = "Coins to send (a whole number).", Required = true };
        var command = new Command("transfer", "Send native coins.") { from, to, amount, Nonce, Wait, Timeout };
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            var recipient = InputParsing.Address(parse.GetValue(to)!, context.Keys);
            var coins = InputParsing.Amount(parse.GetValue(amount)!);
            var key = Unlock(context, parse.GetValue(from)!);
            using var node = context.Connect();
            return await TxSubmitter.SubmitAsync(context, node, key, parse.GetValue(Nonce), GasSchedule.Transfer,
                body => body.Transfer = new Ledger.Protos.Transfer { To = recipient.ToByteString(), Amount = coins },
                parse.GetValue(Wait), TimeSpan.FromSeconds(parse.GetValue(Timeout)));
        });
        return command;
    }

    private static Command Tx()
    {
        var hash = new Argument<string>("hash") { Description = "Tx hash (64 hex characters)." };
        var command = new Command("tx", "Show a tx: status (pending, committed, failed), block, receipt and events.") { hash };
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            var txHash = InputParsing.Hash(parse.GetValue(hash)!, "a tx hash");
            using var node = context.Connect();
            var tx = await node.CallAsync(c => c.GetTxAsync(txHash.ToArray()));
            TxView.From(txHash.ToString(), tx).Write(context.Output);
            return tx.Status == TxStatus.Failed ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    private static Command Block()
    {
        var which = new Argument<string>("block") { Description = "A height, a block hash, or 'latest'." };
        var command = new Command("block", "Show a block: header, txs and the validators who signed its certificate.") { which };
        command.SetAction(async (parse, _) =>
        {
            var context = new WalletContext(parse);
            var text = parse.GetValue(which)!;
            var request = text == "latest" ? new GetBlockRequest { Latest = true }
                : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var height) ? new GetBlockRequest { Height = height }
                : new GetBlockRequest { Hash = InputParsing.Hash(text, "a block hash").ToByteString() };
            using var node = context.Connect();
            var block = await node.CallAsync(c => c.GetBlockAsync(request));
            var h = block.Header;
            var txs = block.Block.Block.Transactions.Select(t => Hash32.Compute(t.Body.Span).ToString()).ToList();
            var signers = block.Block.Certificate?.Signatures.Select(s => s.ValidatorIndex).ToList() ?? [];
            var time = DateTimeOffset.FromUnixTimeMilliseconds(h.TimestampMs).ToString("u", CultureInfo.InvariantCulture);
            context.Output.Fields(new
            {
                h.Height,
                hash = Convert.ToHexStringLower(block.BlockHash.Span),
                previousHash = Convert.ToHexStringLower(h.PreviousHash.Span),
                stateRoot = Convert.ToHexStringLower(h.StateRoot.Span),
                txRoot = Convert.ToHexStringLower(h.TxRoot.Span),
                proposer = h.Proposer.Length == Address.Length ? new Address(h.Proposer.Span).ToString() : null,
                h.TimestampMs,
                h.View,
                certificateView = block.Block.Certificate?.View,
                signers,
                txs,
            },
            [
                ("height", h.Height.ToString(CultureInfo.InvariantCulture)),
                ("hash", Convert.ToHexStringLower(block.BlockHash.Span)),
                ("previous", Convert.ToHexStringLower(h.PreviousHash.Span)),
                ("time", time),
                ("view", h.View.ToString(CultureInfo.InvariantCulture)),
                ("state root", Convert.ToHexStringLower(h.StateRoot.Span)),
                ("signed by", signers.Count == 0 ? "(genesis: no certificate)" : "validators " + string.Join(", ", signers)),
                ("txs", txs.Count == 0 ? "none" : $"{txs.Count}: " + string.Join(" ", txs.Take(10)) + (txs.Count > 10 ? " …" : "")),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }
}
