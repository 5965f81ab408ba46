using ChainNode.Ledger.Chain;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Ledger.Execution;

/// <summary>
/// Applies one verified tx to the state. The <see cref="TransactionPolicy"/> checks that decide
/// whether the tx may be in the block at all (membership, nonce, gas floor, fee) throw
/// <see cref="InapplicableTransactionException"/>;
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
        if (TransactionPolicy.Membership(state, senderAddress) is { } notMember)
            throw new InapplicableTransactionException(notMember);
        var sender = state.GetAccount(senderAddress);
        if (TransactionPolicy.NonceInBlock(body.Nonce, sender.Nonce) is { } wrongNonce)
            throw new InapplicableTransactionException(wrongNonce);
        if (TransactionPolicy.GasLimit(body) is { } gasTooLow)
            throw new InapplicableTransactionException(gasTooLow);
        var cost = UpfrontCost.Of(body, block.GasPrice);
        if (TransactionPolicy.FeeReservable(cost, sender.Balance, body.GasLimit, block.GasPrice) is { } cannotPay)
            throw new InapplicableTransactionException(cannotPay);

        // Reserve the whole fee before any value moves (refunded in part by Settle), so a value
        // that leaves too little for the fee fails the tx instead of wrapping the balance.
        var maxFee = (ulong)cost.MaxFee;
        sender.Balance -= maxFee;
        sender.Nonce++;
        var receipt = new Receipt { TxHash = tx.Hash.ToByteString(), Height = block.Height, Index = index };
        ContractOutcome outcome;
        if (body.PayloadCase == TxBody.PayloadOneofCase.Transfer)
        {
            outcome = Transfer(senderAddress, sender, body.Transfer, state);
        }
        else if (GovernanceExecutor.IsGovernance(body))
        {
            state.SetAccount(senderAddress, sender);
            var governance = GovernanceExecutor.Run(tx, block, state); // rolls back its own refusals
            outcome = new ContractOutcome(governance.Success, GasSchedule.Governance, governance.Error, [], [], null);
            receipt.Warning = governance.Warning;
        }
        else
        {
            state.SetAccount(senderAddress, sender);
            var snapshot = state.Snapshot();
            outcome = Contracts.Run(tx, block, state);
            if (!outcome.Success)
                state.RevertTo(snapshot);
        }
        Settle(senderAddress, body.GasLimit, outcome.GasUsed, maxFee, block, state);

        receipt.Status = outcome.Success ? ReceiptStatus.Success : ReceiptStatus.Failed;
        receipt.GasUsed = outcome.GasUsed;
        receipt.Error = outcome.Error;
        receipt.Events.AddRange(outcome.Events);
        receipt.ReturnData = outcome.ReturnData.Length == 0 ? ByteString.Empty : ByteString.CopyFrom(outcome.ReturnData);
        if (outcome.ContractAddress is { } created)
            receipt.ContractAddress = ByteString.CopyFrom(created);
        state.Set(StateKeys.Receipt(tx.Hash), MessageEncoding.Encode(receipt));
        return receipt;
    }

    private static readonly ContractOutcome TransferDone = new(true, GasSchedule.Transfer, "", [], [], null);

    // The sender's account comes with its nonce taken but not yet stored: a transfer checks
    // everything first and then stores each account once, the sender's even when it fails.
    private static ContractOutcome Transfer(Address from, Account sender, Protos.Transfer transfer, ExecutionState state)
    {
        if (transfer.To.Length != Address.Length)
            return NonceOnly(from, sender, state, $"recipient must be a {Address.Length}-byte address, got {transfer.To.Length} bytes");
        if (TransactionPolicy.ValueAfterFee(sender.Balance, transfer.Amount) is { } shortOfValue)
            return NonceOnly(from, sender, state, shortOfValue.Message);
        var to = new Address(transfer.To.Span);
        if (to == from)
        {
            state.SetAccount(from, sender); // to oneself: only the nonce moves
            return TransferDone;
        }
        var receiver = state.GetAccount(to);
        if (ulong.MaxValue - receiver.Balance < transfer.Amount)
            return NonceOnly(from, sender, state, "the recipient's balance would overflow");
        sender.Balance -= transfer.Amount;
        receiver.Balance += transfer.Amount;
        state.SetAccount(from, sender);
        state.SetAccount(to, receiver);
        return TransferDone;
    }

    private static ContractOutcome NonceOnly(Address from, Account sender, ExecutionState state, string error)
    {
        state.SetAccount(from, sender);
        return ContractOutcome.Failed(GasSchedule.Transfer, error);
    }

    // The used gas goes to the proposer and the rest of the reservation back to the sender; a
    // zero gas price (common on permissioned chains) moves nothing. Coins are only moved here,
    // never created, and genesis bounds the supply, so a credit cannot overflow: checked anyway.
    private static void Settle(Address sender, ulong gasLimit, ulong gasUsed, ulong maxFee, BlockContext block, ExecutionState state)
    {
        if (maxFee == 0)
            return;
        if (gasUsed > gasLimit)
            throw new InvalidOperationException($"a tx used {gasUsed} gas, more than its limit {gasLimit}");
        var fee = gasUsed * block.GasPrice; // at most maxFee, which did not overflow
        Credit(sender, maxFee - fee, state);
        Credit(block.Proposer, fee, state);
    }

    private static void Credit(Address address, ulong coins, ExecutionState state)
    {
        if (coins == 0)
            return;
        var account = state.GetAccount(address);
        account.Balance = checked(account.Balance + coins);
        state.SetAccount(address, account);
    }
}
