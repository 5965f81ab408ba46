using System.Net;

namespace ChainNode.Node.Hosting;

/// <summary>
/// Counts what clients hold open (connections of one port, event streams, running queries), in
/// total and per client address, and turns away one that would pass either bound. Addresses in
/// <c>reserved</c> (the validators' own, on the peer port) are counted in a budget of their
/// own, so strangers filling the port never lock peers out. Thread-safe.
/// </summary>
public sealed class ConcurrencyGate(PortBudget budget, IReadOnlySet<IPAddress>? reserved = null, PortBudget? reservedBudget = null)
{
    public enum Refusal { Total, PerAddress }

    /// <summary>The metric label of a refusal.</summary>
    public static string Token(Refusal refusal) => refusal == Refusal.Total ? "total" : "per_address";

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private int _open;
    private int _openReserved;

    public PortBudget Budget => budget;

    public int Open
    {
        get
        {
            lock (_gate)
                return _open + _openReserved;
        }
    }

    /// <summary>A lease to dispose when the connection (stream, query) ends, or null and the reason it is refused.</summary>
    public IDisposable? TryEnter(IPAddress? client, out Refusal refusal)
    {
        var address = Normalize(client ?? IPAddress.None);
        var isReserved = reserved?.Contains(address) == true && reservedBudget is not null;
        var limits = isReserved ? reservedBudget! : budget;
        lock (_gate)
        {
            var fromAddress = _perAddress.GetValueOrDefault(address);
            if ((isReserved ? _openReserved : _open) >= limits.MaxConnections)
            {
                refusal = Refusal.Total;
                return null;
            }
            if (fromAddress >= limits.MaxPerAddress)
            {
                refusal = Refusal.PerAddress;
                return null;
            }
            _perAddress[address] = fromAddress + 1;
            if (isReserved)
                _openReserved++;
            else
                _open++;
        }
        refusal = default;
        return new Lease(this, address, isReserved);
    }

    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private void Leave(IPAddress address, bool isReserved)
    {
        lock (_gate)
        {
            var left = _perAddress[address] - 1;
            if (left == 0)
                _perAddress.Remove(address);
            else
                _perAddress[address] = left;
            if (isReserved)
                _openReserved--;
            else
                _open--;
        }
    }

    private sealed class Lease(ConcurrencyGate gate, IPAddress address, bool isReserved) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
                gate.Leave(address, isReserved);
        }
    }
}
