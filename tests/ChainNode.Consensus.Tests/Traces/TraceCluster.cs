using ChainNode.Consensus.Pbft;
using ChainNode.Consensus.Protos;
using ChainNode.Ledger.Blocks;
using ChainNode.Simulation;
using ChainNode.Simulation.Reconfiguration;

namespace ChainNode.Consensus.Tests.Traces;

/// <summary>
/// Nodes running the node's <see cref="Consensus.Hosting.ReplicaHost"/> over a scripted network,
/// moved only by explicit inputs: ticks, deliveries, drops, crashes, restarts and proposals. Each
/// node keeps its consensus records and ledger across a crash (<see cref="SimReplica"/>).
/// Everything it logs follows from the inputs alone: lists in send order, no clock, no randomness.
/// </summary>
internal sealed class TraceCluster
{
    private readonly TraceShell[] _shells;
    private readonly List<string> _output = [];
    private readonly List<SimCommand> _queuedChanges = [];
    private ushort _nextChangeId = 1;
    private string _prefix = "";

    /// <param name="validators">Nodes 0..validators-1 form the first set; nodes after them are spares that follow until added.</param>
    /// <param name="retryTicks">How long a stalled host waits before fetching blocks again (<see cref="Consensus.Hosting.ReplicaEpoch.RetryTicks"/>).</param>
    public TraceCluster(int validators, int spares, ConsensusConfig template, bool autoPropose, int retryTicks)
    {
        RetryTicks = retryTicks;
        Template = template;
        AutoPropose = autoPropose;
        Network = new TraceNetwork(Log);
        Epochs = new EpochRegistry(validators);
        Nodes = Enumerable.Range(0, validators + spares).Select(i => new SimReplica(i, null)).ToArray();
        _shells = Nodes.Select(n => new TraceShell(this, n)).ToArray();
        foreach (var node in Nodes)
            node.Start(_shells[node.Index]);
    }

    public ConsensusConfig Template { get; }

    public bool AutoPropose { get; }

    public int RetryTicks { get; }

    public TraceNetwork Network { get; }

    public EpochRegistry Epochs { get; }

    public IReadOnlyList<SimReplica> Nodes { get; }

    public IEnumerable<int> NodeIds => Nodes.Select(n => n.Index);

    /// <summary>Ticks so far.</summary>
    public long Now { get; private set; }

    /// <summary>Every message delivered so far, in order: a corpus of valid traffic.</summary>
    public List<SignedMessage> Delivered { get; } = [];

    public void Log(string line) => _output.Add(_prefix + line);

    /// <summary>What was logged since the last call.</summary>
    public List<string> TakeOutput()
    {
        var lines = _output.ToList();
        _output.Clear();
        return lines;
    }

    public SimReplica Node(int id) =>
        id >= 0 && id < Nodes.Count ? Nodes[id] : throw new TraceScriptException($"there is no node r{id} (nodes r0..r{Nodes.Count - 1})");

    public void Tick(IEnumerable<int>? only = null)
    {
        Now++;
        foreach (var node in Nodes.Where(n => only is null || only.Contains(n.Index)))
            node.Host?.Tick();
    }

    /// <summary>Delivers the matching messages in flight now, in send order; what they cause stays in flight.</summary>
    public void Deliver(MessageFilter filter)
    {
        foreach (var message in Network.Take(filter))
        {
            if (Nodes[message.To].Host is not { } host)
            {
                Log($"{message}: lost (r{message.To} is down)");
                continue;
            }
            Delivered.Add(message.Message);
            var outcome = host.Step(message.Message);
            // Logged after the step, so what the receiver did in answer (persist, commit) comes first, as it happened.
            Log($"{message}: {Describe(outcome)}");
        }
    }

    /// <summary>Rounds of "deliver everything in flight, then tick every node" until every up node committed <paramref name="height"/>.</summary>
    public void Run(ulong? height, int maxTicks)
    {
        for (var rounds = 0; rounds < maxTicks && !(height is { } h && Nodes.Where(n => n.IsUp).All(n => n.CommittedHeight >= h)); rounds++)
        {
            _prefix = $"t={Now + 1} ";
            Deliver(new MessageFilter(null, null, null));
            Tick();
            _prefix = "";
        }
        Log($"stopped at t={Now}: heights [{string.Join(",", Nodes.Select(n => n.CommittedHeight))}], "
            + $"views [{string.Join(",", Nodes.Select(n => n.Host is { } host ? host.View.ToString() : "-"))}]");
    }

    public void Crash(int id)
    {
        var node = Node(id);
        node.Crash();
        _shells[id].WaitingProposal = null;
        Log($"r{id} crashes at height {node.CommittedHeight}");
    }

    public void Restart(int id)
    {
        var node = Node(id);
        if (node.IsUp)
            throw new TraceScriptException($"r{id} is up; crash it first");
        node.Start(_shells[id]);
        Log($"r{id} restarts at height {node.CommittedHeight}: {TraceFormat.Persisted(node)}");
    }

    /// <summary>Queues validator-set changes for the next block any node builds.</summary>
    public void QueueChange(SimCommandKind kind, int node) => _queuedChanges.Add(new SimCommand(_nextChangeId++, kind, node));

    /// <summary>Answers the proposal <paramref name="id"/> was asked for with a block (carrying any queued changes).</summary>
    public void Propose(int id)
    {
        var node = Node(id);
        var shell = _shells[id];
        if (shell.WaitingProposal is not { } request)
            throw new TraceScriptException($"r{id} was not asked to propose");
        shell.WaitingProposal = null;
        var changes = _queuedChanges.ToList();
        _queuedChanges.Clear();
        var block = SimBlocks.Create(request.Height, request.View, request.ParentHash, id, System.Text.Encoding.UTF8.GetBytes($"h{request.Height} v{request.View}"),
            changes: changes.Count > 0 ? SimCommand.Encode(changes) : null);
        Epochs.Register(DecodedBlock.From(block), out _);
        Log($"r{id} proposes h={request.Height} v={request.View} {TraceLog.Abbreviate(DecodedBlock.From(block).Hash.Span)}"
            + (changes.Count > 0 ? $" with {string.Join(", ", changes)}" : ""));
        var outcome = node.Host!.Propose(block);
        if (outcome.Result != StepResult.Accepted)
            Log($"r{id}'s proposal: {Describe(outcome)}");
    }

    /// <summary>
    /// A PRE-PREPARE that node <paramref name="from"/> signs for a block other than the one it
    /// proposed (an equivocating primary), put in flight to <paramref name="to"/>.
    /// </summary>
    public void Forge(int from, int to, ulong height, ulong view)
    {
        var sender = Node(from);
        var parent = height == 1 ? SimBlocks.GenesisHash : sender.Ledger[(int)height - 2].Hash;
        var block = SimBlocks.Create(height, view, parent, from, "forged"u8);
        Epochs.Register(DecodedBlock.From(block), out _);
        var signer = new SimAuthenticator(from, Nodes.Count);
        var message = MessageDigest.Sign(SimBlocks.GenesisHash, sender.Host!.Epoch.StartHeight, MessageKind.PrePrepare, sender.Set!.IndexOf(from),
            new PrePrepare { View = view, Height = height, Block = block }, signer);
        var forged = new InFlight(from, to, message);
        Network.Send(forged);
        Log($"forged {forged}");
    }

    public static string Describe(StepOutcome outcome) => outcome.Reason is null ? $"{outcome.Result}" : $"{outcome.Result} ({outcome.Reason})";
}
