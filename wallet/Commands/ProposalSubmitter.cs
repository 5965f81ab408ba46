using System.Globalization;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;
using ChainNode.Rpc.Api;
using ChainNode.Wallet.Cli;

namespace ChainNode.Wallet.Commands;

/// <summary>
/// Submits a governance tx (a proposal carrying the sender's approval, or an approval), waits for
/// it to commit, and prints the proposal's status; with --wait, also until the proposal is
/// executed, expired or failed.
/// </summary>
public static class ProposalSubmitter
{
    /// <summary>Gas reserved for a governance tx; unused gas is refunded, and a devnet's gas price is 0.</summary>
    public const ulong DefaultGas = 100_000;

    public sealed record Options(string From, ulong? Nonce, ulong Gas, bool Wait, TimeSpan Timeout);

    public static Task<int> ProposeAsync(WalletContext context, Options options, GovernanceAction action) =>
        SubmitAsync(context, options, body => body.Propose = new GovernancePropose { Action = action }, null);

    public static Task<int> ApproveAsync(WalletContext context, Options options, Hash32 id) =>
        SubmitAsync(context, options, body => body.Approve = new GovernanceApprove { ProposalId = id.ToByteString() }, id);

    private static async Task<int> SubmitAsync(WalletContext context, Options options, Action<TxBody> payload, Hash32? approving)
    {
        var key = ChainCommands.Unlock(context, options.From);
        using var node = context.Connect();
        var (hash, _) = await TxSubmitter.SendAsync(node, key, options.Nonce, options.Gas, payload);
        var tx = await TxSubmitter.WaitAsync(context, node, hash.ToArray(), hash.ToString(), options.Timeout);
        if (tx.Status == TxStatus.Failed)
            throw new WalletException(ExitCodes.Failed, $"governance tx {hash} failed in block {tx.BlockHeight}: {tx.Receipt?.Error}");
        var id = approving ?? hash;
        var proposal = (await node.CallAsync(c => c.GetProposalAsync(id.ToArray()))).Proposal;
        if (options.Wait && proposal.Status == ProposalStatus.Pending)
            proposal = await WaitForOutcomeAsync(context, node, id, options.Timeout);
        var summary = ProposalSummary.From(proposal);
        Write(context.Output, summary, hash.ToString(), tx.BlockHeight);
        if (proposal.Status == ProposalStatus.Pending)
            context.Output.Note($"other admins approve it with: chain-wallet admin approve {summary.Id}");
        return proposal.Status is ProposalStatus.Expired or ProposalStatus.Failed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static Task<Proposal> WaitForOutcomeAsync(WalletContext context, NodeConnection node, Hash32 id, TimeSpan timeout) =>
        ProgressPoll.UntilAsync(context, "waiting for approvals", timeout,
            async () =>
            {
                var p = (await node.CallAsync(c => c.GetProposalAsync(id.ToArray()))).Proposal;
                return (p.Status == ProposalStatus.Pending ? null : p, $"proposal {id.ToString()[..16]}… {GovernanceText.StatusLine(p)}");
            },
            () => $"proposal {id} was still pending after {timeout.TotalSeconds:F0} s; check later with: chain-wallet admin proposals");

    public static void Write(WalletOutput output, ProposalSummary p, string? txHash = null, ulong? txHeight = null) =>
        output.Fields(txHash is null ? p : new { txHash, proposal = p },
        [
            ("proposal", p.Id),
            ("action", p.Action),
            ("status", p.StatusLine),
            ("proposer", p.Proposer),
            ("approvals", p.Approvals.Count == 0 ? "none" : string.Join(", ", p.Approvals)),
            ("created at", p.CreatedHeight.ToString(CultureInfo.InvariantCulture)),
            ("tx", txHash is null ? null : $"{txHash} (block {txHeight})"),
        ]);
}
