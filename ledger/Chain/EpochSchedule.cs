using ChainNode.Ledger.Blocks;
using ChainNode.Ledger.Execution;
using ChainNode.Ledger.Genesis;
using ChainNode.Ledger.Governance;
using ChainNode.Ledger.Protos;
using ChainNode.Ledger.Types;

namespace ChainNode.Ledger.Chain;

/// <summary>
/// The validator set in force at each height, for <see cref="LedgerVerifier"/>: from the final
/// state's epoch history, or from a replay that re-executes each block after its certificate
/// was checked (and checks its state root).
/// </summary>
internal abstract class EpochSchedule
{
    public abstract ValidatorSet ValidatorsAt(ulong height);

    /// <summary>Called once block <paramref name="block"/> has passed every other check; returns a problem or null.</summary>
    public abstract string? Apply(DecodedBlock block);

    public static EpochSchedule FromFinalState(ChainStore chain) => new Recorded(chain.State.ReadEpochs(), chain.Genesis);

    public static EpochSchedule Replaying(ChainStore chain, BlockExecutor executor) => new Replayed(chain.Genesis, executor);

    private sealed class Recorded : EpochSchedule
    {
        private readonly EpochHistory _history;
        private readonly Dictionary<ulong, ValidatorSet> _sets = [];

        public Recorded(EpochHistory history, GenesisConfig genesis)
        {
            var first = ValidatorEpoch.ToRecord(1, genesis.Validators, genesis.Parameters);
            if (history.Epochs.Count == 0 || !history.Epochs[0].Equals(first))
                throw new LedgerCorruptException("The state's first epoch is not the validator set and parameters of the genesis file.");
            for (var i = 1; i < history.Epochs.Count; i++)
            {
                if (history.Epochs[i].StartHeight <= history.Epochs[i - 1].StartHeight)
                    throw new LedgerCorruptException($"The state's epoch history is out of order at epoch {i} (start height {history.Epochs[i].StartHeight}).");
            }
            _history = history;
        }

        public override ValidatorSet ValidatorsAt(ulong height)
        {
            var epoch = _history.At(height);
            if (!_sets.TryGetValue(epoch.StartHeight, out var set))
                _sets[epoch.StartHeight] = set = ValidatorEpoch.From(epoch).Validators;
            return set;
        }

        public override string? Apply(DecodedBlock block) => null;
    }

    private sealed class Replayed : EpochSchedule
    {
        private readonly BlockExecutor _executor;
        private readonly ReplayedState _state;
        private Hash32 _root;

        public Replayed(GenesisConfig genesis, BlockExecutor executor)
        {
            var (block, state) = GenesisBlock.Create(genesis);
            (_executor, _state, _root) = (executor, new ReplayedState(state), new Hash32(block.Header.StateRoot.Span));
        }

        public override ValidatorSet ValidatorsAt(ulong height) => _state.EpochAt(height).Validators;

        public override string? Apply(DecodedBlock block)
        {
            ExecutionResult result;
            try
            {
                result = _executor.Execute(block, _state, _root);
            }
            catch (BlockExecutionException e)
            {
                return $"re-executing the block fails: {e.Message}";
            }
            if (result.StateRootProblem(block.Header) is { } problem)
                return problem;
            _state.Apply(result.Changes);
            _root = result.StateRoot;
            return null;
        }
    }
}
