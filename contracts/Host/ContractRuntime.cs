using ChainNode.Contracts.Gas;
using ChainNode.Contracts.Vm;
using ChainNode.Ledger.Contracts;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Transactions;
using ChainNode.Ledger.Types;
using Google.Protobuf;

namespace ChainNode.Contracts.Host;

/// <summary>
/// Runs deploys and calls for the ledger's executor (<see cref="IContractRuntime"/>), and
/// read-only queries for the API. Gas used = the 21,000 every tx costs + (for a deploy) 50 per
/// byte of code + what the VM charged; running out uses the whole limit.
/// </summary>
public sealed class ContractRuntime(VmLimits limits) : IContractRuntime
{
    private readonly ModuleCache _modules = new(limits);

    public ContractRuntime()
        : this(VmLimits.Default)
    {
    }

    public bool IsEnabled => true;

    /// <summary>Gas available to a query; queries cost nothing, this only bounds their work.</summary>
    public const ulong QueryGasLimit = 10_000_000;

    public ContractOutcome Run(VerifiedTransaction tx, BlockContext block, ExecutionState state)
    {
        var body = tx.Body;
        var intrinsic = GasSchedule.Transfer;
        if (body.PayloadCase == TxBody.PayloadOneofCase.Deploy)
            intrinsic += GasTable.DeployPerByte * (ulong)body.Deploy.Code.Length;
        if (body.GasLimit < intrinsic)
            return ContractOutcome.Failed(body.GasLimit, $"out of gas: the deploy needs {intrinsic} gas before running any code, the limit is {body.GasLimit}");
        var host = new ChainContractHost(state, block, _modules);
        var machine = new Machine(host, limits, body.GasLimit - intrinsic);
        try
        {
            return body.PayloadCase == TxBody.PayloadOneofCase.Deploy
                ? Deploy(tx, machine, host, state, intrinsic)
                : Call(tx, machine, host, state, intrinsic);
        }
        catch (OutOfGasException)
        {
            return ContractOutcome.Failed(body.GasLimit, $"out of gas (limit {body.GasLimit})");
        }
        catch (RevertException e)
        {
            return ContractOutcome.Failed(intrinsic + machine.GasUsed, $"reverted: {e.Reason}");
        }
        catch (VmFaultException e)
        {
            return ContractOutcome.Failed(intrinsic + machine.GasUsed, $"failed: {e.Message}");
        }
    }

    private ContractOutcome Deploy(VerifiedTransaction tx, Machine machine, ChainContractHost host, ExecutionState state, ulong intrinsic)
    {
        var deploy = tx.Body.Deploy;
        var code = deploy.Code.ToByteArray();
        Module module;
        try
        {
            module = Module.Parse(code, limits);
            ModuleVerifier.Verify(module, limits);
        }
        catch (InvalidModuleException e)
        {
            return ContractOutcome.Failed(intrinsic, $"invalid contract code: {e.Message}");
        }
        var address = ContractKeys.ContractAddress(tx.SenderAddress, tx.Body.Nonce);
        if (state.Get(ContractKeys.Code(address.Span)) is not null)
            return ContractOutcome.Failed(intrinsic, $"a contract already exists at {address}");
        state.Set(ContractKeys.Code(address.Span), code);
        var account = state.GetAccount(address);
        account.CodeHash = Hash32.Compute(code).ToByteString();
        state.SetAccount(address, account);
        if (deploy.Amount > 0)
            host.Transfer(tx.SenderAddress.ToArray(), address.ToArray(), deploy.Amount);
        var result = machine.Construct(module, new Machine.CallContext(address.ToArray(), tx.SenderAddress.ToArray(), deploy.Amount, 0), deploy.Input.ToByteArray());
        return new ContractOutcome(true, intrinsic + machine.GasUsed, "", host.Events, result, address.ToArray());
    }

    private static ContractOutcome Call(VerifiedTransaction tx, Machine machine, ChainContractHost host, ExecutionState state, ulong intrinsic)
    {
        var call = tx.Body.Call;
        if (call.Contract.Length != Address.Length)
            return ContractOutcome.Failed(intrinsic, $"the contract address must be {Address.Length} bytes, got {call.Contract.Length}");
        var contract = call.Contract.ToByteArray();
        var module = host.LoadModule(contract);
        if (module is null)
            return ContractOutcome.Failed(intrinsic, $"no contract at {new Address(contract)}");
        if (call.Amount > 0)
            host.Transfer(tx.SenderAddress.ToArray(), contract, call.Amount);
        var result = machine.Call(module, new Machine.CallContext(contract, tx.SenderAddress.ToArray(), call.Amount, 0), call.Input.ToByteArray());
        return new ContractOutcome(true, intrinsic + machine.GasUsed, "", host.Events, result, null);
    }

    /// <summary>A read-only call against <paramref name="state"/>: its writes are discarded, and it costs nothing.</summary>
    public QueryResult Query(IStateView state, BlockContext block, Address contract, Address caller, byte[] input)
    {
        var scratch = new ExecutionState(state);
        var host = new ChainContractHost(scratch, block, _modules);
        var machine = new Machine(host, limits, QueryGasLimit);
        var module = host.LoadModule(contract.ToArray());
        if (module is null)
            return new QueryResult(false, [], $"no contract at {contract}", 0);
        try
        {
            var result = machine.Call(module, new Machine.CallContext(contract.ToArray(), caller.ToArray(), 0, 0), input);
            return new QueryResult(true, result, "", machine.GasUsed);
        }
        catch (RevertException e)
        {
            return new QueryResult(false, [], $"reverted: {e.Reason}", machine.GasUsed);
        }
        catch (VmFaultException e)
        {
            return new QueryResult(false, [], e is OutOfGasException ? "out of gas" : $"failed: {e.Message}", machine.GasUsed);
        }
    }
}

public sealed record QueryResult(bool Success, byte[] ReturnData, string Error, ulong GasUsed);
