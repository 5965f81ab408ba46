using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// Applies one verified tx to the state. Checks that decide whether the tx may be in the block
/// at all (membership, nonce, gas floor, fee) throw <see cref="InapplicableTransactionException"/>;
/// anything after that (insufficient balance, a failed contract) produces a failed receipt, with
/// the nonce and the fee consumed and every other effect rolled back.
/// </summary>
public sealed class TransactionExecutor(IContractRuntime contracts)
{
    public IContractRuntime Contracts { get; } = contracts;

    public Receipt Apply(VerifiedTransaction tx, BlockContext block, uint index, ExecutionState state)
    {
        var body = tx.Body;
        var senderAddress = tx.SenderAddress;
        if (!state.IsMember(senderAddress))
            throw new InapplicableTransactionException(InapplicableReason.NotMember, $"sender {senderAddress} is not a member of this network");
        var sender = state.GetAccount(senderAddress);
        if (body.Nonce != sender.Nonce)
        {
            throw body.Nonce < sender.Nonce
                ? new InapplicableTransactionException(InapplicableReason.NonceTooLow, $"nonce {body.Nonce} was already used; the account's next nonce is {sender.Nonce}")
                : new InapplicableTransactionException(InapplicableReason.NonceTooHigh, $"nonce {body.Nonce} is ahead of the account's next nonce {sender.Nonce}");
        }
        if (body.GasLimit < GasSchedule.Transfer)
            throw new InapplicableTransactionException(InapplicableReason.GasLimitTooLow, $"gas limit {body.GasLimit} is below the {GasSchedule.Transfer} every tx costs");
        var maxFee = MulOrNull(body.GasLimit, block.GasPrice);
        if (maxFee is null || sender.Balance < maxFee)
            throw new InapplicableTransactionException(InapplicableReason.CannotPayFee, $"balance {sender.Balance} cannot cover the maximum fee of {body.GasLimit} gas at price {block.GasPrice}");

        sender.Nonce++;
        state.SetAccount(senderAddress, sender);
        var receipt = new Receipt { TxHash = tx.Hash.ToByteString(), Height = block.Height, Index = index };
        var snapshot = state.Snapshot();
        var outcome = body.PayloadCase == TxBody.PayloadOneofCase.Transfer
            ? Transfer(senderAddress, sender, body.Transfer, state)
            : Contracts.Run(tx, block, state);
        if (!outcome.Success)
            state.RevertTo(snapshot);
        ChargeFee(senderAddress, outcome.GasUsed, block, state);

        receipt.Status = outcome.Success ? ReceiptStatus.Success : ReceiptStatus.Failed;
        receipt.GasUsed = outcome.GasUsed;
        receipt.Error = outcome.Error;
        receipt.Events.AddRange(outcome.Events);
        receipt.ReturnData = ByteString.CopyFrom(outcome.ReturnData);
        if (outcome.ContractAddress is { } created)
            receipt.ContractAddress = ByteString.CopyFrom(created);
        state.Set(StateKeys.Receipt(tx.Hash), receipt.ToByteArray());
        return receipt;
    }

    // The sender's account is passed in as just stored (nonce taken), not read and parsed again.
    private static ContractOutcome Transfer(Address from, Account sender, Protos.Transfer transfer, ExecutionState state)
    {
        if (transfer.To.Length != Address.Length)
            return ContractOutcome.Failed(GasSchedule.Transfer, $"recipient must be a {Address.Length}-byte address, got {transfer.To.Length} bytes");
        var to = new Address(transfer.To.Span);
        if (sender.Balance < transfer.Amount)
            return ContractOutcome.Failed(GasSchedule.Transfer, $"insufficient balance: {sender.Balance} available, {transfer.Amount} needed");
        sender.Balance -= transfer.Amount;
        state.SetAccount(from, sender);
        var receiver = state.GetAccount(to);
        if (ulong.MaxValue - receiver.Balance < transfer.Amount)
            return ContractOutcome.Failed(GasSchedule.Transfer, "the recipient's balance would overflow");
        receiver.Balance += transfer.Amount;
        state.SetAccount(to, receiver);
        return new ContractOutcome(true, GasSchedule.Transfer, "", [], [], null);
    }

    // Fees go to the proposer; a zero gas price (common on permissioned chains) moves nothing.
    private static void ChargeFee(Address sender, ulong gasUsed, BlockContext block, ExecutionState state)
    {
        var fee = gasUsed * block.GasPrice; // cannot overflow: gasUsed <= gas limit, whose fee was checked
        if (fee == 0 || sender == block.Proposer)
            return;
        var payer = state.GetAccount(sender);
        payer.Balance -= fee;
        state.SetAccount(sender, payer);
        var proposer = state.GetAccount(block.Proposer);
        proposer.Balance += fee;
        state.SetAccount(block.Proposer, proposer);
    }

    private static ulong? MulOrNull(ulong a, ulong b) => b == 0 ? 0 : a > ulong.MaxValue / b ? null : a * b;
}
